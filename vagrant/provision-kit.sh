#!/usr/bin/env bash
# vagrant/provision-kit.sh - the kit as a course environment, on Ubuntu 20.04 (the VM) or
# Debian 12 (the dev container): Java 17, Maven, Jupyter with the nflab-java kernel, the kit
# built, and Jupyter served on port 8888 as a service, its URL (token included) written to
# /var/lib/nflab/jupyter.url. The same script provisions the VM (Vagrantfile, provisioner
# `kit`) and the dev container (.devcontainer/), and CI runs it inside the dev-container image
# (tools/devcontainer-check.sh), so the VM's kit part is tested where no VM can boot.
#
#   vagrant/provision-kit.sh [--checkout DIR] [--url-port N] [--service MODE]
#   vagrant/provision-kit.sh --packages-only [--with-lab-packages]
#   vagrant/provision-kit.sh --service-only [--checkout DIR]  # start Jupyter again (a container's start)
#
# Options:
#   --checkout DIR     the kit's checkout (default: the one holding this script)
#   --url-port N       the port the laptop reaches Jupyter on (the VM's forwarded port; default
#                      $NFLAB_JUPYTER_PORT or 8888): it goes into the URL written for the learner
#   --service MODE     systemd (enable and start nflab-jupyter.service: survives reboots),
#                      background (start the service's command directly, for a container without
#                      systemd), none; default: systemd when systemd runs, else background
#   --packages-only    only install the packages (missing ones only; what the image build runs)
#   --with-lab-packages  also the lab's Debian packages (lab/setup.sh's list)
#   --service-only     skip packages and build: (re)start the service and check it (after provisioning)
#   --list-packages    print the packages it installs (with --with-lab-packages: the lab's too), one a line
#   -h, --help
#
# Packages come from the distribution (apt-get, only what is missing, so an image made with them
# needs no network). Ubuntu 20.04 has no python3-nbclient: there Jupyter serves the notebooks,
# but the headless runner (./nflab notebooks run) needs Debian 12 or Ubuntu 22.04; this script says so.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHECKOUT="$(cd "$HERE/.." && pwd)"
URL_PORT=${NFLAB_JUPYTER_PORT:-8888}
SERVICE=auto PACKAGES_ONLY=0 LAB_PACKAGES=0 SERVICE_ONLY=0 LIST=0
STATE=/var/lib/nflab
GUEST_PORT=8888

say() { printf 'provision-kit: %s\n' "$*"; }
die() { printf 'provision-kit: error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --checkout) [ $# -ge 2 ] || die "--checkout needs a folder"; CHECKOUT=$(cd "$2" && pwd) || die "--checkout $2: no such folder"; shift ;;
    --url-port) [ $# -ge 2 ] || die "--url-port needs a port number"; URL_PORT=$2; shift ;;
    --service) [ $# -ge 2 ] || die "--service needs systemd, background or none"; SERVICE=$2; shift ;;
    --packages-only) PACKAGES_ONLY=1 ;;
    --with-lab-packages) LAB_PACKAGES=1 ;;
    --service-only) SERVICE_ONLY=1 ;;
    --list-packages) LIST=1 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see vagrant/provision-kit.sh --help)" ;;
  esac
  shift
done
if ! [[ $URL_PORT =~ ^[0-9]+$ ]] || [ "$URL_PORT" -lt 1 ] || [ "$URL_PORT" -gt 65535 ]; then
  die "--url-port $URL_PORT: not a port number (1-65535)"
fi
case $SERVICE in
  auto) if [ -d /run/systemd/system ]; then SERVICE=systemd; else SERVICE=background; fi ;;
  systemd|background|none) ;;
  *) die "--service $SERVICE: must be systemd, background or none" ;;
esac
# --- 1. packages ---------------------------------------------------------------------------------
KIT_PKGS=(openjdk-17-jdk-headless maven jupyter-notebook jupyter-client jupyter-core
          python3-nbconvert jupyter-nbconvert python3-nbclient git curl ca-certificates)
# lab/setup.sh's PKGS (the dev container's lab; the VM has Docker CE instead, vagrant/provision-lab.sh)
LAB_PKGS=(docker.io containerd runc iptables nftables ipset conntrack tcpdump busybox-static iproute2 curl
          util-linux procps net-tools python3 gcc libc6-dev ufw kmod)
pkgs=("${KIT_PKGS[@]}")
[ $LAB_PACKAGES = 0 ] || pkgs+=("${LAB_PKGS[@]}")
if [ $LIST = 1 ]; then printf '%s\n' "${pkgs[@]}" | sort -u; exit 0; fi

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and a service)"
export DEBIAN_FRONTEND=noninteractive

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
install_missing() {
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then say "packages already installed: $*"; return 0; fi
  say "apt-get install ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
  local avail=() p
  for p in "${missing[@]}"; do
    if apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -qv '(none)'; then
      avail+=("$p")
    elif [ "$p" = python3-nbclient ]; then
      say "note: this release has no python3-nbclient: Jupyter serves the notebooks, but running them headless (./nflab notebooks run) needs Debian 12 or Ubuntu 22.04"
    else
      die "package $p is not available from this machine's apt sources"
    fi
  done
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${avail[@]}"
}
if [ $SERVICE_ONLY = 0 ]; then
  install_missing "${pkgs[@]}"
  if [ $PACKAGES_ONLY = 1 ]; then say "packages done"; exit 0; fi
fi

# --- 2. the kit, built, and the nflab-java kernel ------------------------------------------------
if ! [ -f "$CHECKOUT/core/pom.xml" ] || ! [ -x "$CHECKOUT/nflab" ]; then
  die "$CHECKOUT is not an nflab checkout (no core/pom.xml or ./nflab)"
fi
cd "$CHECKOUT"
if [ $SERVICE_ONLY = 0 ]; then
  say "building the kit in $CHECKOUT (offline first; the first online build downloads its dependencies)"
  if ! mvn -q -o -B package -DskipTests >/tmp/provision-kit-build.log 2>&1; then
    mvn -q -B package -DskipTests >/tmp/provision-kit-build.log 2>&1 || { cat /tmp/provision-kit-build.log >&2; die "the kit's build failed (output above)"; }
  fi
  touch core/target/nflab-core-*.jar exercises/target/nflab-exercises-*.jar   # ./nflab: built now
  check=()
  /usr/bin/python3 -c 'import nbclient' 2>/dev/null || check=(--no-check)
  notebooks/install-kernel.sh --with-notebook --skip-core --no-apt "${check[@]}"
fi
[ -s "$STATE/jupyter.token" ] || [ $SERVICE_ONLY = 0 ] || die "--service-only: not provisioned yet (run vagrant/provision-kit.sh first)"

# --- 3. Jupyter as a service, and its URL --------------------------------------------------------
mkdir -p "$STATE"
chmod 755 "$STATE"
if [ ! -s "$STATE/jupyter.token" ]; then   # kept across provisionings: the learner's URL stays valid
  ( umask 077; /usr/bin/python3 -c 'import secrets; print(secrets.token_hex(24))' > "$STATE/jupyter.token" )
fi
token=$(cat "$STATE/jupyter.token")
cat > "$STATE/jupyter.env" <<EOF
NFLAB_CHECKOUT=$CHECKOUT
NFLAB_JUPYTER_PORT=$GUEST_PORT
NFLAB_JUPYTER_URL_PORT=$URL_PORT
EOF
install -D -m 755 "$HERE/jupyter-service.sh" /usr/local/lib/nflab/jupyter-service
# the URL as the laptop reaches it (the forwarded port); the service writes it again at each start
echo "http://127.0.0.1:$URL_PORT/tree?token=$token" > "$STATE/jupyter.url"

case $SERVICE in
  systemd)
    cat > /etc/systemd/system/nflab-jupyter.service <<'EOF'
[Unit]
Description=Jupyter serving the nflab notebooks (kernel nflab-java)
After=network-online.target
Wants=network-online.target
# the checkout may be a synced folder mounted after boot: retry until it is there
StartLimitIntervalSec=0

[Service]
Type=simple
EnvironmentFile=/var/lib/nflab/jupyter.env
ExecStart=/usr/local/lib/nflab/jupyter-service
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
    systemctl daemon-reload
    systemctl enable nflab-jupyter.service >/dev/null 2>&1
    systemctl restart nflab-jupyter.service
    ;;
  background)
    # no systemd (a container): the service's own command, in its own session
    if [ -s "$STATE/jupyter.pid" ] && kill -0 "$(cat "$STATE/jupyter.pid")" 2>/dev/null; then
      kill "$(cat "$STATE/jupyter.pid")" 2>/dev/null || true
      sleep 1
    fi
    # shellcheck disable=SC2046  # the env file's lines are NAME=VALUE words
    setsid env $(cat "$STATE/jupyter.env") /usr/local/lib/nflab/jupyter-service \
      > /var/log/nflab-jupyter.log 2>&1 < /dev/null &
    echo $! > "$STATE/jupyter.pid"
    ;;
  none) say "Jupyter not started (--service none)"; exit 0 ;;
esac

# --- 4. check: the server answers with the token and offers the nflab-java kernel --------------
for _ in $(seq 1 120); do
  if curl -fsS -H "Authorization: token $token" "http://127.0.0.1:$GUEST_PORT/api/kernelspecs" 2>/dev/null | grep -q '"nflab-java"'; then
    say "Jupyter serves the notebooks with the nflab-java kernel (service: $SERVICE)"
    say "open: $(cat "$STATE/jupyter.url")"
    exit 0
  fi
  sleep 1
done
[ "$SERVICE" = background ] && tail -20 /var/log/nflab-jupyter.log >&2
[ "$SERVICE" = systemd ] && journalctl -u nflab-jupyter.service -n 20 --no-pager >&2
die "Jupyter did not answer on port $GUEST_PORT with the nflab-java kernel within 120 s (log above)"
