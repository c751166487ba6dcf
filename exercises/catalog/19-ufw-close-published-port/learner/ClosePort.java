package dev.nflab.exercises.e19;

import java.util.List;

/** Exercise 19: close the published port 8080 to everyone but 172.31.32.1 (see README.md). */
public final class ClosePort {
    private ClosePort() {}

    /**
     * The commands, run in order on the host: "iptables -I DOCKER-USER ..." / "iptables -A DOCKER-USER ..."
     * and "ufw route ..." lines, e.g. List.of("ufw route ...", "iptables -I DOCKER-USER ...").
     */
    public static List<String> commands() {
        return null; // TODO(learner)
    }
}
