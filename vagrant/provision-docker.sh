#!/usr/bin/env bash
# vagrant/provision-docker.sh - inside the VM (Ubuntu 20.04): Docker Engine pinned from
# Docker's apt repository, as on the seed's VM (docker-ce/docker-ce-cli 20.10.7,
# containerd.io 1.4.6), held at that version.  iptables stays as Ubuntu ships it (1.8.4,
# legacy backend).
set -euo pipefail
DOCKER_VERSION=${DOCKER_VERSION:-5:20.10.7~3-0~ubuntu-focal}
CONTAINERD_VERSION=${CONTAINERD_VERSION:-1.4.6-1}
export DEBIAN_FRONTEND=noninteractive

# shellcheck source=/dev/null
. /etc/os-release
if [ "${VERSION_CODENAME:-}" != focal ]; then
  echo "provision-docker: expected Ubuntu 20.04 (focal), got ${PRETTY_NAME:-unknown}" >&2
  exit 1
fi

have() { [ "$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null)" = "$2" ]; }
if have docker-ce "$DOCKER_VERSION" && have docker-ce-cli "$DOCKER_VERSION" && have containerd.io "$CONTAINERD_VERSION"; then
  echo "provision-docker: Docker $DOCKER_VERSION already installed"
else
  apt-get update -q
  apt-get install -y -q ca-certificates curl gnupg
  install -m 0755 -d /etc/apt/keyrings
  curl -fsSL https://download.docker.com/linux/ubuntu/gpg | gpg --dearmor --yes -o /etc/apt/keyrings/docker.gpg
  chmod a+r /etc/apt/keyrings/docker.gpg
  echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/ubuntu focal stable" \
    > /etc/apt/sources.list.d/docker.list
  apt-get update -q
  apt-get install -y -q --allow-downgrades --allow-change-held-packages \
    "docker-ce=$DOCKER_VERSION" "docker-ce-cli=$DOCKER_VERSION" "containerd.io=$CONTAINERD_VERSION"
  apt-mark hold docker-ce docker-ce-cli containerd.io
fi

# iptables as Ubuntu 20.04 ships it: the legacy backend is the default alternative
if [[ $(iptables --version) != *legacy* ]]; then
  echo "provision-docker: WARNING: iptables is not the legacy backend: $(iptables --version)" >&2
fi
systemctl enable --now docker
docker version --format 'provision-docker: Docker {{.Server.Version}}, containerd {{range .Server.Components}}{{if eq .Name "containerd"}}{{.Version}}{{end}}{{end}}'
iptables --version
