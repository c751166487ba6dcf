#!/usr/bin/env bash
# vagrant/provision-seed.sh - inside the VM: the seed's container, in the VM's own Docker:
#   docker run --name nginx -p 80:80 -d nginx
# then shows what the seed's note shows (listening ports, the nat and filter tables).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
command -v netstat >/dev/null || { apt-get update -q && apt-get install -y -q net-tools; }
if docker inspect nginx >/dev/null 2>&1; then
  docker start nginx >/dev/null
else
  docker run --name nginx -p 80:80 -d nginx
fi
netstat -tlnp
iptables -L -n -v --line-numbers -t nat
iptables -L -n -v --line-numbers -t filter
