// honest: q1 q2
package dev.nflab.exercises.e01;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** Tries to reach the network: the host's listening socket the test opens, and the internet. */
public final class NatTable {
    private NatTable() {}

    static List<String> call(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); // the right answer to Q1, where it does not belong
        } catch (Exception e) {
            return List.of("nat:unreachable");
        }
    }

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }
    public static List<String> q2() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q3() { return call("127.0.0.1", 47123); }
    public static List<String> q4() { return call("1.1.1.1", 53); }
    public static List<String> q5() { return call("172.31.37.164", 47123); }
    public static List<String> q6() { return call("127.0.0.1", 47123); }
}
