#!/usr/bin/env bash
# lab/setup.sh - install what the real-machine lab needs and build the `web` image.
#
# Idempotent; run as root.  Debian 12 (bookworm) packages: docker.io (Docker 20.10.24),
# iptables (nft and legacy backends), conntrack, tcpdump, busybox-static, iproute2, curl.
#
#   lab/setup.sh              install missing packages, then build the image if missing
#   lab/setup.sh --no-install only build the image (Docker and tools are already there,
#                             e.g. Docker CE inside the Vagrant VM)
#   lab/setup.sh --rebuild    build the image again even if it exists
#
# Safety: packages are installed with a /usr/sbin/policy-rc.d that exits 101, so no
# service (dockerd, containerd) starts in the machine's own network namespace.  The
# root namespace's rules, routes and addresses are saved before and compared after.
set -euo pipefail
# shellcheck source=lab/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install=1 rebuild=0
for a in "$@"; do
  case $a in
    --no-install) install=0 ;;
    --rebuild) rebuild=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown option $a (see lab/setup.sh --help)" ;;
  esac
done
need_root

PKGS=(docker.io containerd runc iptables nftables ipset conntrack tcpdump busybox-static iproute2 curl
      util-linux procps net-tools python3 gcc libc6-dev ufw)

install_packages() {
  local missing=() p
  for p in "${PKGS[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "packages already installed"
    return 0
  fi
  log "installing: ${missing[*]}"
  local before; before=$(mktemp -d)
  root_state "$before"
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# nflab lab/setup.sh: keep services from starting while installing\nexit 101\n' \
      > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  {
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
      apt-get -o DPkg::Lock::Timeout=600 update -q
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
      --no-install-recommends "${missing[@]}"
  } >&2 || rc=$?
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  # No daemon of ours may run in the root network namespace.
  local pid comm killed=0
  while read -r pid comm; do
    log "WARNING: $comm (pid $pid) started in the root namespace; killing it"
    kill -9 "$pid" || true
    killed=1
  done < <(root_daemons)
  [ $rc = 0 ] || die "apt-get install failed (exit $rc)"
  if ! root_state_same "$before"; then
    [ $killed = 1 ] && restore_root_rules "$before"
    root_state_same "$before" || die "the root namespace changed during the install (see diff above)"
  fi
  rm -rf "$before"
}

# nflab-net: the lab's client and servers, one static binary used everywhere
build_net() {
  mkdir -p "$LAB_VAR/bin"
  if [ -x "$NET_BIN" ] && [ "$NET_BIN" -nt "$LAB_DIR/nflab-net.c" ] && [ $rebuild = 0 ]; then
    return 0
  fi
  log "building $NET_BIN from lab/nflab-net.c"
  gcc -static -Os -s -Wall -o "$NET_BIN.tmp" "$LAB_DIR/nflab-net.c" || die "could not build nflab-net (gcc, libc6-dev)"
  mv "$NET_BIN.tmp" "$NET_BIN"
}

# the image's inputs; the image is rebuilt when they change
image_stamp() { sha256sum /bin/busybox "$NET_BIN" "$0" | awk '{print $1}' | sha256sum | cut -c1-16; }

build_image() {
  local stamp; stamp=$(image_stamp)
  if [ -s "$IMAGE_TAR" ] && [ "$(cat "$IMAGE_TAR.stamp" 2>/dev/null)" = "$stamp" ] && [ $rebuild = 0 ] &&
     cmp -s "$LAB_VAR/docker-template.stamp" "$IMAGE_TAR.stamp"; then
    log "image web already built ($IMAGE_TAR)"
    return 0
  fi
  [ -x /bin/busybox ] || die "/bin/busybox missing (install busybox-static)"
  rm -f "$IMAGE_TAR"
  lab_begin
  lab_up nft ""
  log "building image web from /bin/busybox and nflab-net"
  local root="$LAB_RUN/imgroot"
  rm -rf "$root"; mkdir -p "$root/bin" "$root/www" "$root/tmp" "$root/etc"
  cp /bin/busybox "$root/bin/busybox"
  cp "$NET_BIN" "$root/bin/nflab-net"
  local a
  for a in $(/bin/busybox --list); do
    [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
  done
  printf 'hello\n' > "$root/www/index.html"
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\n' > "$root/etc/group"
  tar -C "$root" --numeric-owner --owner=0 --group=0 --mtime=@0 -cf "$LAB_RUN/web-rootfs.tar" .
  dk import \
    --change 'ENTRYPOINT ["/bin/nflab-net","init"]' \
    --change 'CMD ["/bin/busybox","httpd","-f","-p","80","-h","/www"]' \
    --change 'ENV PATH=/bin' \
    --change 'EXPOSE 80' \
    "$LAB_RUN/web-rootfs.tar" web:latest >/dev/null
  dk save -o "$IMAGE_TAR.tmp" web:latest
  mv "$IMAGE_TAR.tmp" "$IMAGE_TAR"
  echo "$stamp" > "$IMAGE_TAR.stamp"
  log "image web saved to $IMAGE_TAR ($(du -h "$IMAGE_TAR" | cut -f1))"
  # a copy of the data-root holding just the image, for lab_up (no network state in it)
  kill -TERM "$DOCKERD_PID"
  local i
  for i in $(seq 1 150); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$DOCKERD_PID" 2>/dev/null && die "dockerd did not stop"
  rm -rf "$LAB_VAR/docker-template" "$LAB_VAR/docker-template.tmp"
  cp -a "$LAB_VAR/run/docker" "$LAB_VAR/docker-template.tmp"
  rm -rf "$LAB_VAR/docker-template.tmp/network" "$LAB_VAR/docker-template.tmp/tmp"
  mv "$LAB_VAR/docker-template.tmp" "$LAB_VAR/docker-template"
  cp "$IMAGE_TAR.stamp" "$LAB_VAR/docker-template.stamp"
  lab_end
}

[ $install = 1 ] && install_packages
for t in dockerd containerd runc iptables-nft iptables-legacy conntrack tcpdump \
         nsenter unshare flock curl python3 gcc; do
  command -v "$t" >/dev/null || die "$t not found after install"
done
build_net
build_image
log "setup done: $(dockerd --version)"
