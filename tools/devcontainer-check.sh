#!/usr/bin/env bash
# tools/devcontainer-check.sh - CI for the course environments (./nflab test, step 5; root): builds
# the dev container's image (.devcontainer/Dockerfile) with Debian's Docker 20.10 from a Debian 12
# base made here (no image registry is reached), then, inside a privileged container of it with
# this checkout as the workspace, runs .devcontainer/check-inside.sh: the kit provisioned by
# vagrant/provision-kit.sh (the VM's kit part: Java, Maven, Jupyter, kernel, service), ./nflab
# tour, ./nflab notebooks run, and the lab (its own dockerd, nested) on one scenario, compared.
#
#   tools/devcontainer-check.sh [--no-cache] [--keep] [--base-only]
#
#   --base-only make (or find in the cache) the base tarball and stop: no dockerd is started
#   --no-cache  make the base again (it is cached by its package list under $NFLAB_CACHE,
#               default /var/cache/nflab/devcontainer)
#   --keep      leave the work folder (logs, workspace copy) for a look afterwards
#
# The base: `debootstrap --variant=minbase bookworm` from the mirror this machine's apt uses (read
# from /etc/apt, never changed), then the packages of vagrant/provision-kit.sh --list-packages
# --with-lab-packages installed into it by apt-get in a chroot (a private mount namespace, a
# policy-rc.d that lets no service start), saved as a tarball and `docker import`ed.
# The build's dockerd lives in a network namespace of its own (nflab-devenv, no way out), with its
# own data-root, exec-root, pid file and socket under a private folder, --iptables=false
# --bridge=none: it never touches the machine's rules. It is stopped and everything removed at
# the end, also on failure or Ctrl-C. Run it under `flock /run/nflab-helpers-lab.lock` where other
# labs may run. Prints each phase's time and ends with "N passed, N failed".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE=${NFLAB_CACHE:-/var/cache/nflab/devcontainer}
NS=nflab-devenv
SUITE=bookworm
nocache=0 keep=0 base_only=0
for a in "$@"; do
  case $a in
    --no-cache) nocache=1 ;;
    --keep) keep=1 ;;
    --base-only) base_only=1 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "devcontainer-check: unknown option $a (see tools/devcontainer-check.sh --help)" >&2; exit 2 ;;
  esac
done
say() { echo "[devcontainer] $*" >&2; }
die() { echo "devcontainer-check: error: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, a network namespace, dockerd)"
[ -e "/run/netns/$NS" ] && die "network namespace $NS exists: another check runs, or a crashed one left it (ip netns del $NS)"

t0=$(date +%s); tp=$t0
phase() { local now; now=$(date +%s); say "$1: $((now - tp)) s"; tp=$now; }

# --- tools --------------------------------------------------------------------------------------
missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
if ! [ -x /usr/sbin/dockerd ] || ! [ -x /usr/bin/docker ]; then missing+=(docker.io); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (no service is started: policy-rc.d)"
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; own_policy=1
  fi
  rc=0
  { apt-get -o DPkg::Lock::Timeout=600 update -q && DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"; } >&2 || rc=$?
  [ $own_policy = 0 ] || rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || die "apt-get install ${missing[*]} failed"
fi
DOCKER=/usr/bin/docker DOCKERD=/usr/sbin/dockerd

# the mirror this machine's apt uses for Debian (deb822 .sources or one-line .list); read only
mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    awk -v s="$SUITE" 'BEGIN{RS=""} $0 ~ ("Suites:[^\n]*(^| )" s "( |\n|$)") && /Types:[^\n]*deb( |\n|$)/ {
        if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { u=substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", u); print u; exit } }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk -v s="$SUITE" '$1=="deb" && $0 !~ /^#/ { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i+1)==s) print $i; break } }' "$f"
  done
}
MIRROR=$(mirror | grep -v -e security -e '^$' | head -1)
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
mapfile -t PKGS < <("$ROOT/vagrant/provision-kit.sh" --list-packages --with-lab-packages)

work=$(mktemp -d /tmp/nflab-devenv.XXXXXX)
priv=/run/nflab-devenv            # the build dockerd's exec-root, socket, pid file
dpid="" cpid="" runpid=""
cleanup() {
  local rc=$? d
  set +e
  [ -z "$runpid" ] || kill -TERM "$runpid" 2>/dev/null   # the docker client of the checks
  if [ -n "$dpid" ] && kill -0 "$dpid" 2>/dev/null; then
    kill -TERM "$dpid"
    for _ in $(seq 1 300); do kill -0 "$dpid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$dpid" 2>/dev/null && kill -9 "$dpid"
  fi
  # whatever still runs in the containers' cgroups (under --cgroup-parent) was started by this check
  local left
  left=$(find /sys/fs/cgroup/pids/"$NS" /sys/fs/cgroup/"$NS" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u)
  # shellcheck disable=SC2086  # one pid a word
  [ -z "$left" ] || kill -9 $left
  [ -s "$priv/exec/containerd/containerd.pid" ] && cpid=$(cat "$priv/exec/containerd/containerd.pid")
  if [ -n "$cpid" ] && kill -0 "$cpid" 2>/dev/null; then kill -9 "$cpid"; fi
  [ -e "/run/netns/$NS" ] && ip netns del "$NS"
  for d in /sys/fs/cgroup/*/"$NS" /sys/fs/cgroup/"$NS"; do
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  rm -rf "$priv" "$work/docker"
  if [ $keep = 1 ]; then say "kept: $work"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. the base: debootstrap + the packages, cached by its recipe -------------------------------
key=$( { echo "$SUITE $MIRROR $(dpkg --print-architecture)"; printf '%s\n' "${PKGS[@]}"; sed -n '/^make_base()/,/^}/p' "$0"; } | sha256sum | cut -c1-16)
base_tar="$CACHE/base-$SUITE-$key.tar"
make_base() {
  local r=$work/rootfs
  say "debootstrap --variant=minbase $SUITE from $MIRROR, then ${#PKGS[@]} packages (cache: $base_tar)"
  # all mounts (proc) in a private mount namespace: they vanish with it, whatever happens
  # shellcheck disable=SC2016  # the inner script's variables are its own
  unshare --mount --propagation private bash -euo pipefail -c '
    r=$1 suite=$2 mirror=$3; shift 3
    debootstrap --variant=minbase "$suite" "$r" "$mirror" >"$r.debootstrap.log" 2>&1 || { tail -20 "$r.debootstrap.log" >&2; exit 1; }
    printf "#!/bin/sh\nexit 101\n" > "$r/usr/sbin/policy-rc.d"; chmod 755 "$r/usr/sbin/policy-rc.d"
    printf "deb %s %s main\ndeb %s %s-updates main\n" "$mirror" "$suite" "$mirror" "$suite" > "$r/etc/apt/sources.list"
    cp /etc/resolv.conf "$r/etc/resolv.conf"
    # apt as this machine configures it (proxies, validity of a mirror): read, copied, never changed
    for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
      if [ -f "$f" ] && grep -q "^[^/#]*Acquire" "$f"; then cp "$f" "$r/etc/apt/apt.conf.d/"; fi
    done
    mount -t proc proc "$r/proc"
    chroot "$r" apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive chroot "$r" apt-get install -y -q --no-install-recommends "$@" >"$r.apt.log" 2>&1 || { tail -20 "$r.apt.log" >&2; exit 1; }
    chroot "$r" apt-get clean
    umount "$r/proc"
    rm -rf "$r"/var/lib/apt/lists/* "$r/etc/resolv.conf"
    : > "$r/etc/resolv.conf"
  ' _ "$r" "$SUITE" "$MIRROR" "${PKGS[@]}"
  mkdir -p "$CACHE"
  tar -C "$r" --numeric-owner -cf "$base_tar.tmp" .
  mv "$base_tar.tmp" "$base_tar"
  find "$CACHE" -maxdepth 1 -name 'base-*.tar' ! -path "$base_tar" -delete   # older recipes' bases
  rm -rf "$r" "$r".*.log
}
if [ $nocache = 1 ] || [ ! -s "$base_tar" ]; then
  make_base
  phase "base made (debootstrap + packages, cold)"
else
  say "base from the cache: $base_tar"
fi
[ $base_only = 0 ] || exit 0

# --- 2. the build's dockerd, in a network namespace of its own -----------------------------------
ip netns add "$NS"
ip -n "$NS" link set lo up
rm -rf "$priv"; mkdir -p "$priv" "$work/docker"
echo '{}' > "$priv/daemon.json"      # not /etc/docker/daemon.json
nsenter --net="/var/run/netns/$NS" unshare --mount --propagation private \
  "$DOCKERD" --config-file "$priv/daemon.json" --data-root "$work/docker" --exec-root "$priv/exec" \
    --pidfile "$priv/dockerd.pid" -H "unix://$priv/docker.sock" --iptables=false --ip-masq=false \
    --ip-forward=false --bridge=none --userland-proxy=false --cgroup-parent="/$NS" \
    --exec-opt native.cgroupdriver=cgroupfs > "$work/dockerd.log" 2>&1 < /dev/null &
dpid=$!
dk() { DOCKER_HOST="unix://$priv/docker.sock" DOCKER_BUILDKIT=0 "$DOCKER" "$@"; }
for _ in $(seq 1 100); do dk version >/dev/null 2>&1 && break; kill -0 "$dpid" 2>/dev/null || break; sleep 0.2; done
dk version >/dev/null 2>&1 || { tail -20 "$work/dockerd.log" >&2; die "the build's dockerd did not start (log above)"; }
say "dockerd $(dk version -f '{{.Server.Version}}') in netns $NS (storage driver $(dk info -f '{{.Driver}}'))"
base_img="nflab-devenv-base:$key"
dk import --change 'CMD ["/bin/bash"]' "$base_tar" "$base_img" >/dev/null
phase "dockerd started, base imported"

# --- 3. the image, as a dev-container host builds it (context: the checkout, .dockerignore) --------
dk build -q --network host --build-arg "BASE=$base_img" -t nflab-devcontainer -f "$ROOT/.devcontainer/Dockerfile" "$ROOT" > "$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log" >&2; die "docker build of .devcontainer/Dockerfile failed (log above)"; }
phase "image built"

# --- 4. inside: the checkout as the workspace, the kit's Maven repository, the lab's var on a volume --
mkdir -p "$work/src" "$work/m2" "$work/labvar"
# the checkout's files as a clone has them (tracked and new, not ignored: no build outputs)
git -C "$ROOT" ls-files -z -co --exclude-standard | tar -C "$ROOT" --null -T - -cf - | tar -C "$work/src" -xf -
# the Maven repository the kit's offline build needs (hard links when on the same file system)
if [ -d "$HOME/.m2/repository" ]; then
  cp -al "$HOME/.m2/repository" "$work/m2/repository" 2>/dev/null || cp -a "$HOME/.m2/repository" "$work/m2/repository"
fi
# privileged, as devcontainer.json says; where this machine's own capability bounding set lacks
# some (Docker 20.10's --privileged asks for every capability the kernel knows, and runc then
# fails), the same without those: every other capability, no seccomp or AppArmor profile, /proc
# and /sys unmasked and writable (check-inside.sh remounts /sys and the cgroups read-write, which
# --privileged does), every device allowed
priv_opts=(--privileged)
last=$(cat /proc/sys/kernel/cap_last_cap)
bnd=$(( 16#$(awk '/^CapBnd:/ {print $2}' /proc/self/status) ))
# capability numbers as in linux/capability.h
CAPS=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE
      NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO
      SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME
      SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG
      WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE)
lacking=()
for ((c = 0; c <= last && c < ${#CAPS[@]}; c++)); do
  (( (bnd >> c) & 1 )) || lacking+=("${CAPS[c]}")
done
if [ ${#lacking[@]} -gt 0 ]; then
  priv_opts=(--cap-add ALL --security-opt seccomp=unconfined --security-opt apparmor=unconfined
             --security-opt systempaths=unconfined --device-cgroup-rule 'a *:* rwm' -e NFLAB_REMOUNT_RW=1)
  for c in "${lacking[@]}"; do priv_opts+=(--cap-drop "$c"); done
  say "this machine's capability bounding set lacks ${lacking[*]}: the container runs with every other capability instead of --privileged"
fi
rc=0
# in the background, so that Ctrl-C or a TERM reaches the traps at once (cleanup stops dockerd,
# which stops the container)
dk run --rm "${priv_opts[@]}" --network host --name nflab-devcontainer-check \
  -v "$work/src:/workspaces/nflab" -v "$work/m2:/root/.m2" -v "$work/labvar:/var/lib/nflab-lab" \
  -w /workspaces/nflab nflab-devcontainer bash .devcontainer/check-inside.sh < /dev/null &
runpid=$!
wait "$runpid" || rc=$?
runpid=""
phase "checks inside the container"
say "total: $(( $(date +%s) - t0 )) s"
[ $rc = 0 ] || die "the checks inside the dev container failed (above)"
