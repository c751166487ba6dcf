#!/usr/bin/env bash
# lab/iptables-oracle.sh [--out DIR] [--backend legacy|nft|both] [--specs FILE] [--jobs N]
#
# Records what real iptables does with every rule specification of the oracle's spec list
# (data/iptables-oracle/specs.txt): for each `spec SECTION TABLE CHAIN WORDS' line it runs
#   iptables -t TABLE -A CHAIN WORDS...
# and keeps its exit status and every line it wrote to stderr; when the rule went in, also the
# rule lines of `iptables -t TABLE -S CHAIN' and `iptables -t TABLE -L CHAIN -n -v', then
# `iptables -t TABLE -F CHAIN' empties the chain for the next spec. Writes DIR/legacy.txt and
# DIR/nft.txt (default DIR: data/iptables-oracle), and DIR/extensions.txt, the extensions this
# iptables has; the format is in data/reference/formats.md.
# The specs run in N chunks (default 4), each in its own namespace, side by side; the result
# does not depend on N (the chains are emptied between specs, and checked empty at the end).
#
# Root only. Every iptables command runs inside a fresh network namespace (unshare -n), one per
# back end, never in the machine's own: the script re-executes itself there, and the inner part
# refuses to run unless its namespace is new (not the one it was started from, not init's), has
# no interface but lo, and has no rule in either back end. Needs no lab and no Docker.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

die() { echo "iptables-oracle: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- inside the fresh namespace
# inner BACKEND SPECS FIRST LAST OUT OUTER_NETNS: runs in the namespace unshare made; records the
# specs FIRST..LAST (their numbers among the spec lines) into OUT, after a `# VERSION' line.
inner() {
  local backend=$1 specs=$2 first=$3 last=$4 out=$5 outer=$6
  local ipt="iptables-$backend" mine
  mine=$(readlink /proc/self/ns/net)
  [ "$mine" != "$outer" ] || die "not in a fresh network namespace (same as the caller's, $mine)"
  [ "$mine" != "$(readlink /proc/1/ns/net)" ] || die "not in a fresh network namespace (init's, $mine)"
  [ "$(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')" = "lo " ] \
    || die "the namespace has interfaces other than lo: not a fresh one"
  local b
  for b in legacy nft; do
    if "iptables-$b-save" 2>/dev/null | grep -q '^[-:]'; then
      die "iptables-$b already has rules or chains here: not a fresh namespace"
    fi
  done
  command -v "$ipt" >/dev/null || die "$ipt not found (apt-get install iptables)"

  local tmp; tmp=$(mktemp -d)
  # shellcheck disable=SC2064  # expand now: the path is fixed
  trap "rm -rf '$tmp'" EXIT
  # x_tables' lock is one file for the whole machine: a lock of our own, so that neither the
  # other chunks nor anyone else's iptables makes ours wait (nf_tables takes no such lock)
  export XTABLES_LOCKFILE=$tmp/xtables.lock

  local kind table chain rest line rc n=0 l k unquoted
  shopt -s extglob
  local -a words
  # the user chains every spec may name
  while read -r kind table chain rest; do
    [ "$kind" = chain ] || continue
    "$ipt" -t "$table" -N "$chain" || die "cannot create chain $chain in $table"
  done < "$specs"
  # the ipset sets the set match's specs name (ipset's sets are per namespace too)
  local -a ipset_args
  while read -r kind rest; do
    [ "$kind" = ipset ] || continue
    read -r -a ipset_args <<< "$rest"
    ipset "${ipset_args[@]}" || die "cannot run ipset $rest"
  done < "$specs"

  {
    echo "# $("$ipt" --version)"
    while IFS= read -r line <&3; do
      [[ $line == "spec "* ]] || continue
      n=$((n + 1))
      [ "$n" -ge "$first" ] || continue
      [ "$n" -le "$last" ] || break
      read -r kind _ table chain rest <<< "$line"
      # the words as a POSIX shell reads them (specs.txt quotes with '...' only; see OracleSpec):
      # outside the quotes only the bare characters, so eval can do nothing but split words
      unquoted=${rest//"'\\''"/}
      unquoted=${unquoted//\'*([^\'])\'/}
      if [[ $unquoted =~ [^-A-Za-z0-9_.,:/+=@%!\ \\] ]]; then
        die "spec $n: a character outside quotes that specs.txt never has: $line"
      fi
      eval "words=($rest)"
      rc=0
      "$ipt" -t "$table" -A "$chain" "${words[@]}" 2> "$tmp/err" > "$tmp/stdout" || rc=$?
      printf 'spec %s\nexit %s\n' "${line#spec }" "$rc"
      while IFS= read -r l; do printf 'out %s\n' "$l"; done < "$tmp/stdout"
      while IFS= read -r l; do printf 'err %s\n' "$l"; done < "$tmp/err"
      if [ "$rc" = 0 ]; then
        "$ipt" -t "$table" -S "$chain" > "$tmp/S"
        while IFS= read -r l; do [[ $l != "-A "* ]] || printf 'S %s\n' "$l"; done < "$tmp/S"
        "$ipt" -t "$table" -L "$chain" -n -v > "$tmp/L"
        k=0
        while IFS= read -r l; do k=$((k + 1)); [ "$k" -le 2 ] || printf 'L %s\n' "$l"; done < "$tmp/L"
        "$ipt" -t "$table" -F "$chain"
      fi
    done 3< "$specs"
  } > "$tmp/out"

  # every chain must be empty again: nothing leaked from one spec to the next
  if "$ipt-save" | grep -q '^-A '; then
    "$ipt-save" | grep '^-A ' >&2
    die "rules left over after the last spec"
  fi
  cp "$tmp/out" "$out"
}

if [ "${1:-}" = --inner ]; then
  shift
  [ "${NFLAB_ORACLE_NETNS:-}" = fresh ] || die "--inner is for the script itself"
  inner "$@"
  exit 0
fi

# ---------------------------------------------------------------- outside: the caller's namespace
out=$repo/data/iptables-oracle
backends=(legacy nft)
jobs=4
specs=$repo/data/iptables-oracle/specs.txt
while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
    --specs) [ $# -ge 2 ] || die "--specs needs a file"; specs=$2; shift 2 ;;
    --backend)
      [ $# -ge 2 ] || die "--backend needs legacy, nft or both"
      case $2 in
        legacy|nft) backends=("$2") ;;
        both) backends=(legacy nft) ;;
        *) die "--backend: unknown back end \`$2' (legacy, nft, both)" ;;
      esac
      shift 2 ;;
    --jobs)
      [[ $# -ge 2 && $2 =~ ^[1-9][0-9]?$ ]] || die "--jobs needs a number from 1 to 99"
      jobs=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option \`$1' (--out DIR, --backend legacy|nft|both, --specs FILE, --jobs N)" ;;
  esac
done
[ "$(id -u)" = 0 ] || die "must run as root (iptables in a throw-away network namespace)"
command -v unshare >/dev/null || die "unshare not found (util-linux)"
[ -f "$specs" ] || die "$specs: no such file"
mkdir -p "$out"
specs=$(cd "$(dirname "$specs")" && pwd)/$(basename "$specs")
out=$(cd "$out" && pwd)
outer=$(readlink /proc/self/ns/net)
total=$(grep -c '^spec ' "$specs")
# the IPv4 extensions this iptables has (libxt_NAME.so, libipt_NAME.so): a NAME starting with an
# upper-case letter is a target, any other a match; `standard' (ACCEPT, DROP, RETURN) is left out
xtdir=
for d in /usr/lib/*/xtables /usr/lib/xtables /usr/lib64/xtables; do
  if [ -d "$d" ]; then xtdir=$d; break; fi
done
[ -n "$xtdir" ] || die "iptables' extension folder (xtables) not found"
{
  echo "# the IPv4 extensions in $xtdir, listed by lab/iptables-oracle.sh (the iptables of legacy.txt and nft.txt)"
  for f in "$xtdir"/libxt_*.so "$xtdir"/libipt_*.so; do
    name=${f##*/lib*t_}; name=${name%.so}
    [ "$name" != standard ] || continue
    if [[ $name == [A-Z]* ]]; then echo "target $name"; else echo "match $name"; fi
  done | LC_ALL=C sort -u
} > "$out/extensions.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for b in "${backends[@]}"; do
  start=$(date +%s%N)
  # $jobs chunks of consecutive specs, each in its own fresh namespace, side by side
  per=$(( (total + jobs - 1) / jobs ))
  pids=()
  for ((j = 0; j < jobs; j++)); do
    NFLAB_ORACLE_NETNS=fresh unshare -n -- "$here/iptables-oracle.sh" --inner "$b" "$specs" \
      $((j * per + 1)) $(((j + 1) * per)) "$work/$b.$j" "$outer" &
    pids+=($!)
  done
  failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ $failed = 0 ] || die "$b: a chunk failed (above)"
  version=$(head -1 "$work/$b.0")
  {
    echo "# nflab iptables oracle, recorded by lab/iptables-oracle.sh from specs.txt: ${version#\# }"
    echo "# (format: data/reference/formats.md; provenance: data/README.md)"
    for ((j = 0; j < jobs; j++)); do
      [ "$(head -1 "$work/$b.$j")" = "$version" ] || die "$b: chunk $j ran another iptables"
      tail -n +2 "$work/$b.$j"
    done
  } > "$work/$b.txt"
  n=$(grep -c '^spec ' "$work/$b.txt")
  [ "$n" = "$total" ] || die "$b: $n records for $total specs"
  cp "$work/$b.txt" "$out/$b.txt"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "iptables-oracle: $b: $n specs in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s ($jobs namespaces) -> $out/$b.txt"
done
