#!/usr/bin/env bash
# lab/docker-rules.sh [--backend nft|legacy] FILE.docker OUTDIR
#
# Runs a .docker script (data/reference/formats.md section 1) on real Docker inside
# the lab's host namespace and records, in OUTDIR:
#   NAME.docker       the script (copy)
#   NAME.expected     iptables-save right after the script: no counters, no '#' lines
#   NAME.error        only if Docker refused a line: "line N: <Docker's message>"
#                     (the rest of the script did not run, as formats.md says)
#   ip-addr.json      ip -j addr show
#   ip-route.json     ip -j route show table all
#   ip-route-local.txt  ip route show table local
#   ip-a.txt          ip a
#   ip-link.txt       ip link
#   bridge-link.json  bridge -j link show
#   ss-tlnp.txt, netstat-tlnp.txt  listening TCP sockets (docker-proxy)
#   meta.json         kernel, iptables (with its backend), Docker versions
# and, when the script has ufw lines (run by real ufw with a private configuration, lib.sh
# ufw_private):
#   ufw-output.txt    each ufw line as "$ ufw ...", then what ufw printed (stdout and stderr),
#                     then "[exit N]" if it failed
#   ip6tables.rules   ip6tables-save (no counters, no '#' lines): ufw writes IPv6 rules too
#   user.rules, user6.rules, ufw.conf, default-ufw   ufw's files as the script left them
#   ufw-status.txt    ufw status verbose, at the end
set -euo pipefail
# shellcheck source=lab/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { echo "usage: lab/docker-rules.sh [--backend nft|legacy] FILE.docker OUTDIR" >&2; exit 2; }
backend=nft
while [ $# -gt 0 ]; do
  case $1 in
    --backend) [ $# -ge 2 ] || usage; backend=$2; shift 2 ;;
    --backend=*) backend=${1#--backend=}; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# = 2 ] || usage
SC_FILE=$1 OUT=$2
case $backend in nft|legacy) ;; *) die "unknown backend $backend (nft or legacy)" ;; esac
parse_file "$SC_FILE" docker
need_root
[ -s "$IMAGE_TAR" ] || die "the lab is not set up: run lab/setup.sh first"
name=$(basename "$SC_FILE"); name=${name%.docker}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT/$name.docker" "$OUT/$name.expected" "$OUT/$name.error" "$OUT"/ip-addr.json \
  "$OUT"/ip-route.json "$OUT"/ip-route-local.txt "$OUT"/ip-a.txt "$OUT"/ip-link.txt \
  "$OUT"/bridge-link.json "$OUT"/ss-tlnp.txt "$OUT"/netstat-tlnp.txt "$OUT"/meta.json \
  "$OUT"/ufw-output.txt "$OUT"/ip6tables.rules "$OUT"/user.rules "$OUT"/user6.rules \
  "$OUT"/ufw.conf "$OUT"/default-ufw "$OUT"/ufw-status.txt

lab_begin
lab_up "$backend" "$SC_FLAGS"
run_host_lines docker

cp "$SC_FILE" "$OUT/$name.docker"
[ -n "$HOST_ERROR" ] && printf '%s\n' "$HOST_ERROR" > "$OUT/$name.error"
in_host_env iptables-save | { grep -v '^#' || true; } > "$OUT/$name.expected"
in_host ip -j addr show > "$OUT/ip-addr.json"
in_host ip -j route show table all > "$OUT/ip-route.json"
in_host ip route show table local > "$OUT/ip-route-local.txt"
in_host ip a > "$OUT/ip-a.txt"
in_host ip link > "$OUT/ip-link.txt"
in_host bridge -j link show > "$OUT/bridge-link.json"
command -v ss >/dev/null && in_host ss -tlnp > "$OUT/ss-tlnp.txt"
command -v netstat >/dev/null && in_host netstat -tlnp > "$OUT/netstat-tlnp.txt"
if [ "$SC_UFW" = 1 ]; then
  cp "$LAB_RUN/ufw-output.txt" "$OUT/ufw-output.txt"
  in_host_env ip6tables-save | { grep -v '^#' || true; } > "$OUT/ip6tables.rules"
  for f in user.rules user6.rules ufw.conf; do cp "$LAB_RUN/ufw/etc-ufw/$f" "$OUT/$f"; done
  cp "$LAB_RUN/ufw/default-ufw" "$OUT/default-ufw"
  in_mnt_host ufw status verbose > "$OUT/ufw-status.txt" 2>&1 || true
fi
printf '{"kernel": "%s", "iptables": "%s", "docker": "%s"}\n' \
  "$(uname -r)" "$(in_host_env iptables --version)" "$(dk version -f '{{.Server.Version}}')" > "$OUT/meta.json"

lab_end
log "recorded $name in $OUT${HOST_ERROR:+ (Docker refused $HOST_ERROR)}"
