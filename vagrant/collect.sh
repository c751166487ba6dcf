#!/usr/bin/env bash
# vagrant/collect.sh - inside the VM: record the lab's library with the VM's software
# (Docker CE 20.10.7, iptables 1.8.4, Ubuntu 20.04's kernel) into the synced folder:
#   $NFLAB_OUT/BACKEND/NAME/               every lab/scenarios/NAME.scenario (lab/run.sh)
#   $NFLAB_OUT/docker-rules/BACKEND/NAME/  every lab/docker-cases/NAME.docker
#   $NFLAB_OUT/seed-vm/                    the VM's own Docker with the seed's nginx
#                                          (vagrant/collect-seed.sh)
# The scenario files are the same as for the local lab.  BACKENDS: NFLAB_BACKENDS
# (default "legacy", Ubuntu 20.04's default; "legacy nft" for both).
set -uo pipefail
out=${NFLAB_OUT:-/vagrant/lab/recorded-vm}
backends=${NFLAB_BACKENDS:-legacy}
lab=/vagrant/lab
status=0
for b in $backends; do
  "$lab/run-all.sh" --backend "$b" --scenarios-only "$out/$b" || status=1
  "$lab/run-all.sh" --backend "$b" --docker-only "$out/docker-rules/$b" || status=1
done
/vagrant/vagrant/collect-seed.sh "$out/seed-vm" || status=1
exit $status
