#!/usr/bin/env bash
# ./nflab vm COMMAND - the seed's VM (../Vagrantfile) in the loop, through Vagrant:
#   ./nflab vm up [--provider NAME] [ARGS...]   vagrant up (ARGS go to vagrant up as they are)
#   ./nflab vm status                          vagrant status
#   ./nflab vm ssh [-- ARGS...]                vagrant ssh
#   ./nflab vm halt | destroy [-f]             vagrant halt / vagrant destroy
#   ./nflab vm run SCENARIO [--backend legacy|nft]
#       runs SCENARIO on the lab inside the VM (lab/run.sh, the VM's Docker 20.10.7 and
#       iptables 1.8.4; legacy by default, Ubuntu 20.04's), brings its snapshot back over
#       `vagrant ssh` into lab/recorded-vm/BACKEND/NAME/ (whatever the synced folder's type),
#       then compares it with the model here (./nflab compare); exit status: the comparison's
#   ./nflab vm jupyter                         the URL of the VM's Jupyter (/var/lib/nflab/jupyter.url)
# Runs vagrant from the checkout (where the Vagrantfile is). Errors: one line `nflab: vm: ...`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

die() { echo "nflab: vm: $*" >&2; exit "${STATUS:-2}"; }
usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

need_vagrant() {
  command -v vagrant >/dev/null 2>&1 && return 0
  STATUS=127 die "vagrant is not installed: on Debian or Ubuntu, apt-get install vagrant (or HashiCorp's package: https://developer.hashicorp.com/vagrant/install), with a provider (VirtualBox, or libvirt with the vagrant-libvirt plugin); then ./nflab vm up"
}

# the VM's state as Vagrant reports it (running, poweroff, not_created, saved, ...)
vm_state() {
  vagrant status --machine-readable 2>/dev/null | awk -F, '$3 == "state" { print $4; exit }'
}

need_running() {
  local state
  state=$(vm_state)
  [ "$state" = running ] && return 0
  STATUS=3 die "the VM is not running (vagrant status: ${state:-unknown}): start it with ./nflab vm up"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
  ""|-h|--help|help) usage; exit 0 ;;
esac

case $cmd in
  up)
    for a in "$@"; do case $a in -h|--help) echo "usage: ./nflab vm up [--provider NAME] [vagrant up options]"; exit 0 ;; esac; done
    need_vagrant
    exec vagrant up "$@"
    ;;
  status)
    case ${1:-} in -h|--help) echo "usage: ./nflab vm status"; exit 0 ;; esac
    need_vagrant
    exec vagrant status "$@"
    ;;
  ssh)
    case ${1:-} in -h|--help) echo "usage: ./nflab vm ssh [-- SSH-ARGS]  (a shell in the VM: /vagrant is this checkout)"; exit 0 ;; esac
    need_vagrant
    need_running
    exec vagrant ssh "$@"
    ;;
  halt|destroy)
    case ${1:-} in -h|--help) echo "usage: ./nflab vm $cmd [vagrant $cmd options]"; exit 0 ;; esac
    need_vagrant
    exec vagrant "$cmd" "$@"
    ;;
  jupyter)
    case ${1:-} in -h|--help) echo "usage: ./nflab vm jupyter  (prints the URL of the Jupyter server the VM's provisioner started)"; exit 0 ;; esac
    need_vagrant
    need_running
    url=$(vagrant ssh -c 'cat /var/lib/nflab/jupyter.url 2>/dev/null || true' 2>/dev/null | tr -d '\r' | grep -m 1 . || true)
    [ -n "$url" ] || STATUS=1 die "the VM has no Jupyter URL (/var/lib/nflab/jupyter.url is missing): provision it first (vagrant provision, or ./nflab vm up --provision)"
    echo "$url"
    ;;
  run)
    backend=legacy scenario=""
    while [ $# -gt 0 ]; do
      case $1 in
        --backend) [ $# -ge 2 ] || die "--backend needs a value (legacy or nft)"; backend=$2; shift 2 ;;
        --backend=*) backend=${1#--backend=}; shift ;;
        -h|--help) echo "usage: ./nflab vm run SCENARIO [--backend legacy|nft]  (legacy by default: the VM's iptables 1.8.4)"; exit 0 ;;
        -*) die "run: unknown option $1 (./nflab vm --help)" ;;
        *) [ -z "$scenario" ] || die "run: one SCENARIO only ($scenario, then $1)"; scenario=$1; shift ;;
      esac
    done
    [ -n "$scenario" ] || die "run: which scenario? ./nflab vm run lab/scenarios/NAME.scenario"
    case $backend in legacy|nft) ;; *) die "run: --backend: legacy or nft, not '$backend'" ;; esac
    [ -f "$scenario" ] || die "run: $scenario: no such file (the scenarios are in lab/scenarios/)"
    name=$(basename "$scenario" .scenario)
    [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "run: $scenario: a scenario's name is letters, digits, '.', '_' and '-'"
    need_vagrant
    need_running
    # The scenario goes over ssh (the synced folder may be an rsync copy made at `vagrant up`), the
    # lab runs from the synced folder (/vagrant), and the snapshot comes back over ssh, as base64
    # (clean through any terminal handling), whatever the synced folder's type.
    remote=/tmp/nflab-vm-run
    echo "nflab: vm: running $scenario in the VM (lab/run.sh --backend $backend)..." >&2
    vagrant ssh -c "sudo rm -rf $remote && mkdir -p $remote && cat > $remote/$name.scenario" < "$scenario" ||
      STATUS=1 die "could not copy $scenario into the VM (vagrant ssh failed)"
    rc=0
    vagrant ssh -c "sudo /vagrant/lab/run.sh --backend $backend $remote/$name.scenario $remote/$name" < /dev/null || rc=$?
    [ $rc = 0 ] || STATUS=$rc die "the lab run in the VM failed (exit $rc; its reason above)"
    dest=lab/recorded-vm/$backend/$name
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    vagrant ssh -c "sudo tar -C $remote -czf - $name | base64" < /dev/null 2>/dev/null | tr -d '\r' > "$tmp/snap.b64" ||
      STATUS=1 die "could not fetch the snapshot from the VM (vagrant ssh failed)"
    mkdir -p "$tmp/x"
    if ! base64 -d < "$tmp/snap.b64" > "$tmp/snap.tgz" 2>/dev/null || ! tar -C "$tmp/x" -xzf "$tmp/snap.tgz"; then
      STATUS=1 die "the snapshot fetched from the VM is damaged (base64 or tar failed)"
    fi
    [ -f "$tmp/x/$name/after.rules" ] || STATUS=1 die "the snapshot fetched from the VM has no after.rules"
    vagrant ssh -c "sudo rm -rf $remote" < /dev/null 2>/dev/null || true
    rm -rf "$dest"
    mkdir -p "$(dirname "$dest")"
    mv "$tmp/x/$name" "$dest"
    cp "$scenario" "$dest/scenario.scenario"
    echo "snapshot: $dest (recorded in the VM)"
    rm -rf "$tmp"
    trap - EXIT
    exec "$ROOT/nflab" compare "$dest" --scenario "$scenario"
    ;;
  *)
    die "unknown command '$cmd' (up, status, ssh, halt, destroy, run, jupyter; ./nflab vm --help)"
    ;;
esac
