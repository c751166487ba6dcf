// Reference answers for notebooks/04-nginx.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of data/real-docker-20.10/replay/s1-seed-external-client and
// s4-seed-external-client-legacy, and lab/recorded/{nft,legacy}/seed-external-client (all agree).
//// new-rules
predict("nat DOCKER 2", 1);         // the connection's SYN, DNATed
predict("filter DOCKER 1", 1);      // the SYN only: later packets are ESTABLISHED (FORWARD 3)
predict("nat POSTROUTING 2", 0);    // the client is not the container itself
