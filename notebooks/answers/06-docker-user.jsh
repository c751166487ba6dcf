// Reference answers for notebooks/06-docker-user.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of data/real-docker-20.10/replay/s3-docker-user-allowlist/after.rules.
//// allowlist
// nat: 172.31.32.1's connection, plus 172.31.40.10's SYN twice (dropped, so never confirmed: NEW again)
predict("nat PREROUTING 1", 3);
predict("nat DOCKER 2", 3);
predict("nat POSTROUTING policy", 1);  // only the connection that got through leaves for docker0
predict("""
    filter FORWARD 1                    14
    filter DOCKER-USER 1                 2
    filter DOCKER-USER 2                12
    filter FORWARD 2                    12
    filter DOCKER-ISOLATION-STAGE-1 1    6
    filter DOCKER-ISOLATION-STAGE-2 2    6
    filter DOCKER-ISOLATION-STAGE-1 2   12
    filter FORWARD 3                     5
    filter FORWARD 4                     1
    filter DOCKER 1                      1
    filter FORWARD 5                     6
    """);
