// Reference answers for notebooks/03-docker-filter.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of lab/recorded/{nft,legacy}/lan-to-container (the same on both back ends).
//// lan-to-container
// FORWARD 4 sees each flow's first packets toward docker0: the http SYN, the tcp/7000 SYN twice (retransmitted), the ping;
// DOCKER 1 accepts only the published port's SYN; the policy drops the rest (2 SYNs + 1 echo request)
predict("filter FORWARD policy", 3);
predict("filter FORWARD 4", 4);
predict("filter DOCKER 1", 1);
