// Reference answers for notebooks/02-docker-nat.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of lab/recorded/{nft,legacy}/host-own-address and host-localhost-proxy
// (after.rules less before.rules; the nat counters are the same on both back ends).
//// own-address
// one connection: its SYN goes through nat OUTPUT (172.31.37.164 is LOCAL, not 127/8), DOCKER's DNAT, then POSTROUTING
predict("nat OUTPUT 1", 1);
predict("nat DOCKER 2", 1);
predict("nat POSTROUTING policy", 1);
fate("answered");
//// localhost
// two connections, neither DNATed: curl -> 127.0.0.1:80 (docker-proxy) and docker-proxy 172.17.0.1 -> 172.17.0.2:80
predict("nat OUTPUT policy", 2);
predict("nat POSTROUTING policy", 2);
