#!/usr/bin/env bash
# lab/run-all.sh [--backend nft|legacy] [--scenarios-only|--docker-only|--ufw-only] [--only REGEX] OUTROOT
#
# Runs the whole library on one backend:
#   every lab/scenarios/NAME.scenario  -> OUTROOT/NAME/               (lab/run.sh)
#   every lab/docker-cases/NAME.docker -> OUTROOT/docker-rules/NAME/  (lab/docker-rules.sh)
#   every lab/ufw-cases/NAME.docker    -> OUTROOT/ufw-rules/NAME/     (lab/docker-rules.sh)
# and prints the elapsed time.  Exits non-zero if any run failed (the others still run).
# To refresh the committed fixtures:
#   lab/run-all.sh --backend nft --scenarios-only lab/recorded/nft
#   lab/run-all.sh --backend nft --docker-only lab/recorded/docker-rules/nft   (writes NAME/ there)
#   lab/run-all.sh --backend nft --ufw-only lab/recorded/ufw-rules/nft         (writes NAME/ there)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() { echo "usage: lab/run-all.sh [--backend nft|legacy] [--scenarios-only|--docker-only|--ufw-only] [--only REGEX] OUTROOT" >&2; exit 2; }
backend=nft scen=1 dock=1 ufw=1 only=.
while [ $# -gt 0 ]; do
  case $1 in
    --backend) [ $# -ge 2 ] || usage; backend=$2; shift 2 ;;
    --backend=*) backend=${1#--backend=}; shift ;;
    --scenarios-only) dock=0 ufw=0; shift ;;
    --docker-only) scen=0 ufw=0; shift ;;
    --ufw-only) scen=0 dock=0; shift ;;
    --only) [ $# -ge 2 ] || usage; only=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "lab: error: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# = 1 ] || usage
root=$1
mkdir -p "$root"
logs=${TMPDIR:-/tmp}/nflab-run-all-logs; mkdir -p "$logs"   # one log per run, kept
start=$(date +%s)
failed=() n=0 retried=0

if [ $scen = 1 ]; then
  for f in "$here"/scenarios/*.scenario; do
    name=$(basename "$f" .scenario)
    [[ $name =~ $only ]] || continue
    n=$((n + 1))
    echo "[all] scenario $name ($backend)" >&2
    # a run whose trace recorder failed (run.sh's status 75) measured nothing wrong: run it
    # again, at most twice, and say so
    for try in 1 2 3; do
      rc=0
      "$here/run.sh" --backend "$backend" "$f" "$root/$name" 2> "$logs/$name.log" || rc=$?
      if [ "$rc" != 75 ] || [ "$try" = 3 ]; then break; fi
      echo "[all] again: $name ($backend): $(grep -E "^lab: error" "$logs/$name.log")" >&2
      retried=$((retried + 1))
    done
    [ "$rc" = 0 ] || { failed+=("$name"); grep -E "^lab: error" "$logs/$name.log" >&2; }
  done
fi
t_scen=$(( $(date +%s) - start ))

if [ $dock = 1 ]; then
  ddir=$root/docker-rules
  [ $scen = 0 ] && ddir=$root
  for f in "$here"/docker-cases/*.docker; do
    name=$(basename "$f" .docker)
    [[ $name =~ $only ]] || continue
    n=$((n + 1))
    echo "[all] docker case $name ($backend)" >&2
    "$here/docker-rules.sh" --backend "$backend" "$f" "$ddir/$name" 2> "$logs/$name.log" ||
      { failed+=("$name"); grep -E "^lab: error" "$logs/$name.log" >&2; }
  done
fi
if [ $ufw = 1 ]; then
  udir=$root/ufw-rules
  [ $scen = 0 ] && [ $dock = 0 ] && udir=$root
  for f in "$here"/ufw-cases/*.docker; do
    name=$(basename "$f" .docker)
    [[ $name =~ $only ]] || continue
    n=$((n + 1))
    echo "[all] ufw case $name ($backend)" >&2
    "$here/docker-rules.sh" --backend "$backend" "$f" "$udir/$name" 2> "$logs/ufw-$name.log" ||
      { failed+=("ufw-$name"); grep -E "^lab: error" "$logs/ufw-$name.log" >&2; }
  done
fi
elapsed=$(( $(date +%s) - start ))
again=""; [ "$retried" = 0 ] || again=", $retried run(s) again after a trace overflow"
echo "[all] $n runs on $backend in ${elapsed}s (scenarios ${t_scen}s, docker and ufw cases $((elapsed - t_scen))s), ${#failed[@]} failed${failed[*]:+: ${failed[*]}}$again" >&2
[ ${#failed[@]} = 0 ]
