// Reference answers for notebooks/05-following-packets.ipynb's prediction cells (tagged `prediction`).
// `run_notebooks.py --with-answers` appends each section to the prediction cell whose
// metadata.nflab.prediction names it; the reveal then fails if the answer differs from the model.
// Taken from the real counters of data/real-docker-20.10/replay/s1-seed-external-client/after.rules
// (the recording zeroed them first), and the SYN's path from its trace.txt.
//// lan-client
// nat: one connection, so each nat rule on its way counts its first packet only (the SYN)
predict("nat PREROUTING 1", 1);      // -m addrtype --dst-type LOCAL -j DOCKER
predict("nat DOCKER 2", 1);          // the DNAT to 172.17.0.2:80
predict("nat POSTROUTING policy", 1); // no nat rule applies to the SYN on its way out to docker0
// filter: curl's exchange is 6 packets from the client and 6 from nginx
predict("""
    filter FORWARD 1                    12
    filter DOCKER-USER 1                12
    filter FORWARD 2                    12
    filter DOCKER-ISOLATION-STAGE-1 1    6
    filter DOCKER-ISOLATION-STAGE-2 2    6
    filter DOCKER-ISOLATION-STAGE-1 2   12
    filter FORWARD 3                     5
    filter FORWARD 4                     1
    filter DOCKER 1                      1
    filter FORWARD 5                     6
    """);
path("PREROUTING", "FORWARD", "POSTROUTING");
fate("answered");
//// no-proxy-hairpin
// Taken from the real counters of lab/recorded/{nft,legacy}/hairpin-no-proxy (the nat counters are the same on both).
// two connections to 172.31.37.164:8080, both DNATed (no -i docker0 RETURN without the proxy);
// c2's own connection is masqueraded by -s 172.17.0.3 -d 172.17.0.3, c1's leaves POSTROUTING by its policy
predict("nat PREROUTING 1", 2);
predict("nat DOCKER 1", 2);
predict("nat POSTROUTING 3", 1);
predict("nat POSTROUTING policy", 1);
