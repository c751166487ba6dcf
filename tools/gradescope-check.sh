#!/usr/bin/env bash
# The Gradescope bundle, tried as Gradescope would run it (CI: tools/test-all.sh step 1c). Builds
# the zip with ./nflab grade --gradescope-bundle, unpacks it into a temporary root laid out like
# Gradescope's (ROOT/source, ROOT/submission, ROOT/results, ROOT/run_autograder; AUTOGRADER_ROOT
# points the scripts there), runs setup.sh, then run_autograder on: the reference solutions (full
# marks), the untouched learner files (0), and every hostile submission of
# exercises/src/test/resources/hostile (exactly the points of its honest part, results.json
# unchanged 10 s after grading). Usage: tools/gradescope-check.sh [--keep]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
T=$(mktemp -d /tmp/nflab-gradescope.XXXXXX)
[ "${1:-}" = --keep ] || trap 'rm -rf "$T"' EXIT
R="$T/autograder"
./nflab grade --gradescope-bundle "$T/autograder.zip"
mkdir -p "$R/source"
unzip -q "$T/autograder.zip" -d "$R/source"
if find "$R/source" -path '*/solution/*' | grep -q .; then echo "the bundle holds reference solutions" >&2; exit 1; fi
echo "== setup.sh"
AUTOGRADER_ROOT="$R" bash "$R/source/setup.sh"
[ -x "$R/run_autograder" ] || { echo "setup.sh did not install run_autograder" >&2; exit 1; }

run() { # run NAME FILES...: a fresh submission of FILES, graded
  local name=$1; shift
  rm -rf "$R/submission" "$R/results"; mkdir -p "$R/submission"
  [ $# -gt 0 ] && cp "$@" "$R/submission/"
  AUTOGRADER_ROOT="$R" "$R/run_autograder" > "$T/$name.out" 2>&1 || { cat "$T/$name.out" >&2; echo "run_autograder failed ($name)" >&2; exit 1; }
  cp "$R/results/results.json" "$T/$name.json"
}
score() { python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(o["score"], o["max_score"])' "$1"; }

echo "== solved"
run solved exercises/catalog/*/solution/*.java
read -r s m < <(score "$T/solved.json")
echo "solutions: $s/$m"; [ "$s" = "$m" ] && [ "$m" -gt 0 ] || { echo "the solutions must score full marks" >&2; exit 1; }

echo "== untouched"
run untouched exercises/catalog/*/learner/*.java
read -r s m < <(score "$T/untouched.json")
echo "untouched learner files: $s/$m"; [ "$s" = 0 ] || { echo "untouched learner files must score 0" >&2; exit 1; }

echo "== hostile"
fails=0
for d in exercises/src/test/resources/hostile/*/; do
  kind=$(basename "$d")
  run "$kind" "$d"01-nat-table/NatTable.java
  expected=$(python3 - "$T/solved.json" "$d"01-nat-table/NatTable.java <<'PY'
import json, sys
points = {t["name"].split(": ", 1)[1].split(" ")[0].lower(): t["max_score"]
          for t in json.load(open(sys.argv[1]))["tests"] if t["name"].startswith("01-nat-table: ")}
honest = open(sys.argv[2]).readline().split(":", 1)[1].split()
print(sum(points[q] for q in honest))
PY
)
  read -r s m < <(score "$T/$kind.json")
  printf '%-28s expected %2s  scored %2s\n' "$kind" "$expected" "$s"
  [ "$s" = "$expected" ] || { fails=$((fails + 1)); cat "$T/$kind.out" >&2; }
  sha256sum "$R/results/results.json" | cut -d' ' -f1 > "$T/$kind.sha"
  cp "$R/results/results.json" "$T/$kind.after"
done
# the last results.json stays in place: nothing may change it (kind 02 tried from detached processes)
sleep 10
last=$(basename "$(ls -d exercises/src/test/resources/hostile/*/ | tail -1)")
[ "$(sha256sum "$R/results/results.json" | cut -d' ' -f1)" = "$(cat "$T/$last.sha")" ] \
  || { echo "results.json changed after grading" >&2; fails=$((fails + 1)); }
if [ "$(id -u)" = 0 ] && ps -u nflab-learner -o pid= | grep -q .; then echo "processes of nflab-learner left" >&2; fails=$((fails + 1)); fi
[ $fails = 0 ] || { echo "$fails hostile check(s) failed" >&2; exit 1; }
echo "gradescope bundle: ok"
