#!/usr/bin/env bash
# lab/check-static.sh [--install] - the lab's static checks, for CI (no root, no network
# namespaces, no VM needed):
#   - shellcheck on lab/*.sh, vagrant/*.sh, .devcontainer/*.sh, tools/devcontainer-check.sh, tools/vm.sh,
#     tools/test-vm.sh and tools/fake-vagrant/vagrant
#   - vagrant validate --ignore-provider on the Vagrantfile, for x86_64 and arm64 hosts
#   - every lab/scenarios/*.scenario and lab/docker-cases/*.docker parses (lab/SCENARIOS.md)
#   - lab/nflab-net.c compiles without warnings (if gcc is there)
#   - outside Debian, notebooks/install-kernel.sh names the platform's package manager (dnf, pacman)
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
check "shellcheck lab/*.sh vagrant/*.sh .devcontainer/*.sh tools/devcontainer-check.sh tools/vm.sh tools/test-vm.sh tools/fake-vagrant/vagrant" \
  shellcheck -x lab/*.sh vagrant/*.sh .devcontainer/*.sh tools/devcontainer-check.sh tools/vm.sh tools/test-vm.sh tools/fake-vagrant/vagrant
# the Vagrantfile chooses its boxes and providers by architecture: validate both configurations
for arch in amd64 arm64; do
  check "vagrant validate --ignore-provider (NFLAB_VM_ARCH=$arch)" \
    env VAGRANT_CHECKPOINT_DISABLE=1 NFLAB_VM_ARCH=$arch vagrant validate --ignore-provider
done
for f in lab/scenarios/*.scenario lab/docker-cases/*.docker lab/ufw-cases/*.docker; do
  kind=docker; [[ $f == *.scenario ]] && kind=scenario
  # shellcheck disable=SC2016  # $1 and $2 are the inner shell's
  check "parses: $f" bash -c '. lab/lib.sh; parse_file "$1" "$2"' _ "$f" "$kind"
done
# outside Debian (no apt-get on PATH), the notebooks' installer names the platform's package manager
hint_check() {  # hint_check OS-RELEASE-ID EXPECTED-COMMAND
  local bin osr out c
  bin=$(mktemp -d); osr=$(mktemp)
  for c in bash uname sed cat dirname id printf; do ln -s "$(command -v "$c")" "$bin/$c"; done
  echo "ID=$1" > "$osr"
  out=$(NFLAB_OS_RELEASE=$osr PATH=$bin bash notebooks/install-kernel.sh --hint-for=openjdk-17-jdk-headless,maven,python3-nbclient 2>&1)
  rm -rf "$bin" "$osr"
  printf '%s\n' "$out"
  [[ $out == *"install them with: $2 "* ]]
}
check "install hint on Fedora: dnf" hint_check fedora "sudo dnf install"
check "install hint on Arch: pacman" hint_check arch "sudo pacman -S"
# the dev container's image sees only vagrant/provision-kit.sh, which keeps its own copy of the
# lab's package list: every package lab/setup.sh installs must be in it (the build cannot download)
lab_packages_check() {
  local lab kit missing=()
  lab=$(sed -n '/^PKGS=(/,/)/p' lab/setup.sh | tr -d '()' | sed 's/^PKGS=//' | tr -s ' \n' '\n')
  kit=$(bash vagrant/provision-kit.sh --list-packages --with-lab-packages)
  for p in $lab; do grep -qx -- "$p" <<< "$kit" || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] || { echo "vagrant/provision-kit.sh's LAB_PKGS lacks: ${missing[*]}"; return 1; }
}
check "the dev container's packages include lab/setup.sh's" lab_packages_check
if command -v gcc >/dev/null; then
  check "nflab-net.c compiles cleanly" gcc -fsyntax-only -Wall -Wextra -Werror lab/nflab-net.c
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
