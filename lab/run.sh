#!/usr/bin/env bash
# lab/run.sh [--backend nft|legacy] SCENARIO OUTDIR
#
# Runs one scenario (lab/SCENARIOS.md) on real Docker inside the lab's network namespaces
# and writes a snapshot (data/reference/formats.md section 2) into OUTDIR:
#   before.rules after.rules ip-addr.json ip-route.json bridge-link.json
#   trace.txt (nft) or trace-legacy.txt (legacy) capture.pcap conntrack-before.txt
#   conntrack.txt scenario.txt meta.json traffic.log
# --igmp-reports keeps the kernel's IGMP reports for link-local groups (the lab turns them
# off: lib.sh lab_net), to record background traffic on purpose.
# --pause-dir DIR (./nflab watch): the traffic runs one action at a time; before the first and
# after each action N, once its packets have settled, iptables-save -c goes to DIR/N.rules,
# DIR/N.done is created and the run waits for DIR/N.go (the host files are in OUTDIR before the
# traffic, so that the run so far can be replayed). The run stops if its parent process ends.
# Progress goes to stderr; on failure it exits non-zero with a one-line reason: 75 when the trace
# recorder itself failed (xtables-monitor's netlink buffer overflowed), so that running the
# scenario again is the fix.
set -euo pipefail
# shellcheck source=lab/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { echo "usage: lab/run.sh [--backend nft|legacy] [--igmp-reports] [--pause-dir DIR] SCENARIO OUTDIR" >&2; exit 2; }
backend=nft pause_dir=
while [ $# -gt 0 ]; do
  case $1 in
    --backend) [ $# -ge 2 ] || usage; backend=$2; shift 2 ;;
    --backend=*) backend=${1#--backend=}; shift ;;
    --igmp-reports) LAB_IGMP_REPORTS=1; shift ;;
    --pause-dir) [ $# -ge 2 ] || usage; pause_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# = 2 ] || usage
SC_FILE=$1 OUT=$2
case $backend in nft|legacy) ;; *) die "unknown backend $backend (nft or legacy)" ;; esac
parse_file "$SC_FILE" scenario
need_root
if [ -n "$pause_dir" ]; then
  [ -d "$pause_dir" ] || die "--pause-dir $pause_dir: no such directory"
  pause_dir=$(cd "$pause_dir" && pwd)
  PAUSE_WATCHER=$PPID
fi
if [ "$backend" = nft ] && ! command -v xtables-monitor >/dev/null; then die "xtables-monitor not found (iptables >= 1.8)"; fi
{ [ -s "$IMAGE_TAR" ] && [ -x "$NET_BIN" ]; } || die "the lab is not set up: run lab/setup.sh first"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SNAP_FILES=(before.rules after.rules ip-addr.json ip-route.json bridge-link.json trace.txt
            trace-legacy.txt capture.pcap conntrack-before.txt conntrack.txt scenario.txt meta.json traffic.log ufw-output.txt)
for f in "${SNAP_FILES[@]}"; do rm -f "${OUT:?}/$f"; done
t0=$(date +%s.%N)

lab_begin
LAB_HOST_SERVICES=1
lab_up "$backend" "$SC_FLAGS"
run_host_lines scenario

# containers named by the traffic must be running
running=" $(dk ps --format '{{.Names}}' | tr '\n' ' ') "
for i in "${!SC_TRAFFIC[@]}"; do
  from=${SC_TRAFFIC[$i]%% *}
  if [[ $from == container:* ]] && [[ $running != *" ${from#container:} "* ]]; then
    die "$SC_FILE:${SC_TRAFFIC_LN[$i]}: container ${from#container:} is not running"
  fi
done
# the clients in containers back off their SYNs like the others (lab_syn_backoff in lib.sh)
for i in "${!SC_TRAFFIC[@]}"; do
  from=${SC_TRAFFIC[$i]%% *}
  if [[ $from == container:* ]]; then
    pid=$(dk inspect -f '{{.State.Pid}}' "${from#container:}")
    lab_syn_backoff nsenter "--net=/proc/$pid/ns/net"
  fi
done
sleep 0.2   # let the servers in the containers start listening

# ---------------------------------------------------------------- recorders
# Started before the counters are zeroed, so that every packet counted from then on is also in
# the capture and, once the TRACE rules are there, in the trace.
# tcpdump: -U writes each packet at once; --immediate-mode makes libpcap hand over every
# packet at once (without it the packets of the last, unfinished ring block are lost when
# tcpdump is stopped); -B 32768: a 32 MiB ring (with -s 0 a ring slot is as big as the
# largest MTU, lo's 64 KiB, so the default 2 MiB ring drops bursts of ~30 packets).
log "starting tcpdump and the trace recorder"
dlt=(-y LINUX_SLL2)   # libpcap < 1.10 (Ubuntu 20.04's 1.9) lacks it: then LINUX_SLL
dlts=$(in_host tcpdump -i any -L 2>&1 || true)   # (the list is on stderr; no "| grep -q": pipefail)
if [[ $dlts != *LINUX_SLL2* ]]; then
  dlt=(); log "WARNING: tcpdump cannot write LINUX_SLL2 here; capture.pcap is LINUX_SLL"
fi
cg_spawn2 /dev/null "$LAB_LOGS/tcpdump.log" nsenter "--net=/run/netns/$NS_HOST" \
  tcpdump -i any "${dlt[@]}" -s 0 -U --immediate-mode -B 32768 -Z root -w "$OUT/capture.pcap"
tcpdump_pid=$SPAWNED
# The trace recorders run at a higher priority (nice -10): xtables-monitor exits when its netlink
# socket overflows ("cannot receive from nfnetlink socket: No buffer space available"), which a
# loaded machine that leaves it waiting for a CPU caused once (lab/README.md).
if [ "$backend" = nft ]; then
  cg_spawn2 "$OUT/trace.txt" "$LAB_LOGS/trace.log" nsenter "--net=/run/netns/$NS_HOST" \
    env -i PATH="$LAB_RUN/bin:$SYSPATH" nice -n -10 stdbuf -oL xtables-monitor --trace
else
  cg_spawn2 "$OUT/trace-legacy.txt" "$LAB_LOGS/trace.log" nice -n -10 /usr/bin/python3 "$LAB_DIR/kmsg-trace.py"
fi
trace_pid=$SPAWNED
for i in $(seq 1 50); do grep -q 'listening on' "$LAB_LOGS/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
grep -q 'listening on' "$LAB_LOGS/tcpdump.log" || die "tcpdump did not start: $(tail -n 1 "$LAB_LOGS/tcpdump.log")"
sleep 0.3   # xtables-monitor / the kmsg reader have no "ready" message
kill -0 "$trace_pid" 2>/dev/null || die "the trace recorder exited: $(tail -n 1 "$LAB_LOGS/trace.log")"

# ---------------------------------------------------------------- counters, connections, trace rules
# The connection table right after the zeroing: a packet of a connection that began before it
# (the host's own background traffic) is not NEW, and nat does not see it; the replay starts
# from this table so that it does the same.
log "zeroing counters, listing the connection table, appending TRACE rules"
for t in filter nat raw mangle; do ipt -t $t -Z >/dev/null 2>&1 || true; done
in_host conntrack -L > "$OUT/conntrack-before.txt" 2>/dev/null || true
ipt -t raw -A PREROUTING -j TRACE
ipt -t raw -A OUTPUT -j TRACE
in_host_env iptables-save -c > "$OUT/before.rules"
if [ -n "$pause_dir" ]; then
  # the host does not change during the traffic: its files now, for replaying the run so far
  host_files "$OUT"
  printf 'dockerd %s\n' "$SC_FLAGS" > "$OUT/scenario.txt"   # rewritten in full at the end
  cp "$OUT/before.rules" "$pause_dir/0.rules"
  lab_pause "$pause_dir" 0
fi

# ---------------------------------------------------------------- traffic
TRAFFIC_CMDS=()
: > "$OUT/traffic.log"
n=0
for a in "${SC_TRAFFIC[@]}"; do
  n=$((n + 1))
  read -ra w <<< "$a"
  if [ "${w[0]}" = wait ]; then
    sleep "${w[1]}"
    TRAFFIC_CMDS+=("sleep ${w[1]}")
    log "traffic $n/${#SC_TRAFFIC[@]}: $a"
    if [ -n "$pause_dir" ]; then
      lab_settle "$pause_dir/$n.rules"
      lab_pause "$pause_dir" "$n"
    fi
    continue
  fi
  from=${w[0]} verb=${w[1]}
  args=("${w[@]:2}")
  src=""
  case $from in peer) src=$PEER_IP ;; lan) src=$LAN_IP ;; esac
  case $verb in
    http|tcp|udp) tool=(nflab-net "$verb" ${src:+-s "$src"} "${args[@]}") ;;
    ping) tool=(busybox ping -q -c 1 -W 1 ${src:+-I "$src"} "${args[@]}") ;;
  esac
  as=()
  case $from in
    peer|lan) shown="[peer] ${tool[*]}"; ns=$NS_PEER ;;
    host) shown="[host] ${tool[*]}"; ns=$NS_HOST ;;
    host:*)
      # another user: uid and gid UID, no supplementary groups; ping keeps CAP_NET_RAW (busybox
      # ping needs a raw socket), which changes nothing the owner match sees
      uid=${from#host:}; ns=$NS_HOST
      as=(setpriv "--reuid=$uid" "--regid=$uid" --clear-groups)
      [ "$verb" != ping ] || as+=(--inh-caps=+net_raw --ambient-caps=+net_raw)
      shown="[host] ${as[*]} ${tool[*]}" ;;
    container:*) ctr=${from#container:}; shown="docker exec $ctr /bin/${tool[*]}" ;;
  esac
  TRAFFIC_CMDS+=("$shown")
  rc=0
  # what the client received goes to traffic.log (ping's report, with its times, does not)
  dest=$OUT/traffic.log; [ "$verb" = ping ] && dest=$LAB_LOGS/ping.out
  if [[ $from == container:* ]]; then
    dk exec "$ctr" "/bin/${tool[0]}" "${tool[@]:1}" >> "$dest" 2> "$LAB_LOGS/traffic.err" || rc=$?
  else
    bin=$BUSYBOX; [ "${tool[0]}" = nflab-net ] && bin=$NET_BIN
    nsenter "--net=/run/netns/$ns" "${as[@]}" "$bin" "${tool[@]:1}" >> "$dest" 2> "$LAB_LOGS/traffic.err" || rc=$?
  fi
  msg=""; [ $rc = 0 ] || msg=" ($(head -n 1 "$LAB_LOGS/traffic.err"))"
  log "traffic $n/${#SC_TRAFFIC[@]}: $a -> exit $rc$msg"
  if [ -n "$pause_dir" ]; then
    lab_settle "$pause_dir/$n.rules"
    lab_pause "$pause_dir" "$n"
  fi
done
sleep 0.5   # the last ACKs and FINs

# ---------------------------------------------------------------- after
# a trace recorder that ended before it was stopped left an incomplete trace (xtables-monitor
# after an overflow, above): say so rather than write a snapshot the replay cannot explain
trace_state=$(awk '{print $3}' "/proc/$trace_pid/stat" 2>/dev/null || echo gone)
stop_pid "$tcpdump_pid"
stop_pid "$trace_pid"
case $trace_state in
  gone|Z) why=$(tail -n 1 "$LAB_LOGS/trace.log")
    echo "lab: error: the trace recorder ended during the traffic (the trace is incomplete): ${why:-it said nothing}" >&2
    exit 75 ;;   # EX_TEMPFAIL: the instrument failed, not the scenario; run-all.sh runs it again
esac
in_host_env iptables-save -c > "$OUT/after.rules"
# the host namespace's ipset sets, which the set match's rules name (only when there are some)
if command -v ipset >/dev/null && [ -n "$(in_host ipset list -n)" ]; then in_host ipset save > "$OUT/ipsets.save"; fi
host_files "$OUT"
in_host conntrack -L > "$OUT/conntrack.txt" 2>/dev/null || true
[ "$SC_UFW" = 1 ] && cp "$LAB_RUN/ufw-output.txt" "$OUT/ufw-output.txt"
{
  printf 'dockerd %s\n' "$SC_FLAGS"
  echo "--- setup"
  setup=("$PEER_SETUP" "$HOST_SETUP")
  for line in "${SC_PRE[@]}"; do setup+=("[host, before dockerd] $line"); done
  for line in "${SC_HOST[@]}"; do
    case $line in docker\ *) setup+=("$line") ;; *) setup+=("[host] $line") ;; esac
  done
  (IFS=$'\037'; printf '%s' "${setup[*]}") | sed 's/\x1f/; /g'; echo
  echo "--- traffic"
  (IFS=$'\037'; printf '%s' "${TRAFFIC_CMDS[*]}") | sed 's/\x1f/; /g'; echo
} > "$OUT/scenario.txt"
printf '{"kernel": "%s", "iptables": "%s", "docker": "%s"}\n' \
  "$(uname -r)" "$(in_host_env iptables --version)" "$(dk version -f '{{.Server.Version}}')" > "$OUT/meta.json"
# the recorders must have seen the traffic that the counters saw
counted=$(awk '/-j TRACE$/ { gsub(/[\[\]]/, "", $1); split($1, c, ":"); n += c[1] } END { print n + 0 }' "$OUT/after.rules")
if [ "$counted" -gt 0 ]; then
  tf=trace.txt; [ "$backend" = legacy ] && tf=trace-legacy.txt
  [ -s "$OUT/$tf" ] || die "$tf is empty although the TRACE rules counted $counted packets"
  captured=$(tcpdump -r "$OUT/capture.pcap" -nn ip 2>/dev/null | wc -l)
  [ "$captured" -gt 0 ] || die "capture.pcap has no IPv4 packet although the TRACE rules counted $counted"
fi
dropped=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel.*/\1/p' "$LAB_LOGS/tcpdump.log")
if [ "${dropped:-0}" != 0 ]; then
  die "tcpdump lost packets: $(grep -E 'captured|dropped' "$LAB_LOGS/tcpdump.log" | tr '\n' ' ')"
fi

lab_end
log "snapshot written to $OUT ($(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s)"
