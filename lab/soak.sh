#!/usr/bin/env bash
# lab/soak.sh [--backends "nft legacy"] [--keep DIR] N
#
# Runs the whole scenario library N times on each back end, compares every run with the model
# (./nflab compare) and counts: runs, runs with every counter explained, runs that met background
# packets (shown as such), and failures (a run that did not finish, or a counter not explained).
# One line per round; the failures' comparisons are kept under DIR (default: a temporary folder).
# Exits non-zero if any run failed.  Root; one lab at a time (the lab's lock).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
backends="nft legacy" keep=""
usage() { echo "usage: lab/soak.sh [--backends \"nft legacy\"] [--keep DIR] N" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --backends) [ $# -ge 2 ] || usage; backends=$2; shift 2 ;;
    --keep) [ $# -ge 2 ] || usage; keep=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) usage ;;
    *) break ;;
  esac
done
if [ $# != 1 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then usage; fi
rounds=$1
[ -n "$keep" ] || keep=$(mktemp -d /tmp/nflab-soak.XXXXXX)
mkdir -p "$keep"
work=$(mktemp -d /tmp/nflab-soak-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
runs=0 explained=0 background=0 failed=0
start=$(date +%s)
for round in $(seq 1 "$rounds"); do
  r_runs=0 r_ok=0 r_bg=0 r_fail=0
  for backend in $backends; do
    out=$work/$backend
    rm -rf "$out"
    bash "$here/run-all.sh" --backend "$backend" --scenarios-only "$out" 2>/dev/null
    for f in "$here"/scenarios/*.scenario; do
      name=$(basename "$f" .scenario)
      r_runs=$((r_runs + 1))
      if [ ! -f "$out/$name/after.rules" ]; then
        r_fail=$((r_fail + 1)); echo "round $round: $backend/$name: the run did not finish" >&2
        continue
      fi
      if (cd "$repo" && ./nflab compare "$out/$name" --scenario "$f") > "$out/$name/compare.txt" 2>&1; then
        r_ok=$((r_ok + 1))
        grep -q '^background: ' "$out/$name/compare.txt" && r_bg=$((r_bg + 1))
      else
        r_fail=$((r_fail + 1))
        mkdir -p "$keep/round-$round/$backend"
        cp -r "$out/$name" "$keep/round-$round/$backend/"
        echo "round $round: $backend/$name: not explained (kept in $keep/round-$round/$backend/$name)" >&2
      fi
    done
  done
  runs=$((runs + r_runs)) explained=$((explained + r_ok)) background=$((background + r_bg)) failed=$((failed + r_fail))
  echo "round $round: $r_runs runs, $r_ok explained ($r_bg with background), $r_fail failed ($(( $(date +%s) - start )) s so far)"
done
echo "soak: $rounds rounds x [$backends]: $runs runs, $explained with every counter explained ($background with background shown), $failed failed, in $(( $(date +%s) - start )) s"
[ $failed = 0 ]
