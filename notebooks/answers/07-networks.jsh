// Reference answers for notebooks/07-networks.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of lab/recorded/{nft,legacy}/user-networks-isolation and container-to-container.
//// two-networks
// f1 -> b1: the SYN leaves front for back (STAGE-1 2), dropped by STAGE-2 1, and sent again: 2 each
predict("filter DOCKER-ISOLATION-STAGE-1 2", 2);
predict("filter DOCKER-ISOLATION-STAGE-2 1", 2);
predict("nat DOCKER 2", 1);   // f1 -> 172.31.37.164:8080 comes in on front: RETURN, docker-proxy answers
predict("nat DOCKER 4", 1);   // the LAN client's connection is DNATed
//// same-bridge
// the http SYN and the echo request are each connection's first packet toward docker0; everything after is ESTABLISHED (FORWARD 3)
predict("filter FORWARD 4", 2);
predict("filter FORWARD 6", 2);
