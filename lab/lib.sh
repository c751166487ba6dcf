# shellcheck shell=bash
# lab/lib.sh - shared code of the real-machine lab (sourced by setup.sh, run.sh,
# docker-rules.sh, selftest.sh).  Everything the lab does to the network happens inside
# two network namespaces it creates (nflab-host, nflab-peer); every process it starts is
# put into its own cgroup (nflab-lab) so that cleanup can find and end exactly those.

# shellcheck disable=SC2034  # the globals are used by the scripts that source this file
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_RUN=${NFLAB_LAB_RUN:-/run/nflab-lab}          # sockets, exec-root, pid files
LAB_VAR=${NFLAB_LAB_VAR:-/var/lib/nflab-lab}      # image tar, logs, per-run data-root
LAB_LOCK=${NFLAB_LAB_LOCK:-/run/nflab-lab.lock}
LAB_LOGS=$LAB_VAR/logs
IMAGE_TAR=$LAB_VAR/web-image.tar
NS_HOST=nflab-host                                 # plays the Docker host (the seed's VM)
NS_PEER=nflab-peer                                 # plays the outside clients
HOST_IP=172.31.37.164
PEER_IP=172.31.32.1                                # the host's default gateway
LAN_IP=172.31.40.10                                # a LAN host (second address on the peer)
DOCKER_SOCK=$LAB_RUN/docker.sock
CTRD_SOCK=$LAB_RUN/containerd/containerd.sock
DOCKER_BIN=${NFLAB_DOCKER:-/usr/bin/docker}
DOCKERD_BIN=${NFLAB_DOCKERD:-$(command -v dockerd || echo /usr/sbin/dockerd)}
CONTAINERD_BIN=${NFLAB_CONTAINERD:-$(command -v containerd || echo /usr/bin/containerd)}
BUSYBOX=/bin/busybox
NET_BIN=$LAB_VAR/bin/nflab-net                      # built by setup.sh from nflab-net.c
CG_NAME=nflab-lab
SYSPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LAB_ACTIVE=0
LAB_MNTNS=""                                       # the private mount namespace (lab_up)
SC_PRE=() SC_PRE_LN=() SC_UFW=0                    # parse_file: ufw lines before dockerd
UFW_FILES=(/etc/ufw /etc/default/ufw /lib/ufw)     # the machine's ufw: never written (ufw_private)
# 1: let the namespaces send IGMP reports for link-local groups (the kernel's default); see lab_net
LAB_IGMP_REPORTS=${NFLAB_LAB_IGMP_REPORTS:-0}

log() { echo "[lab] $*" >&2; }
die() { echo "lab: error: $*" >&2; exit 1; }
need_root() { [ "$(id -u)" = 0 ] || die "must run as root"; }

# ---------------------------------------------------------------- root namespace state
# root_state DIR: what must not change in the machine's own namespace.
root_state() {
  local d=$1 t
  mkdir -p "$d"
  ip -j addr show | sed -E 's/"(valid|preferred)_life_time":[0-9]+,?//g' > "$d/addr.json"
  ip -j link show > "$d/link.json"
  ip -j route show table all > "$d/route.json"
  ip -j -6 route show table all > "$d/route6.json"
  ip -j rule show > "$d/rule.json"
  for t in iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft; do
    if command -v "$t-save" >/dev/null; then
      "$t-save" 2>/dev/null | grep -v '^#' > "$d/$t.rules" || true
      [ -s "$d/$t.rules" ] || rm -f "$d/$t.rules"     # no tool and no rules are the same
    fi
  done
  if command -v nft >/dev/null; then
    nft list ruleset > "$d/nft.ruleset" 2>/dev/null || true
    [ -s "$d/nft.ruleset" ] || rm -f "$d/nft.ruleset"
  fi
  for t in net/ipv4/ip_forward net/netfilter/nf_log_all_netns net/bridge/bridge-nf-call-iptables \
           $(ufw_sysctl_keys /etc/ufw/sysctl.conf); do
    [ -r "/proc/sys/$t" ] && echo "$t=$(cat "/proc/sys/$t")"
  done > "$d/sysctl.txt"
  ufw_files_sum > "$d/ufw-files.txt"
  for t in /run/netns/nflab-*; do [ -e "$t" ] && echo "${t##*/}"; done > "$d/netns.txt"
  findmnt -rn -o TARGET,FSTYPE | grep -v -e '^/run/netns' -e '^/run/docker/netns' | sort > "$d/mounts.txt"
  root_daemons | awk '{print $2}' | sort > "$d/root-daemons.txt"
  return 0
}

# ufw_files_sum: path, mode, owner and sha256 of every file of the machine's ufw configuration
# (/etc/ufw, /etc/default/ufw, /lib/ufw); nothing when ufw is not installed
ufw_files_sum() {
  local f
  for f in "${UFW_FILES[@]}"; do
    [ -e "$f" ] || continue
    find "$f" -exec stat -c '%n %a %U:%G %F' {} + | sort
    find "$f" -type f -exec sha256sum {} + | sort -k 2
  done
  return 0
}
# ufw_sysctl_keys FILE: the keys (net/ipv4/...) a ufw sysctl.conf sets
ufw_sysctl_keys() {
  [ -r "$1" ] || return 0
  sed -nE 's/^[[:space:]]*([a-z0-9_./-]+)[[:space:]]*=.*/\1/p' "$1" | tr . /
}

# root_daemons: "PID COMM" of Docker daemons running in the root network namespace
root_daemons() {
  local pid comm ns root
  root=$(readlink /proc/$$/ns/net)   # the lab's scripts run in the root namespace
  ps -eo pid=,comm= | while read -r pid comm; do
    case $comm in dockerd|containerd|containerd-shim*|docker-proxy) ;; *) continue ;; esac
    ns=$(readlink "/proc/$pid/ns/net" 2>/dev/null) || continue   # exiting
    [ "$ns" = "$root" ] && echo "$pid $comm"
  done
  return 0
}

# root_state_same DIR: compare the current state with the saved one; print a diff if not.
root_state_same() {
  local now; now=$(mktemp -d)
  root_state "$now"
  if diff -r "$1" "$now" >&2; then rm -rf "$now"; return 0; fi
  echo "lab: the root namespace differs from before (saved in $1, now in $now)" >&2
  return 1
}

# restore_root_rules DIR: only used if a Docker service started in the root namespace
# during the install despite policy-rc.d: put the saved root rules back.
restore_root_rules() {
  local d=$1 t
  for t in iptables-legacy iptables-nft; do
    [ -f "$d/$t.rules" ] || continue
    if [ -s "$d/$t.rules" ]; then
      "$t-restore" < "$d/$t.rules"
    else
      "$t-save" 2>/dev/null | awk '/^\*/{print; t=$1} /^:[A-Z]+ [A-Z]+ /{print $1, $2} /^COMMIT/{print}' |
        sed -E 's/^(:[A-Z]+) (ACCEPT|DROP)$/\1 ACCEPT/' | "$t-restore" || true
    fi
  done
}

# ---------------------------------------------------------------- cgroup of the lab
cg_root() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo /sys/fs/cgroup/$CG_NAME; return; fi
  local h
  for h in pids systemd unified memory cpu; do
    if [ -d /sys/fs/cgroup/$h ] && [ -f /sys/fs/cgroup/$h/cgroup.procs ]; then
      echo /sys/fs/cgroup/$h/$CG_NAME; return
    fi
  done
  die "no usable cgroup hierarchy under /sys/fs/cgroup"
}
cg_all_dirs() {
  local d
  for d in "/sys/fs/cgroup/$CG_NAME" /sys/fs/cgroup/*/"$CG_NAME"; do [ -d "$d" ] && echo "$d"; done
  return 0
}
# the lab's processes: its daemons (nflab-lab/daemons) and its containers (nflab-lab/ctr/ID)
cg_pids() {
  local r; r=$(cg_root)
  { cat "$r"/cgroup.procs "$r"/*/cgroup.procs "$r"/*/*/cgroup.procs 2>/dev/null || true; } | sort -u
}
# cg_spawn LOG CMD...: start CMD in the background inside the lab's cgroup; sets SPAWNED.
cg_spawn() {
  local logf=$1; shift
  local cg; cg=$(cg_root)/daemons
  mkdir -p "$cg"
  ( exec 9>&-; echo "$BASHPID" > "$cg/cgroup.procs"; exec "$@" ) > "$logf" 2>&1 < /dev/null &
  SPAWNED=$!
  disown "$SPAWNED"
}
# cg_spawn2 OUT ERR CMD...: the same with stdout and stderr in different files
cg_spawn2() {
  local out=$1 err=$2; shift 2
  local cg; cg=$(cg_root)/daemons
  mkdir -p "$cg"
  ( exec 9>&-; echo "$BASHPID" > "$cg/cgroup.procs"; exec "$@" ) > "$out" 2> "$err" < /dev/null &
  SPAWNED=$!
  disown "$SPAWNED"
}
# stop_pid PID: SIGTERM, wait up to 5 s, then SIGKILL. Not SIGINT: a run started from a
# background job (a CI runner, `cmd &`) starts its recorders with SIGINT ignored, and they would
# then wait out the 5 s and be killed (seen: 7.7 s runs instead of 2.5 s). tcpdump and the kmsg
# reader flush and report on SIGTERM as on SIGINT.
stop_pid() {
  local i
  kill -TERM "$1" 2>/dev/null || return 0
  for i in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cg_killall() {
  local i pids
  for i in $(seq 1 100); do
    pids=$(cg_pids)
    [ -z "$pids" ] && return 0
    # shellcheck disable=SC2086
    kill -9 $pids 2>/dev/null || true
    sleep 0.05
  done
  log "WARNING: processes left in cgroup $CG_NAME: $(cg_pids | tr '\n' ' ')"
}
cg_remove() {
  local d
  for d in $(cg_all_dirs); do
    rmdir "$d"/*/*/ "$d"/*/ "$d" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------- namespaces
in_host() { nsenter --net=/run/netns/$NS_HOST "$@"; }
in_peer() { nsenter --net=/run/netns/$NS_PEER "$@"; }
# the host namespace with the chosen backend's iptables first in PATH
in_host_env() { in_host env -i PATH="$LAB_RUN/bin:$SYSPATH" DOCKER_HOST="unix://$DOCKER_SOCK" HOME=/root "$@"; }
dk() { DOCKER_HOST="unix://$DOCKER_SOCK" "$DOCKER_BIN" "$@"; }
ipt() { in_host_env iptables -w "$@"; }

# ---------------------------------------------------------------- lock and cleanup
# The lock is fd 9 (flock); cg_spawn closes it in the daemons, so that a crashed run's
# leftovers do not keep it.
lab_lock() {
  exec 9>>"$LAB_LOCK"
  if ! flock -n 9; then
    die "another nflab lab is running (lock $LAB_LOCK held by pid $(cat "$LAB_LOCK.pid" 2>/dev/null || echo '?')); wait for it to finish"
  fi
  echo $$ > "$LAB_LOCK.pid"
}

# lab_cleanup: end every process of the lab, delete its namespaces and files.  Safe to
# run at any time (also for the leftovers of a crashed run); needs the lock.
lab_cleanup() {
  cg_killall
  cg_remove
  local ns
  for ns in $NS_HOST $NS_PEER; do
    if [ -e "/run/netns/$ns" ]; then
      ip netns del "$ns" 2>/dev/null || umount "/run/netns/$ns" 2>/dev/null || true
      rm -f "/run/netns/$ns"
    fi
  done
  if [ -f "$LAB_VAR/nf_log_all_netns.saved" ]; then
    cat "$LAB_VAR/nf_log_all_netns.saved" > /proc/sys/net/netfilter/nf_log_all_netns
    rm -f "$LAB_VAR/nf_log_all_netns.saved"
  fi
  # ip netns add turns /run/netns into a mount point; undo that if we made it and it is empty
  if [ -f "$LAB_VAR/netns-mount.ours" ]; then
    if mountpoint -q /run/netns && [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then
      umount /run/netns 2>/dev/null || true
    fi
    rm -f "$LAB_VAR/netns-mount.ours"
  fi
  rm -rf "$LAB_RUN" "$LAB_VAR/run"
}

lab_on_exit() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ "$LAB_ACTIVE" = 1 ]; then
    log "cleaning up"
    lab_cleanup
    if [ -d "$LAB_VAR/root-before" ]; then
      if ! root_state_same "$LAB_VAR/root-before"; then
        echo "lab: error: the root namespace changed during the run (see diff above)" >&2
        [ $rc = 0 ] && rc=3
      fi
    fi
    rm -f "$LAB_LOCK.pid"
  fi
  exit $rc
}

# lab_begin: lock, clean leftovers of a crashed run, save the root namespace's state,
# arm the cleanup traps.
lab_begin() {
  need_root
  mkdir -p "$LAB_VAR" "$LAB_LOGS"
  lab_lock
  LAB_ACTIVE=1
  trap lab_on_exit EXIT
  trap 'log "interrupted"; exit 130' INT
  trap 'log "terminated"; exit 143' TERM HUP
  if [ -n "$(cg_pids)" ] || [ -e /run/netns/$NS_HOST ] || [ -e /run/netns/$NS_PEER ] || [ -e "$LAB_RUN" ]; then
    log "cleaning leftovers of an earlier run"
  fi
  lab_cleanup
  rm -rf "$LAB_VAR/root-before"
  root_state "$LAB_VAR/root-before"
}

lab_end() {
  lab_cleanup
  root_state_same "$LAB_VAR/root-before" || die "the root namespace changed during the run"
  LAB_ACTIVE=0
  rm -f "$LAB_LOCK.pid"
  trap - EXIT INT TERM HUP
}

# ---------------------------------------------------------------- bringing the lab up
# lab_net: the two namespaces, the veth pair and the addresses (same layout as the captures)
lab_net() {
  log "creating namespaces $NS_HOST and $NS_PEER"
  mountpoint -q /run/netns 2>/dev/null || touch "$LAB_VAR/netns-mount.ours"
  ip netns add $NS_HOST
  ip netns add $NS_PEER
  ip link add eth0 netns $NS_HOST type veth peer name eth0 netns $NS_PEER
  in_host ip link set lo up
  in_host ip addr add $HOST_IP/20 brd + dev eth0
  in_host ip link set eth0 up
  in_host ip route add default via $PEER_IP dev eth0
  in_peer ip link set lo up
  in_peer ip addr add $PEER_IP/20 brd + dev eth0
  in_peer ip addr add $LAN_IP/20 brd + dev eth0
  in_peer ip link set eth0 up
  # the peer reaches the Docker address pools through the host (used by "lan" clients)
  in_peer ip route add 172.16.0.0/12 via $HOST_IP dev eth0 src $LAN_IP
  in_peer ip route add 192.168.0.0/16 via $HOST_IP dev eth0 src $LAN_IP
  in_host sh -c 'echo 0 > /proc/sys/net/ipv4/ip_forward'
  # Recent kernels make every bridge join 224.0.0.106 (all-snoopers, RFC 4286)
  # and send IGMPv3 reports for it at moments no scenario controls, sometimes while the counters
  # run (seen on 6.18: 40-byte reports from 172.17.0.1 to 224.0.0.22). No scenario sends or
  # teaches IGMP: the namespaces send no reports for link-local groups (224.0.0.0/24). Whatever
  # background still gets counted is shown as such by ./nflab compare.
  if [ "$LAB_IGMP_REPORTS" != 1 ]; then
    in_host sh -c 'echo 0 > /proc/sys/net/ipv4/igmp_link_local_mcast_reports'
    in_peer sh -c 'echo 0 > /proc/sys/net/ipv4/igmp_link_local_mcast_reports'
  else
    # recording background on purpose: the reports the bridges send again after the first one
    # come at random within 5 s (the kernel's default: 1 s), most likely while the traffic runs
    in_host sh -c 'echo 5000 > /proc/sys/net/ipv4/conf/default/igmpv3_unsolicited_report_interval'
  fi
  # Kernels since 6.7 resend an unanswered SYN 1 s apart (net.ipv4.tcp_syn_linear_timeouts, 4 by
  # default), so a third SYN at 2 s races the lab clients' 2 s timeout (seen once: [3:180]). The
  # seed VM's kernel (5.4) backs off, 1 s then 3 s; so do the lab's clients: a dropped SYN is sent
  # exactly twice on any kernel. (The containers' namespaces get it in run.sh.)
  lab_syn_backoff in_host
  lab_syn_backoff in_peer
  if [ ! -e /proc/sys/net/bridge/bridge-nf-call-iptables ] && command -v modprobe >/dev/null; then
    modprobe br_netfilter 2>/dev/null || true
  fi
  [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || die "br_netfilter is not available (modprobe br_netfilter)"
  in_host sh -c 'echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'
  # IPv6 duplicate address detection would delay the link-local addresses: not needed
  in_host sh -c 'echo 0 > /proc/sys/net/ipv6/conf/eth0/accept_dad' 2>/dev/null || true
}

# lab_syn_backoff CMD...: exponential SYN retransmissions in the namespace CMD enters (nothing to
# do before Linux 6.7, which has no linear timeouts)
lab_syn_backoff() {
  "$@" sh -c '[ ! -e /proc/sys/net/ipv4/tcp_syn_linear_timeouts ] || echo 0 > /proc/sys/net/ipv4/tcp_syn_linear_timeouts'
}

# lab_peer_services: fixed servers on the peer (see SCENARIOS.md)
lab_peer_services() {
  [ -x "$NET_BIN" ] || die "$NET_BIN missing: run lab/setup.sh first"
  mkdir -p "$LAB_RUN/peer-www"
  printf 'peer\n' > "$LAB_RUN/peer-www/index.html"
  cg_spawn "$LAB_LOGS/peer-httpd.log" nsenter --net=/run/netns/$NS_PEER $BUSYBOX httpd -f -p 80 -h "$LAB_RUN/peer-www"
  cg_spawn "$LAB_LOGS/peer-tcp-sink.log" nsenter --net=/run/netns/$NS_PEER "$NET_BIN" tcp-sink 7000
  cg_spawn "$LAB_LOGS/peer-udp-echo.log" nsenter --net=/run/netns/$NS_PEER "$NET_BIN" udp-echo 7001
  # shellcheck disable=SC2034  # used by run.sh
  PEER_SETUP="[peer] busybox httpd -f -p 80 -h /www; [peer] nflab-net tcp-sink 7000; [peer] nflab-net udp-echo 7001"
}

# lab_host_services: the fixed server on the host itself (see SCENARIOS.md), for scenarios only:
# a .docker case may publish 9000 (docker-cases/13-port-ranges), which docker-proxy must bind.
LAB_HOST_SERVICES=0
lab_host_services() {
  cg_spawn "$LAB_LOGS/host-tcp-sink.log" nsenter --net=/run/netns/$NS_HOST "$NET_BIN" tcp-sink 9000
  # shellcheck disable=SC2034  # used by run.sh
  HOST_SETUP="[host] nflab-net tcp-sink 9000"
}

# lab_bin BACKEND: a private bin dir whose iptables* point to the chosen backend
lab_bin() {
  local b=$1 t s bin=$LAB_RUN/bin
  mkdir -p "$bin"
  for t in iptables ip6tables; do
    for s in "" -save -restore; do
      command -v "$t-$b$s" >/dev/null || die "$t-$b$s not found (install iptables)"
      ln -sf "$(command -v "$t-$b$s")" "$bin/$t$s"
    done
  done
  ln -sf "$DOCKER_BIN" "$bin/docker"
}

# lab_up BACKEND "DOCKERD_FLAGS": namespaces, peer services, containerd and dockerd in the
# host namespace (inside a private mount namespace), the web image loaded.
lab_up() {
  local backend=$1 flags=$2
  case $backend in nft|legacy) ;; *) die "unknown backend $backend (nft or legacy)" ;; esac
  mkdir -p "$LAB_RUN" "$LAB_VAR/run" "$LAB_LOGS"
  rm -f "$LAB_LOGS"/*.log
  lab_bin "$backend"
  lab_net
  if [ "$backend" = legacy ]; then
    cat /proc/sys/net/netfilter/nf_log_all_netns > "$LAB_VAR/nf_log_all_netns.saved"
    echo 1 > /proc/sys/net/netfilter/nf_log_all_netns
    if command -v modprobe >/dev/null; then   # a kernel with modules (5.4: nf_log_ipv4)
      modprobe nf_log_syslog 2>/dev/null || modprobe nf_log_ipv4 2>/dev/null || true
    fi
    local lg; lg=$(in_host cat /proc/sys/net/netfilter/nf_log/2 2>/dev/null || echo NONE)
    if [ "$lg" = NONE ]; then
      in_host sh -c 'echo nf_log_syslog > /proc/sys/net/netfilter/nf_log/2 || echo nf_log_ipv4 > /proc/sys/net/netfilter/nf_log/2' 2>/dev/null ||
        die "no kernel packet logger for IPv4 (nf_log_syslog) in the host namespace"
    fi
  fi
  lab_peer_services
  if [ "$LAB_HOST_SERVICES" = 1 ]; then lab_host_services; fi

  # a process holding a private mount namespace: dockerd's and containerd's mounts stay in it
  cg_spawn /dev/null unshare --mount --propagation private sleep infinity
  local holder=$SPAWNED i
  for i in $(seq 1 50); do
    [ "$(readlink /proc/$holder/ns/mnt 2>/dev/null)" != "$(readlink /proc/self/ns/mnt)" ] && break
    sleep 0.05
  done
  [ "$(readlink /proc/$holder/ns/mnt 2>/dev/null)" != "$(readlink /proc/self/ns/mnt)" ] || die "could not create a private mount namespace"
  LAB_MNTNS=/proc/$holder/ns/mnt
  local inns=(nsenter "--mount=$LAB_MNTNS" "--net=/run/netns/$NS_HOST"
              env -i PATH="$LAB_RUN/bin:$SYSPATH" HOME=/root)
  # ufw: a private copy of its configuration in this mount namespace, then the ufw lines
  # that come before the dockerd line (ufw enabled before Docker starts)
  if [ "$SC_UFW" = 1 ]; then
    ufw_private "$backend"
    run_lines pre
  fi

  mkdir -p "$LAB_RUN/containerd" "$LAB_VAR/run/containerd" "$LAB_VAR/run/docker"
  cat > "$LAB_RUN/containerd/config.toml" <<EOF
version = 2
root = "$LAB_VAR/run/containerd"
state = "$LAB_RUN/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTRD_SOCK"
[ttrpc]
  address = "$CTRD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$LAB_VAR/run/containerd-opt"
EOF
  log "starting containerd"
  cg_spawn "$LAB_LOGS/containerd.log" "${inns[@]}" "$CONTAINERD_BIN" --config "$LAB_RUN/containerd/config.toml"
  for i in $(seq 1 100); do [ -S "$CTRD_SOCK" ] && break; sleep 0.1; done
  [ -S "$CTRD_SOCK" ] || die "containerd did not start (see $LAB_LOGS/containerd.log)"

  # the image: a copy of the data-root that setup.sh saved right after loading it
  # (much faster than docker load); docker load if there is no such copy
  local loaded=0
  if [ -d "$LAB_VAR/docker-template" ] && cmp -s "$LAB_VAR/docker-template.stamp" "$IMAGE_TAR.stamp"; then
    cp -a "$LAB_VAR/docker-template/." "$LAB_VAR/run/docker/"
    loaded=1
  fi
  echo '{}' > "$LAB_RUN/daemon.json"
  log "starting dockerd ($backend)${flags:+ with $flags}"
  # shellcheck disable=SC2086
  cg_spawn "$LAB_LOGS/dockerd.log" "${inns[@]}" "$DOCKERD_BIN" \
    --config-file "$LAB_RUN/daemon.json" \
    --data-root "$LAB_VAR/run/docker" --exec-root "$LAB_RUN/docker-exec" \
    --pidfile "$LAB_RUN/dockerd.pid" -H "unix://$DOCKER_SOCK" \
    --containerd "$CTRD_SOCK" --cgroup-parent /$CG_NAME/ctr \
    $flags
  local dpid=$SPAWNED
  for i in $(seq 1 300); do
    dk version >/dev/null 2>&1 && break
    kill -0 "$dpid" 2>/dev/null || die "dockerd exited: $(tail -n 3 "$LAB_LOGS/dockerd.log" | tr '\n' ' ')"
    sleep 0.1
  done
  dk version >/dev/null 2>&1 || die "dockerd did not answer within 30 s (see $LAB_LOGS/dockerd.log)"
  if [ $loaded = 0 ] && [ -s "$IMAGE_TAR" ]; then
    dk load -q -i "$IMAGE_TAR" >/dev/null || die "docker load $IMAGE_TAR failed"
  fi
  # shellcheck disable=SC2034  # used by setup.sh
  DOCKERD_PID=$dpid
}

# ---------------------------------------------------------------- ufw
# in_mnt_host CMD...: CMD in the lab's private mount namespace and the host's network namespace,
# with the system's PATH (ufw calls /usr/sbin/iptables* itself)
in_mnt_host() {
  [ -n "$LAB_MNTNS" ] || die "internal: no private mount namespace yet"
  nsenter "--mount=$LAB_MNTNS" "--net=/run/netns/$NS_HOST" env -i PATH="$SYSPATH" HOME=/root "$@"
}

# ufw_private BACKEND: real ufw (Debian's package) with a private copy of its configuration,
# bind-mounted in the lab's private mount namespace only (the machine's files are never written):
#   /etc/ufw          the package's templates (/usr/share/ufw: the rules files, ufw.conf,
#                     before.init, after.init, as its postinst installs them) and its conffiles
#                     sysctl.conf and applications.d (checked against dpkg's md5sums)
#   /etc/default/ufw  the conffile (checked the same way)
#   /lib/ufw          ufw-init, ufw-init-functions (dpkg --verify ufw)
#   /etc/alternatives a copy whose iptables, ip6tables (-save, -restore) name BACKEND: ufw runs
#                     /usr/sbin/iptables*, links to /etc/alternatives, so it uses Docker's back end
# The copies live in $LAB_RUN/ufw (removed by lab_cleanup); the mounts die with the namespace.
ufw_private() {
  local b=$1 p=$LAB_RUN/ufw f t s k bad sum path
  command -v ufw >/dev/null || die "ufw is not installed (lab/setup.sh installs it)"
  bad=$(dpkg --verify ufw 2>&1) || true
  [ -z "$bad" ] || die "the machine's ufw files differ from the package (dpkg --verify ufw): $(printf '%s' "$bad" | tr '\n' ' ')"
  while read -r path sum; do
    case $path in /etc/ufw/*|/etc/default/ufw) ;; *) continue ;; esac
    [ "$sum" = obsolete ] && continue
    echo "$sum  $path" | md5sum --status -c - 2>/dev/null || die "$path differs from the package's (dpkg: conffile md5 $sum)"
  done < <(dpkg-query -W -f='${Conffiles}\n' ufw | awk 'NF>=2 {print $1, $2}')
  mkdir -p "$p/etc-ufw" "$p/lib-ufw" "$p/alternatives"
  cp -a /etc/ufw/. "$p/etc-ufw/"
  for f in before after user before6 after6 user6; do
    install -m 0640 "/usr/share/ufw/iptables/$f.rules" "$p/etc-ufw/$f.rules"
  done
  install -m 0640 /usr/share/ufw/before.init /usr/share/ufw/after.init "$p/etc-ufw/"
  install -m 0644 /usr/share/ufw/ufw.conf "$p/etc-ufw/ufw.conf"
  cp -a /lib/ufw/. "$p/lib-ufw/"
  cp -a /etc/default/ufw "$p/default-ufw"
  # ufw-init writes every key of sysctl.conf (sysctl -p) in the namespace it runs in. A key
  # that a non-initial network namespace shows is per namespace (the kernel hides the global
  # net.* ones there, e.g. net.core.netdev_max_backlog); any other is left out of the copy.
  for k in $(ufw_sysctl_keys "$p/etc-ufw/sysctl.conf"); do
    if ! in_host test -e "/proc/sys/$k"; then
      log "ufw: $k is not per network namespace here: left out of the private sysctl.conf"
      sed -i -E "\|^[[:space:]]*${k//./\\.}[[:space:]]*=|d" "$p/etc-ufw/sysctl.conf"
    fi
  done
  cp -a /etc/alternatives/. "$p/alternatives/"
  for t in iptables ip6tables; do
    for s in "" -save -restore; do
      command -v "$t-$b$s" >/dev/null || die "$t-$b$s not found (install iptables)"
      ln -sfn "$(command -v "$t-$b$s")" "$p/alternatives/$t$s"
    done
  done
  nsenter "--mount=$LAB_MNTNS" mount --bind "$p/etc-ufw" /etc/ufw
  nsenter "--mount=$LAB_MNTNS" mount --bind "$p/lib-ufw" /lib/ufw
  nsenter "--mount=$LAB_MNTNS" mount --bind "$p/default-ufw" /etc/default/ufw
  nsenter "--mount=$LAB_MNTNS" mount --bind "$p/alternatives" /etc/alternatives
  t=$(in_mnt_host iptables --version)
  s=legacy; [ "$b" = nft ] && s=nf_tables
  [[ $t == *"($s)" ]] || die "ufw would use $t, not the $b back end"
  log "ufw: private configuration in $p, $t"
  : > "$LAB_RUN/ufw-output.txt"
}

# ---------------------------------------------------------------- one action at a time (run.sh --pause-dir)
# host_files DIR: the host namespace's addresses, routes and bridge ports, as a snapshot keeps them
host_files() {
  in_host ip -j addr show > "$1/ip-addr.json"
  in_host ip -j route show table all > "$1/ip-route.json"
  in_host bridge -j link show > "$1/bridge-link.json"
}

# lab_settle FILE: wait for an action's last packets as run.sh waits after the traffic (0.5 s for
# the last ACKs and FINs), then until the counters stay the same for 0.2 s (a loaded machine may
# deliver late; at most 5 s more); FILE gets the settled iptables-save -c.
lab_settle() {
  local file=$1 i prev now
  sleep 0.5
  in_host_env iptables-save -c > "$file"
  prev=$(grep -v '^#' "$file")
  for i in $(seq 1 25); do
    sleep 0.2
    in_host_env iptables-save -c > "$file"
    now=$(grep -v '^#' "$file")
    [ "$now" = "$prev" ] && break
    prev=$now
  done
}

# lab_pause DIR N: tell the watcher that step N is measured (DIR/N.done) and wait until it has
# shown it (DIR/N.go). The watcher is the runner's parent (PAUSE_WATCHER): if it ends, so does
# the run (cleaning up as always); after 10 minutes without an answer too.
lab_pause() {
  local dir=$1 n=$2 i
  : > "$dir/$n.done"
  for i in $(seq 1 12000); do
    [ -e "$dir/$n.go" ] && return 0
    kill -0 "$PAUSE_WATCHER" 2>/dev/null || die "the watcher (pid $PAUSE_WATCHER) has ended: stopping"
    sleep 0.05
  done
  die "no answer from the watcher for 10 minutes after step $n ($dir/$n.go): stopping"
}

# ---------------------------------------------------------------- scenario files
# parse_file FILE KIND: KIND is "docker" (a .docker script) or "scenario".  Sets
#   SC_FLAGS       the dockerd flags (line 1)
#   SC_HOST[]      docker lines, then iptables and ipset lines   SC_HOST_LN[]  their line numbers
#   SC_TRAFFIC[]   traffic actions                        SC_TRAFFIC_LN[]  their line numbers
# and dies with FILE:LINE: REASON on anything it does not know.
IPV4_RE='^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$'
is_ipv4() { [[ $1 =~ $IPV4_RE ]]; }
is_port() { [[ $1 =~ ^[1-9][0-9]{0,4}$ ]] && [ "$1" -le 65535 ]; }
is_cidr() { [[ $1 == */* ]] && is_ipv4 "${1%/*}" && [[ ${1#*/} =~ ^([0-9]|[12][0-9]|3[0-2])$ ]]; }

# ufw_words_ok ufw WORD...: a ufw line runs as typed (bash -c) with nothing for a shell to
# expand: each word of [A-Za-z0-9._:/,=-] (ufw itself judges the rest, with its own messages)
ufw_words_ok() {
  local x
  [ $# -ge 2 ] || { UFW_WORDS_ERR="ufw needs a command (enable, allow, deny, ...)"; return 1; }
  shift
  for x in "$@"; do
    [[ $x =~ ^[A-Za-z0-9._:/,=-]+$ ]] || { UFW_WORDS_ERR="ufw: '$x': a lab ufw line is plain words of [A-Za-z0-9._:/,=-] (no quoting or shell characters)"; return 1; }
  done
  return 0
}

parse_file() {
  local file=$1 kind=$2 n=0 line section=host seen_dockerd=0 seen_ipt=0 f w
  SC_FLAGS="" SC_HOST=() SC_HOST_LN=() SC_TRAFFIC=() SC_TRAFFIC_LN=() SC_PRE=() SC_PRE_LN=() SC_UFW=0
  [ -f "$file" ] || die "$file: no such file"
  perr() { die "$file:$n: $*"; }
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line=${line%$'\r'}
    line=$(printf '%s' "$line" | sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//')
    [ -z "$line" ] && continue
    [[ $line == \#* ]] && continue
    if [ $section = host ] && [ $seen_dockerd = 0 ] && [[ $line =~ ^ufw([[:space:]]|$) ]]; then
      read -ra w <<< "$line"
      ufw_words_ok "${w[@]}" || perr "$UFW_WORDS_ERR"
      SC_PRE+=("${w[*]}"); SC_PRE_LN+=("$n"); SC_UFW=1
      continue
    fi
    if [ $section = host ] && [ $seen_dockerd = 0 ]; then
      [[ $line =~ ^dockerd([[:space:]]|$) ]] || perr "the first line must be the daemon (dockerd [flags]), after any ufw lines"
      SC_FLAGS=$(printf '%s' "${line#dockerd}" | sed -E 's/^[[:space:]]+//; s/[[:space:]]+/ /g')
      for f in $SC_FLAGS; do
        case $f in
          --iptables=true|--iptables=false|--icc=true|--icc=false|--userland-proxy=true|--userland-proxy=false|\
          --ip-masq=true|--ip-masq=false|--ip-forward=true|--ip-forward=false) ;;
          --bip=*) is_cidr "${f#--bip=}" || perr "bad --bip CIDR: $f" ;;
          --ip=*) is_ipv4 "${f#--ip=}" || perr "bad --ip address: $f" ;;
          *) perr "unsupported dockerd flag $f (see lab/SCENARIOS.md)" ;;
        esac
      done
      seen_dockerd=1
      continue
    fi
    if [ $section = host ]; then
      if [ "$line" = "--- traffic" ]; then
        [ "$kind" = scenario ] || perr "'--- traffic' only belongs in a .scenario file"
        section=traffic
        continue
      fi
      read -ra w <<< "$line"
      case ${w[0]} in
        docker)
          [ $seen_ipt = 0 ] || perr "docker lines come before the iptables and ipset lines"
          case "${w[1]:-} ${w[2]:-}" in
            "network create"|"network rm"|"network connect"|"network disconnect"|run\ *|stop\ *|start\ *|rm\ *) ;;
            *) perr "unsupported docker command (run, stop, start, rm, network create|rm|connect|disconnect)" ;;
          esac ;;
        iptables)
          [ "$kind" = scenario ] || perr "iptables lines only belong in a .scenario file"
          seen_ipt=1 ;;
        # ipset's sets live in the host namespace beside its rules (and go with it at cleanup)
        ipset)
          case ${w[1]:-} in
            create|add|del|flush|destroy) ;;
            *) perr "unsupported ipset command (create, add, del, flush, destroy)" ;;
          esac
          seen_ipt=1 ;;
        ufw)
          ufw_words_ok "${w[@]}" || perr "$UFW_WORDS_ERR"
          SC_UFW=1 line=${w[*]} ;;
        *) if [ "$kind" = scenario ]; then perr "expected a docker, ufw, iptables or ipset line, or '--- traffic'"; fi
           perr "expected a docker, ufw or ipset line" ;;
      esac
      SC_HOST+=("$line"); SC_HOST_LN+=("$n")
      continue
    fi
    # traffic: FROM VERB ARGS, or `wait SECONDS' (a pause between two actions)
    read -ra w <<< "$line"
    if [ "${w[0]}" = wait ]; then
      { [ ${#w[@]} = 2 ] && [[ ${w[1]} =~ ^([0-4](\.[0-9]{1,3})?|5(\.0{1,3})?)$ ]] && ! [[ ${w[1]} =~ ^0(\.0*)?$ ]]; } \
        || perr "usage: wait SECONDS (more than 0, at most 5, up to 3 decimals)"
      SC_TRAFFIC+=("${w[*]}"); SC_TRAFFIC_LN+=("$n")
      continue
    fi
    case ${w[0]} in
      peer|lan|host) ;;
      # host:UID: a host client run as that user (owner match); 0 is root, as plain host
      host:*) { [[ ${w[0]#host:} =~ ^(0|[1-9][0-9]{0,9})$ ]] && [ "${w[0]#host:}" -le 4294967294 ]; } \
                || perr "bad user id in ${w[0]} (host:UID, UID 0 to 4294967294)" ;;
      container:*) [[ ${w[0]#container:} =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || perr "bad container name in ${w[0]}" ;;
      *) perr "a traffic line starts with peer, lan, host, host:UID or container:NAME (or is wait SECONDS)" ;;
    esac
    case ${w[1]:-}:${#w[@]} in
      http:3) [[ ${w[2]} =~ ^http://([0-9.]+)(:([0-9]+))?(/[A-Za-z0-9._/~-]*)?$ ]] || perr "bad URL ${w[2]} (http://IPv4[:PORT][/PATH])"
              is_ipv4 "${BASH_REMATCH[1]}" || perr "bad address in ${w[2]}"
              [ -z "${BASH_REMATCH[3]}" ] || is_port "${BASH_REMATCH[3]}" || perr "bad port in ${w[2]}" ;;
      tcp:4) { is_ipv4 "${w[2]}" && is_port "${w[3]}"; } || perr "usage: FROM tcp IPv4 PORT" ;;
      udp:5) { is_ipv4 "${w[2]}" && is_port "${w[3]}"; } || perr "usage: FROM udp IPv4 PORT TEXT"
             [[ ${w[4]} =~ ^[A-Za-z0-9._:=-]{1,64}$ ]] || perr "TEXT must be 1-64 characters of [A-Za-z0-9._:=-]" ;;
      ping:3) is_ipv4 "${w[2]}" || perr "usage: FROM ping IPv4" ;;
      *) perr "unknown action (http URL | tcp IP PORT | udp IP PORT TEXT | ping IP)" ;;
    esac
    SC_TRAFFIC+=("${w[*]}"); SC_TRAFFIC_LN+=("$n")
  done < "$file"
  [ $seen_dockerd = 1 ] || die "$file: no dockerd line"
  if [ "$kind" = scenario ] && [ $section != traffic ]; then die "$file: no '--- traffic' line"; fi
  return 0
}

# run_line LINE: runs one host line; sets LINE_OUT (stderr, and for ufw stdout too) and
# LINE_RC. docker and iptables run in the host namespace (the chosen back end first in PATH);
# ufw in the private mount namespace too (ufw_private), its output kept in ufw-output.txt.
run_line() {
  LINE_RC=0
  if [[ $1 == ufw\ * ]]; then
    # stdin: nothing (ufw asks y/n on stdin under ssh only; a lab run never waits for input)
    LINE_OUT=$(in_mnt_host bash -c "$1" 2>&1 < /dev/null) || LINE_RC=$?
    { printf '$ %s\n' "$1"; [ -z "$LINE_OUT" ] || printf '%s\n' "$LINE_OUT"
      [ $LINE_RC = 0 ] || printf '[exit %s]\n' "$LINE_RC"; } >> "$LAB_RUN/ufw-output.txt"
  else
    # Docker's message is the first line on stderr (docker run -d prints the id first)
    LINE_OUT=$(in_host_env bash -c "$1" 2>&1 >/dev/null) || LINE_RC=$?
  fi
  if [ $LINE_RC != 0 ]; then
    LINE_OUT=$(printf "%s" "$LINE_OUT" | grep -v "^$" | head -n 1)
  fi
  return 0
}

# run_lines pre: the ufw lines before the dockerd line; a failing one is fatal
run_lines() {
  local i
  for i in "${!SC_PRE[@]}"; do
    log "host (before dockerd): ${SC_PRE[$i]}"
    run_line "${SC_PRE[$i]}"
    [ "$LINE_RC" = 0 ] || die "$SC_FILE:${SC_PRE_LN[$i]}: ${SC_PRE[$i]}: $LINE_OUT"
  done
}

# run_host_lines WHAT: run SC_HOST in the host namespace; a failing line is fatal
# (WHAT=scenario) or recorded in HOST_ERROR and stops the script (WHAT=docker).
run_host_lines() {
  local i line
  HOST_ERROR=""
  for i in "${!SC_HOST[@]}"; do
    line=${SC_HOST[$i]}
    log "host: $line"
    run_line "$line"
    if [ "$LINE_RC" != 0 ]; then
      if [ "$1" = docker ]; then
        HOST_ERROR="line ${SC_HOST_LN[$i]}: $LINE_OUT"
        log "error: $HOST_ERROR (the rest of the script does not run)"
        return 0
      fi
      die "$SC_FILE:${SC_HOST_LN[$i]}: $line: $LINE_OUT"
    fi
  done
}
