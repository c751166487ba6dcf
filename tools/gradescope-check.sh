#!/usr/bin/env bash
# The Gradescope bundle, tried as Gradescope would run it (CI: tools/test-all.sh step 1c). Builds
# the zip with ./nflab grade --gradescope-bundle, unpacks it into a temporary root laid out like
# Gradescope's (ROOT/source, ROOT/submission, ROOT/results, ROOT/run_autograder; AUTOGRADER_ROOT
# points the scripts there), runs setup.sh, then run_autograder on: the reference solutions (full
# marks), the reference answers files uploaded as NN-answers.txt (with the Java solutions of the
# exercises that have none: full marks), the untouched learner files and blank answers files (0),
# and every hostile submission of exercises/src/test/resources/hostile (exactly the points of its
# honest part, results.json unchanged 10 s after grading). Usage: tools/gradescope-check.sh [--keep]
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

run() { # run NAME FILE...: a fresh submission of the FILEs (FILE=NAME uploads FILE as NAME), graded
  local name=$1; shift
  rm -rf "$R/submission" "$R/results"; mkdir -p "$R/submission"
  local f
  for f in "$@"; do
    case $f in
      *=*) cp "${f%%=*}" "$R/submission/${f#*=}" ;;
      *) cp "$f" "$R/submission/" ;;
    esac
  done
  AUTOGRADER_ROOT="$R" "$R/run_autograder" > "$T/$name.out" 2>&1 || { cat "$T/$name.out" >&2; echo "run_autograder failed ($name)" >&2; exit 1; }
  cp "$R/results/results.json" "$T/$name.json"
}
score() { python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(o["score"], o["max_score"])' "$1"; }

echo "== solved"
run solved exercises/catalog/*/solution/*.java
read -r s m < <(score "$T/solved.json")
echo "solutions: $s/$m"; [ "$s" = "$m" ] && [ "$m" -gt 0 ] || { echo "the solutions must score full marks" >&2; exit 1; }

# the answers files as Gradescope uploads them, NN-answers.txt (several exercises each have one)
answers() { # answers learner|solution: FILE=NN-answers.txt for every exercise with an answers file
  local d
  for d in exercises/catalog/*/; do
    [ -f "$d$1/answers.txt" ] && echo "$d$1/answers.txt=$(basename "$d" | cut -d- -f1)-answers.txt"
  done
}
echo "== solved, in answers files"
mapfile -t solved_answers < <(answers solution)
for d in exercises/catalog/*/; do [ -f "${d}solution/answers.txt" ] || solved_answers+=("$d"solution/*.java); done
run solved-answers "${solved_answers[@]}"
read -r s m < <(score "$T/solved-answers.json")
echo "reference answers files (and the Java of the others): $s/$m"
[ "$s" = "$m" ] && [ "$m" -gt 0 ] || { echo "the reference answers files must score full marks" >&2; exit 1; }

echo "== untouched"
mapfile -t blank < <(answers learner)
run untouched exercises/catalog/*/learner/*.java "${blank[@]}"
read -r s m < <(score "$T/untouched.json")
echo "untouched learner files and blank answers files: $s/$m"; [ "$s" = 0 ] || { echo "untouched learner files must score 0" >&2; exit 1; }

echo "== hostile"
fails=0
for d in exercises/src/test/resources/hostile/*/; do
  kind=$(basename "$d")
  files=(); honest="$d"01-nat-table/answers.txt
  [ -f "$d"01-nat-table/answers.txt ] && files+=("$d"01-nat-table/answers.txt=01-answers.txt)
  [ -f "$d"01-nat-table/NatTable.java ] && { files+=("$d"01-nat-table/NatTable.java); honest="$d"01-nat-table/NatTable.java; }
  run "$kind" "${files[@]}"
  expected=$(python3 - "$T/solved.json" "$honest" <<'PY'
import json, sys
points = {t["name"].split(": ", 1)[1].split(" ")[0].lower(): t["max_score"]
          for t in json.load(open(sys.argv[1]))["tests"] if t["name"].startswith("01-nat-table: ")}
honest = open(sys.argv[2], encoding="latin-1").readline().split(":", 1)[1].split()
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
