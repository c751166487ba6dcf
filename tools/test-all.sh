#!/usr/bin/env bash
# The whole test suite: what `./nflab test` and CI (.ci/run) run. Each step installs what it needs
# (Debian packages, as root) and says how long it took.
#   1. Maven: the model's unit, replay, Docker-rules, fuzz and prediction tests (and the rule coverage:
#      every seed rule counted in a notebook cell and graded by an exercise, notebooks/README.md's table current); the autograder's
#      tests (every exercise scores 0 untouched and full marks solved, the hostile submissions only
#      their honest part); the Jupyter kernel's tests. 1b: ./nflab grade end to end. 1c: the
#      Gradescope bundle run in a Gradescope-like root (tools/gradescope-check.sh).
#   2. Static checks: shellcheck on the lab and VM scripts, vagrant validate, scenario syntax.
#   3. Notebooks: every notebook executed headless on the nflab-java kernel, prediction cells empty and then
#      filled in with the reference answers (each marked cell must print its rule's counted claim).
#      3b: every notebook in a real browser (Debian's Chromium through Jupyter's notebook UI, driven by
#      playwright-core), empty and filled in: no error shown, pictures drawn as SVG, a screenshot each.
#   4. The real lab (root only): the safety self-test, then the whole scenario library on both
#      iptables back ends, each run compared with the model (`./nflab compare`): the replay must
#      equal every counter and the prediction must hold it; then `./nflab watch` of the seed's
#      scenario on both back ends (every action explained) and `./nflab vm` with the stand-in
#      vagrant (tools/test-vm.sh: the errors, `vm run` writing lab/recorded-vm/legacy/NAME).
#      4b (root): the iptables oracle (data/iptables-oracle) recorded again from real iptables
#      must equal the committed one;
#      then the model's agreement with it (./nflab iptables-diff), reported, not failed on.
#   5. The course environments (root only): the dev container's image built with Debian's Docker
#      from a Debian 12 base made here (tools/devcontainer-check.sh); inside it the VM's kit
#      provisioning (vagrant/provision-kit.sh), the tour, the notebooks and one lab scenario.
# Options: --quick (step 1 only), --no-lab (steps 4, 4b and 5), --no-notebooks, --no-devcontainer.
#
# Without root it runs every step that needs none and installs nothing: a step that would need
# root (the lab; installing shellcheck, vagrant, Jupyter or Chromium) is skipped with one line saying what
# was skipped and the command that runs it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
quick=0 lab=1 notebooks=1 devcontainer=1
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    --no-lab) lab=0 ;;
    --no-notebooks) notebooks=0 ;;
    --no-devcontainer) devcontainer=0 ;;
    *) echo "usage: ./nflab test [--quick] [--no-lab] [--no-notebooks] [--no-devcontainer]" >&2; exit 2 ;;
  esac
done
is_root=0; [ "$(id -u)" = 0 ] && is_root=1
start=$(date +%s)
skipped=()
step() { echo; echo "== [$1] $2"; step_start=$(date +%s); }
done_step() { echo "== [$1] done in $(( $(date +%s) - step_start )) s"; }
skip() {  # skip STEP WHAT WHY COMMAND
  echo; echo "== [$1] skipped: $2 ($3); to run it: $4"
  skipped+=("[$1] $2: $4")
}

step 1 "Maven: model, replay, Docker rules, fuzz, predictions, autograder, kernel"
mvn -B -ntp verify
done_step 1

step 1b "the autograder end to end: ./nflab grade --solutions scores full marks"
out=$(mktemp -d); ./nflab grade --solutions --json "$out/results.json" | tail -1
if ! grep -Eq '"score": ([0-9]+),' "$out/results.json" \
   || [ "$(grep -Eo '"(max_)?score": [0-9]+' "$out/results.json" | head -2 | grep -Eo '[0-9]+' | uniq | wc -l)" != 1 ]; then
  echo "the reference solutions do not score full marks ($out/results.json)" >&2; exit 1
fi
rm -rf "$out"
done_step 1b

step 1c "the Gradescope bundle in a Gradescope-like root: solutions, untouched files, hostile submissions"
tools/gradescope-check.sh
done_step 1c
[ $quick = 1 ] && { echo "== quick run: steps 2-4 skipped"; exit 0; }

if [ $is_root = 1 ]; then
  step 2 "static checks: shellcheck, vagrant validate, scenario syntax"
  bash lab/check-static.sh --install
  done_step 2
elif command -v shellcheck >/dev/null && command -v vagrant >/dev/null; then
  step 2 "static checks: shellcheck, vagrant validate, scenario syntax"
  bash lab/check-static.sh
  done_step 2
else
  skip 2 "static checks (shellcheck, vagrant validate)" "shellcheck or vagrant is not installed, and installing needs root" \
    "sudo bash lab/check-static.sh --install"
fi

# Debian's Jupyter, as the notebooks' runner uses it
jupyter_ready() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import nbclient, nbformat, jupyter_client, nbconvert' 2>/dev/null; }
if [ $notebooks = 1 ]; then
  if [ $is_root = 1 ] || jupyter_ready; then
    step 3 "notebooks, headless"
    ./nflab notebooks run
    done_step 3
  else
    skip 3 "the notebooks" "Debian's Jupyter is not installed, and installing it needs root" \
      "sudo notebooks/install-kernel.sh, then ./nflab notebooks run"
  fi
  # the browser test's Debian packages (notebooks/browser-test/install.sh installs them as root)
  browser_ready() { [ -x /usr/bin/chromium ] && [ -x /usr/bin/jupyter-notebook ] && command -v node >/dev/null && command -v npm >/dev/null; }
  if [ $is_root = 1 ] || { jupyter_ready && browser_ready; }; then
    step 3b "notebooks in a browser: Chromium through Jupyter's notebook UI, empty and with the answers (screenshots in notebooks/out/browser)"
    ./nflab notebooks browser --self-check
    done_step 3b
  else
    skip 3b "the notebooks in a browser" "Debian's chromium, jupyter-notebook or Node.js is not installed, and installing needs root" \
      "sudo notebooks/browser-test/install.sh, then ./nflab notebooks browser"
  fi
fi

if [ $lab = 1 ]; then
  if [ $is_root = 0 ]; then
    skip 4 "the real lab (real Docker 20.10 in network namespaces)" "it needs root" "sudo ./nflab test"
  else
    step 4 "the real lab: safety self-test, the scenario library on both back ends, compared with the model; watch; vm (stand-in vagrant)"
    bash lab/setup.sh
    bash lab/selftest.sh
    out=$(mktemp -d /tmp/nflab-lab-ci.XXXXXX)
    fails=0
    for backend in nft legacy; do
      bash lab/run-all.sh --backend "$backend" --scenarios-only "$out/$backend" || fails=$((fails + 1))
      for dir in "$out/$backend"/*/; do
        name=$(basename "$dir")
        [ -f "lab/scenarios/$name.scenario" ] || continue
        echo "-- compare $backend/$name"
        ./nflab compare "$dir" --scenario "lab/scenarios/$name.scenario" || fails=$((fails + 1))
      done
    done
    for backend in nft legacy; do
      echo "-- ./nflab watch (one action at a time, measured beside predicted), $backend"
      ./nflab watch lab/scenarios/seed-external-client.scenario --plain --backend "$backend" \
        --out "$out/watch-$backend" || fails=$((fails + 1))
    done
    echo "-- ./nflab vm with the stand-in vagrant (tools/fake-vagrant): errors, run, compare"
    bash tools/test-vm.sh || fails=$((fails + 1))
    rm -rf "$out"
    [ $fails = 0 ] || { echo "== [4] $fails lab run(s) or comparison(s) failed"; exit 1; }
    done_step 4
  fi
  if [ $is_root = 0 ]; then
    skip 4b "the iptables oracle recorded again (real iptables 1.8.9 in throw-away namespaces)" "it needs root" \
      "sudo lab/iptables-oracle.sh --out DIR, then cmp DIR/*.txt with data/iptables-oracle/"
  else
    step 4b "the iptables oracle recorded again: real iptables 1.8.9, both back ends, byte for byte the committed one"
    if ! command -v iptables-legacy >/dev/null || ! command -v iptables-nft >/dev/null; then
      apt-get update -q >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends iptables >/dev/null
    fi
    out=$(mktemp -d /tmp/nflab-oracle-ci.XXXXXX)
    bash lab/iptables-oracle.sh --out "$out"
    fails=0
    for f in legacy nft extensions; do
      if ! cmp -s "$out/$f.txt" "data/iptables-oracle/$f.txt"; then
        echo "-- $f: the recording differs from data/iptables-oracle/$f.txt (first differences):"
        diff "data/iptables-oracle/$f.txt" "$out/$f.txt" | head -20 || true
        fails=$((fails + 1))
      fi
    done
    rm -rf "$out"
    [ $fails = 0 ] || { echo "== [4b] real iptables answered differently from the committed oracle"; exit 1; }
    ./nflab iptables-diff --examples 5
    done_step 4b
  fi
fi

if [ $lab = 1 ] && [ $devcontainer = 1 ]; then
  if [ $is_root = 0 ]; then
    skip 5 "the course environments (the dev container's image, the VM's kit provisioning inside it)" "it needs root" \
      "sudo tools/devcontainer-check.sh"
  else
    step 5 "course environments: the dev container built from a local Debian 12 base; inside it the kit's provisioning, tour, notebooks, a lab scenario"
    bash tools/devcontainer-check.sh
    done_step 5
  fi
fi

echo
if [ ${#skipped[@]} -gt 0 ]; then
  echo "== skipped (each needs root or a package only root can install):"
  printf '   %s\n' "${skipped[@]}"
fi
echo "== all test steps that ran passed in $(( $(date +%s) - start )) s${skipped:+ (${#skipped[@]} skipped)}"
