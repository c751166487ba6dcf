#!/usr/bin/env bash
# tools/test-vm.sh - ./nflab vm end to end with the stand-in vagrant (tools/fake-vagrant), which
# plays the VM on this machine (CI cannot boot one). As root (the lab runs for real, legacy back
# end, as in the VM). Checks the errors (no vagrant, VM not up, no such scenario, no Jupyter URL)
# and that `./nflab vm run lab/scenarios/seed-external-client.scenario` writes
# lab/recorded-vm/legacy/seed-external-client/ afresh and compares it explained. A learner's own
# recording there is put back afterwards. Prints "N passed, N failed"; non-zero if one failed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
case ${1:-} in -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[ "$(id -u)" = 0 ] || { echo "tools/test-vm.sh: needs root (the lab runs for real): sudo tools/test-vm.sh" >&2; exit 2; }

tmp=$(mktemp -d /tmp/nflab-test-vm.XXXXXX)
rec=lab/recorded-vm/legacy/seed-external-client
if [ -d "$rec" ]; then mkdir -p "$tmp/kept" && mv "$rec" "$tmp/kept/"; fi
restore() {
  rm -rf "$rec"
  if [ -d "$tmp/kept/seed-external-client" ]; then
    mv "$tmp/kept/seed-external-client" "$rec"
  else
    # leave no empty folders the test made
    rmdir lab/recorded-vm/legacy lab/recorded-vm 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap restore EXIT

export NFLAB_FAKE_VAGRANT_STATE=$tmp/state
FAKE_PATH=$ROOT/tools/fake-vagrant:$PATH
passed=0 failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
bad() { echo "FAILED: $1"; failed=$((failed + 1)); }
# expect NAME STATUS TEXT CMD...: CMD exits with STATUS and its output contains TEXT
expect() {
  local name=$1 want=$2 text=$3 rc=0
  shift 3
  "$@" > "$tmp/out" 2>&1 || rc=$?
  if [ "$rc" = "$want" ] && grep -qF -- "$text" "$tmp/out"; then ok "$name"; return; fi
  bad "$name (exit $rc, wanted $want and '$text'):"
  sed 's/^/    /' "$tmp/out" | tail -n 15
}
fake() { PATH=$FAKE_PATH "$@"; }

# no vagrant at all: a PATH with only what ./nflab needs to get that far
mkdir -p "$tmp/bin"
for t in bash env dirname; do ln -s "$(command -v "$t")" "$tmp/bin/$t"; done
expect "no vagrant: how to install it" 127 "apt-get install vagrant" env PATH="$tmp/bin" ./nflab vm status

expect "run before up: the VM is not running" 3 "start it with ./nflab vm up" fake ./nflab vm run lab/scenarios/seed-external-client.scenario
expect "ssh before up" 3 "the VM is not running" fake ./nflab vm ssh
expect "up passes --provider through" 0 "(provider: libvirt)" fake ./nflab vm up --provider libvirt
expect "status" 0 "running" fake ./nflab vm status
expect "no such scenario" 2 "lab/scenarios/no-such.scenario: no such file" fake ./nflab vm run lab/scenarios/no-such.scenario
expect "unknown back end" 2 "--backend: legacy or nft" fake ./nflab vm run lab/scenarios/seed-external-client.scenario --backend ebpf
if [ -f /var/lib/nflab/jupyter.url ]; then
  expect "jupyter: the URL" 0 "$(head -n 1 /var/lib/nflab/jupyter.url)" fake ./nflab vm jupyter
else
  expect "jupyter: no URL yet" 1 "provision it first" fake ./nflab vm jupyter
fi

touch "$tmp/start"
sleep 1
expect "run: the scenario in the VM, compared here" 0 "every counter explained" \
  fake ./nflab vm run lab/scenarios/seed-external-client.scenario
missing=""
for f in before.rules after.rules trace-legacy.txt capture.pcap conntrack-before.txt ip-addr.json meta.json scenario.scenario; do
  [ "$rec/$f" -nt "$tmp/start" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "run: $rec written afresh"; else bad "run: $rec lacks fresh$missing"; fi
expect "the recording compares explained" 0 "every counter explained" ./nflab compare "$rec"

expect "halt" 0 "halting" fake ./nflab vm halt
expect "run after halt: not running" 3 "vagrant status: poweroff" fake ./nflab vm run lab/scenarios/seed-external-client.scenario
expect "destroy" 0 "destroying" fake ./nflab vm destroy -f

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
