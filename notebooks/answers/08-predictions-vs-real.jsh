// Reference answers for notebooks/08-predictions-vs-real.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of lab/recorded/{nft,legacy}/udp-published (the same on both back ends).
//// udp-published
// two flows, one datagram each way: each flow's first datagram is NEW (nat, FORWARD 4, DOCKER 1), the echo its reply
predict("""
    nat PREROUTING 1                     2
    nat DOCKER 2                         2
    nat POSTROUTING policy               2
    filter FORWARD 1                     4
    filter DOCKER-USER 1                 4
    filter FORWARD 2                     4
    filter DOCKER-ISOLATION-STAGE-1 1    2
    filter DOCKER-ISOLATION-STAGE-2 2    2
    filter DOCKER-ISOLATION-STAGE-1 2    4
    filter FORWARD 4                     2
    filter DOCKER 1                      2
    filter FORWARD 5                     2
    """);
