// Reference answers for notebooks/09-docker-and-ufw.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of lab/recorded/{nft,legacy}/ufw-* (the same on both back ends).
//// deny-published
// DNATed in nat PREROUTING, so forwarded: Docker's ACCEPT takes the SYN, FORWARD 3 the rest; ufw's rules see nothing
predict("""
    nat DOCKER 2                 1
    filter FORWARD 4             1
    filter DOCKER 1              1
    filter FORWARD 7             0
    filter ufw-user-input 1      0
    """);
path("PREROUTING", "FORWARD", "POSTROUTING");
fate("answered");
//// deny-host-port
// no DNAT for 9000: delivered to the host, dropped by ufw's deny; the unanswered SYN is sent twice, NEW both times
predict("""
    nat PREROUTING 1             2
    filter ufw-user-input 1      2
    filter INPUT policy          0
    filter FORWARD 1             0
    """);
path("PREROUTING", "INPUT");
fate("no answer");
//// docker-user-route
// 3 connection attempts through nat (the LAN host's dropped SYN twice); ufw's ACCEPT decides before Docker's
predict("""
    filter ufw-user-forward 2    2
    nat DOCKER 2                 3
    filter DOCKER 1              0
    nat POSTROUTING policy       1
    """);
fate("answered");
//// localhost-binding
// the DNAT matches -d 127.0.0.1 only: the peer's SYN (twice) falls to INPUT's DROP; the host's fetch and docker-proxy's connection pass nat OUTPUT's policy
predict("""
    nat PREROUTING 1             2
    nat DOCKER 2                 0
    filter INPUT policy          2
    nat OUTPUT policy            2
    """);
//// default-deny-routed
// Docker accepts the published port first; the SYN to 7000 (twice) runs through ufw's chains to the DROP policy
predict("""
    filter DOCKER 1                      1
    filter FORWARD 7                     2
    filter ufw-after-logging-forward 1   2
    filter FORWARD policy                2
    """);
//// disable
// the SYN and the echo request: no Docker rule decides, ufw's chains are empty, the policy is ACCEPT now
predict("""
    filter FORWARD 4             2
    filter FORWARD 7             2
    filter FORWARD policy        2
    """);
