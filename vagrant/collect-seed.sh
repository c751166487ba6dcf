#!/usr/bin/env bash
# vagrant/collect-seed.sh OUTDIR - inside the VM: a snapshot (formats.md section 2) of the
# VM's own Docker, the seed's setup (nginx published on port 80), with the VM itself as
# the client: its own address and 127.0.0.1 (the seed's "different clients" that a VM alone
# can play).  This works in the VM's root namespace: it zeroes the counters and appends,
# then deletes, the two TRACE rules there (the VM is disposable; never run it elsewhere).
set -euo pipefail
if ! { [ -f /vagrant/Vagrantfile ] && [ "$(hostname)" = ip-172-31-37-164 ]; }; then
  echo "collect-seed: refusing to run outside the nflab Vagrant VM" >&2
  exit 1
fi
out=${1:?usage: collect-seed.sh OUTDIR}
net=/var/lib/nflab-lab/bin/nflab-net
mkdir -p "$out"
rm -f "$out"/*
addr=$(ip -4 -o addr show dev "$(ip route show default | awk '{print $5; exit}')" | awk '{print $4}' | cut -d/ -f1)

for t in filter nat raw mangle; do iptables -t "$t" -Z 2>/dev/null || true; done
iptables -t raw -A PREROUTING -j TRACE
iptables -t raw -A OUTPUT -j TRACE
cleanup() {
  iptables -t raw -D PREROUTING -j TRACE 2>/dev/null || true
  iptables -t raw -D OUTPUT -j TRACE 2>/dev/null || true
  [ -n "${tpid:-}" ] && kill -INT "$tpid" 2>/dev/null
  [ -n "${kpid:-}" ] && kill -TERM "$kpid" 2>/dev/null
  true
}
trap cleanup EXIT
iptables-save -c > "$out/before.rules"
dlt=(-y LINUX_SLL2)   # libpcap < 1.10 (Ubuntu 20.04 has 1.9) lacks it: then LINUX_SLL
[[ $(tcpdump -i any -L 2>&1 || true) == *LINUX_SLL2* ]] || dlt=()
tcpdump -i any "${dlt[@]}" -s 0 -U --immediate-mode -B 32768 -w "$out/capture.pcap" 2> "$out/.tcpdump.log" &
tpid=$!
python3 /vagrant/lab/kmsg-trace.py > "$out/trace-legacy.txt" &
kpid=$!
sleep 1
"$net" http "http://127.0.0.1/" > "$out/traffic.log" || true
"$net" http "http://$addr/" >> "$out/traffic.log" || true
sleep 0.5
kill -INT "$tpid"; wait "$tpid" || true; tpid=
kill -TERM "$kpid"; wait "$kpid" || true; kpid=
iptables-save -c > "$out/after.rules"
cleanup
rm -f "$out/.tcpdump.log"
ip -j addr show > "$out/ip-addr.json"
ip -j route show table all > "$out/ip-route.json"
bridge -j link show > "$out/bridge-link.json"
conntrack -L > "$out/conntrack.txt" 2>/dev/null || true
printf 'dockerd \n--- setup\ndocker run --name nginx -p 80:80 -d nginx\n--- traffic\n[host] nflab-net http http://127.0.0.1/; [host] nflab-net http http://%s/\n' "$addr" \
  > "$out/scenario.txt"
printf '{"kernel": "%s", "iptables": "%s", "docker": "%s"}\n' \
  "$(uname -r)" "$(iptables --version)" "$(docker version -f '{{.Server.Version}}')" > "$out/meta.json"
echo "collect-seed: snapshot written to $out"
