#!/usr/bin/env bash
# vagrant/provision-lab.sh - inside the VM: the tools of nflab's lab (lab/README.md) and its
# `web` image.  Docker itself is the VM's Docker CE 20.10.7 (vagrant/provision-docker.sh); the
# lab starts its own dockerd from it inside network namespaces, apart from the VM's Docker.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends conntrack tcpdump busybox-static iproute2 curl \
  util-linux procps net-tools python3 gcc libc6-dev kmod
modprobe br_netfilter || true
modprobe nf_log_ipv4 || true
/vagrant/lab/setup.sh --no-install
