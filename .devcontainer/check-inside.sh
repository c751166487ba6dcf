#!/usr/bin/env bash
# .devcontainer/check-inside.sh - run inside the dev container (tools/devcontainer-check.sh starts
# it, privileged, with the checkout as the workspace): what a learner does there, checked.
#   1. devcontainer.json's postCreateCommand: vagrant/provision-kit.sh, the VM's kit part (Java 17,
#      Maven, the kit built offline, Jupyter with the nflab-java kernel, the service, its URL)
#   2. devcontainer.json's postStartCommand (the service started again, as at each start)
#   3. ./nflab tour
#   4. ./nflab notebooks run (both ways: prediction cells empty, then the reference answers)
#   5. the lab: lab/setup.sh (the image has its packages: nothing is installed), then
#      lab/run.sh on lab/scenarios/seed-external-client.scenario with the lab's own dockerd nested
#      in its namespaces, and ./nflab compare: every counter explained
# Ends with "devcontainer: N passed, N failed"; exits non-zero if one failed.
set -uo pipefail
case ${1:-} in -h|--help) sed -n '2,12p' "$0"; exit 0 ;; esac
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
ws=$PWD
passed=0 failed=0
check() {  # check NAME CMD...
  local name=$1 t; shift
  t=$(date +%s)
  echo "-- $name"
  if "$@"; then
    echo "ok   - $name ($(( $(date +%s) - t )) s)"; passed=$((passed + 1))
  else
    echo "FAIL - $name ($(( $(date +%s) - t )) s)"; failed=$((failed + 1))
  fi
}
# a lifecycle command of devcontainer.json, as a dev-container host runs it (in the workspace)
lifecycle() {
  local cmd
  cmd=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(".devcontainer/devcontainer.json"))[sys.argv[1]])' "$1") || return 1
  cmd=${cmd//\$\{containerWorkspaceFolder\}/$ws}
  echo "   $cmd"
  bash -c "$cmd"
}
url_answers() {  # the URL written for the learner opens the notebook tree with its token
  local url; url=$(cat /var/lib/nflab/jupyter.url) || return 1
  echo "   $url"
  local page; page=$(curl -fsS "$url") || return 1
  grep -q '<title>Home Page - Select or create a notebook</title>' <<< "$page"
}
lab_run() {
  local out=/tmp/nflab-devcontainer-snap scen=lab/scenarios/seed-external-client.scenario
  bash lab/setup.sh && rm -rf "$out" && bash lab/run.sh "$scen" "$out" && ./nflab compare "$out" --scenario "$scen"
}

# started without --privileged where the machine cannot grant every capability
# (tools/devcontainer-check.sh): make /sys and the container's cgroups writable, as --privileged does
if [ "${NFLAB_REMOUNT_RW:-0}" = 1 ]; then
  mount -o remount,rw /sys || exit 1
  findmnt -rn -o TARGET -R /sys/fs/cgroup | while read -r m; do
    [ -L "$m" ] || mount -o remount,bind,rw "$m" || echo "check-inside: cannot make $m writable" >&2
  done
  findmnt -rn -o TARGET,OPTIONS -R /sys/fs/cgroup | sed 's/^/   /'
fi

# shellcheck source=/dev/null
os=$(. /etc/os-release; echo "$PRETTY_NAME")
echo "== inside the dev container: $os, $(java -version 2>&1 | head -1), $(mvn -B -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g' | cut -d' ' -f1-3), $(dockerd --version)"
check "postCreateCommand (vagrant/provision-kit.sh: packages, kit build, kernel, Jupyter service)" lifecycle postCreateCommand
check "postStartCommand (the service started again)" lifecycle postStartCommand
check "the Jupyter URL in /var/lib/nflab/jupyter.url opens the notebooks" url_answers
check "./nflab tour" bash -c './nflab tour > /tmp/tour.txt && tail -2 /tmp/tour.txt'
check "./nflab notebooks run" ./nflab notebooks run
check "the lab: seed-external-client on Docker $(dockerd --version | cut -d' ' -f3 | tr -d ,), every counter explained" lab_run
# the service started by the lifecycle commands ends with the container; stop it cleanly anyway
[ -s /var/lib/nflab/jupyter.pid ] && kill "$(cat /var/lib/nflab/jupyter.pid)" 2>/dev/null
echo "devcontainer: $passed passed, $failed failed"
[ "$failed" = 0 ]
