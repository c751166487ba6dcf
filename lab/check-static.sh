#!/usr/bin/env bash
# lab/check-static.sh [--install] - the lab's static checks, for CI (no root, no network
# namespaces, no VM needed):
#   - shellcheck on lab/*.sh, vagrant/*.sh, tools/vm.sh and tools/fake-vagrant/vagrant
#   - vagrant validate --ignore-provider on the Vagrantfile
#   - every lab/scenarios/*.scenario and lab/docker-cases/*.docker parses (lab/SCENARIOS.md)
#   - lab/nflab-net.c compiles without warnings (if gcc is there)
# --install: apt-get install shellcheck and vagrant first if they are missing (as root).
# Prints "N passed, N failed" and exits non-zero if a check failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
passed=0 failed=0
check() {  # check NAME CMD...
  local name=$1; shift
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ $rc = 0 ]; then echo "ok   - $name"; passed=$((passed + 1))
  else echo "FAIL - $name"; printf '%s\n' "$out" | sed 's/^/       /'; failed=$((failed + 1)); fi
}

if [ "${1:-}" = --install ]; then
  missing=()
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  command -v vagrant >/dev/null || missing+=(vagrant)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

for tool in shellcheck vagrant; do
  command -v "$tool" >/dev/null || { echo "lab: error: $tool not found (lab/check-static.sh --install, or apt-get install $tool)" >&2; exit 1; }
done

cd "$repo" || exit 1
check "shellcheck lab/*.sh vagrant/*.sh tools/vm.sh tools/fake-vagrant/vagrant" shellcheck -x lab/*.sh vagrant/*.sh tools/vm.sh tools/fake-vagrant/vagrant
check "vagrant validate --ignore-provider" env VAGRANT_CHECKPOINT_DISABLE=1 vagrant validate --ignore-provider
for f in lab/scenarios/*.scenario lab/docker-cases/*.docker; do
  kind=docker; [[ $f == *.scenario ]] && kind=scenario
  # shellcheck disable=SC2016  # $1 and $2 are the inner shell's
  check "parses: $f" bash -c '. lab/lib.sh; parse_file "$1" "$2"' _ "$f" "$kind"
done
if command -v gcc >/dev/null; then
  check "nflab-net.c compiles cleanly" gcc -fsyntax-only -Wall -Wextra -Werror lab/nflab-net.c
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
