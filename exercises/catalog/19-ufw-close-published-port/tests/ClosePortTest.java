package dev.nflab.exercises.e19;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.Tokenizer;
import dev.nflab.kernel.Fate;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks the learner's commands against the policy by running packets through the model of the
 * host of the lab's ufw-deny-published recording (Docker 20.10 and ufw 0.36 models; the module's
 * tests check that they write that recording's rules): the policy is the oracle, the model decides
 * what the rules do. Each test builds the host and runs a few hundred packets (about a second);
 * 30 s leaves room on a loaded grading machine.
 */
class ClosePortTest {
    /** lab/scenarios/ufw-deny-published.scenario, the host part. */
    static final String HOST_SCRIPT = """
            dockerd
            docker run -d --name web -p 8080:80 web
            ufw --force enable
            ufw deny 8080
            """;
    static final String PEER = Lab.GATEWAY;
    static final int PORT = 8080;
    /** iptables' commands other than -I/-A (and the table option): refused, so only DOCKER-USER gains rules. */
    static final Set<String> OTHER_COMMANDS = Set.of("-A", "--append", "-I", "--insert", "-D", "--delete", "-R",
            "--replace", "-P", "--policy", "-F", "--flush", "-X", "--delete-chain", "-Z", "--zero", "-N", "--new-chain",
            "-E", "--rename-chain", "-L", "--list", "-S", "--list-rules", "-C", "--check", "-t", "--table");
    static final List<Cidr> NOT_OUTSIDERS = List.of(Cidr.parse("172.17.0.0/16"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("224.0.0.0/3"), Cidr.parse("0.0.0.0/8"), Cidr.parse("172.31.37.164/32"),
            Cidr.parse("172.31.47.255/32"), Cidr.parse("172.31.32.0/32"), Cidr.parse(PEER + "/32"));

    /** The host with the learner's commands run on it, in order; a command of another form fails {@code q}. */
    static Lab lab(String q) {
        List<String> commands = Expect.answered(ClosePort.commands(), q);
        if (commands.size() > 40) throw Expect.fail(q, commands.size() + " commands: at most 40, please", "a few rules do it.");
        Lab lab = Lab.docker(HOST_SCRIPT);
        for (String c : commands) run(lab, c, q);
        return lab;
    }

    static void run(Lab lab, String command, String q) {
        if (command == null || command.isBlank()) throw Expect.fail(q, "an empty command", "remove it.");
        String c = command.strip();
        if (c.length() > 500) throw Expect.fail(q, "a command of " + c.length() + " characters", "one rule per command.");
        List<String> words;
        try {
            words = Tokenizer.split(c);
        } catch (IptablesException e) {
            throw Expect.fail(q, "`" + c + "`: " + e.getMessage(), "check the quotes.");
        }
        if (words.get(0).equals("ufw")) {
            if (words.size() < 3 || !words.get(1).equals("route")) {
                throw Expect.fail(q, "`" + c + "`: only `ufw route ...` commands are taken here (and iptables rules in DOCKER-USER)",
                        "leave ufw's other settings as they are: its policies, `ufw deny 8080`, enable/disable.");
            }
            try {
                lab.ufw(c.substring(4));
            } catch (IllegalArgumentException e) {
                throw Expect.fail(q, e.getMessage(), "see `ufw help`, or the `ufw route` lines of lab/scenarios/ufw-*.scenario.");
            }
            return;
        }
        List<String> args = words.get(0).equals("iptables") ? words.subList(1, words.size()) : words;
        if (args.size() >= 2 && (args.get(0).equals("-t") || args.get(0).equals("--table")) && args.get(1).equals("filter")) {
            args = args.subList(2, args.size());
        }
        boolean dockerUser = args.size() >= 2 && Set.of("-I", "--insert", "-A", "--append").contains(args.get(0))
                && args.get(1).equals("DOCKER-USER");
        if (!dockerUser || args.subList(2, args.size()).stream().anyMatch(OTHER_COMMANDS::contains)) {
            throw Expect.fail(q, "`" + c + "`: only rules added to DOCKER-USER (iptables -I/-A DOCKER-USER ...) and "
                    + "`ufw route ...` commands are taken here",
                    "Docker rewrites its other chains (and ufw its own) when they restart.");
        }
        try {
            lab.iptables(c.startsWith("iptables ") ? c.substring(9) : c);
        } catch (IllegalArgumentException e) {
            throw Expect.fail(q, e.getMessage(), "check the command's syntax with `iptables -h`.");
        }
    }

    static boolean reachesContainer(Trip t) {
        return t.fate() == Fate.SENT && "docker0".equals(t.outInterface());
    }

    static boolean toLan(Trip t) {
        return t.fate() == Fate.SENT && "eth0".equals(t.outInterface());
    }

    /** A connection attempt: does the client's SYN reach the container and its SYN,ACK come back? */
    static boolean connects(Lab lab, String client, int sport, String dst, int dport) {
        Trip syn = lab.fromLan(Lab.syn(client, sport, dst, dport));
        if (!reachesContainer(syn)) return false;
        return toLan(lab.fromContainer(Lab.synAck(Ipv4.format(syn.out().destination()), syn.out().destinationPort(),
                client, sport)));
    }

    /** Precondition of the "keeps working" tests: the port must be closed to someone. */
    static void closedToOthers(Lab lab, String q) {
        if (connects(lab, Lab.LAN_CLIENT, 40999, Lab.HOST, PORT)) {
            throw Expect.fail(q, Lab.LAN_CLIENT + " can still open 172.31.37.164:8080, so this test does not count yet",
                    "first close the port to the others (Q2).");
        }
    }

    /** A random address that is neither 172.31.32.1 nor the host's, Docker's or a special one: on the LAN or beyond. */
    static String outsider(Random r) {
        while (true) {
            int a = r.nextBoolean() ? Ipv4.parse("172.31.32.0") | (r.nextInt() & 0x00000fff) : r.nextInt();
            if (NOT_OUTSIDERS.stream().noneMatch(n -> n.contains(a))) return Ipv4.format(a);
        }
    }

    /** Another address of 172.31.32.0/24, 172.31.32.1's network. */
    static String neighbour(Random r) {
        return "172.31.32." + (2 + r.nextInt(253));
    }

    static String who(String a) {
        return a + (Cidr.parse("172.31.32.0/20").contains(Ipv4.parse(a)) ? " (on the LAN)" : " (beyond the gateway)");
    }

    static int ephemeral(Random r) {
        return 32768 + r.nextInt(28232); // Linux's ip_local_port_range
    }

    static final List<String> EXCHANGE = List.of("its SYN", "the server's SYN,ACK", "its ACK", "its request",
            "the server's ACK", "the server's response", "its ACK of the response", "the server's FIN,ACK", "its FIN,ACK",
            "the server's last ACK");
    /** The packets of {@link #EXCHANGE} the container sends (out eth0); the others go to it. */
    static final Set<Integer> SERVER = Set.of(1, 4, 5, 7, 9);

    @Test @Points(value = 3, seconds = 30) @DisplayName("Q1 172.31.32.1 still gets the page")
    void q1() {
        Lab lab = lab("Q1");
        closedToOthers(lab, "Q1");
        Random r = new Random(191);
        for (int i = 0; i < 40; i++) {
            int sport = ephemeral(r);
            List<Trip> trips = lab.httpFromLan(PEER, sport, Lab.HOST, PORT);
            for (int k = 0; k < EXCHANGE.size(); k++) {
                Trip t = k < trips.size() ? trips.get(k) : null;
                boolean ok = t != null && (SERVER.contains(k) ? toLan(t) : reachesContainer(t));
                if (!ok) {
                    String what = t == null ? "never sent" : t.summary();
                    throw Expect.fail("Q1", "172.31.32.1:" + sport + " fetching http://172.31.37.164:8080/: "
                            + EXCHANGE.get(k) + " was " + what, k == 0
                            ? "172.31.32.1's new connections must reach the container: which of your rules does its SYN meet first?"
                            : "the connection's later packets, both ways, must get through too (the container's answers included).");
                }
            }
        }
    }

    @Test @Points(value = 4, seconds = 30) @DisplayName("Q2 everyone else stays out")
    void q2() {
        Lab lab = lab("Q2");
        Random r = new Random(192);
        for (int i = 0; i < 300; i++) {
            int kind = i % 5;
            String src = i == 0 ? Lab.LAN_CLIENT : kind == 4 ? neighbour(r) : outsider(r);
            int sport = ephemeral(r);
            Packet p = switch (kind) {
                case 0, 1 -> Lab.syn(src, sport, Lab.HOST, PORT);
                case 2 -> Lab.syn(src, sport, Lab.WEB, 80);
                case 3 -> r.nextBoolean() ? Lab.udp(src, sport, Lab.WEB, 1 + r.nextInt(65535), 60) : Lab.udp(src, sport, Lab.HOST, PORT, 60);
                default -> Lab.syn(src, sport, r.nextBoolean() ? Lab.HOST : Lab.WEB, r.nextBoolean() ? PORT : 80);
            };
            for (int attempt = 0; attempt < (kind == 3 ? 1 : 2); attempt++) { // a SYN and its retransmission
                Trip t = lab.fromLan(p.copy());
                if (!reachesContainer(t)) continue;
                String hint = switch (kind) {
                    case 0, 1 -> "DOCKER-USER and ufw's route rules see the packet after DNAT: what are its destination address and port there?";
                    case 4 -> "172.31.32.1 alone may get in, not its neighbours.";
                    case 2 -> "a LAN host that routes 172.17.0.0/16 through this host skips the published port: the container's own address must be closed too.";
                    default -> "your rules let through more than 172.31.32.1's connections to the web server.";
                };
                throw Expect.fail("Q2", "a " + describe(p) + " from " + who(src) + " reached the container"
                        + (attempt == 1 ? " (on its retransmission)" : ""), hint);
            }
        }
    }

    static String describe(Packet p) {
        String dst = Ipv4.format(p.destination());
        String proto = p.protocol() == dev.nflab.packet.Protocol.TCP ? "TCP SYN" : "UDP datagram";
        return proto + " to " + dst + ":" + p.destinationPort() + (dst.equals(Lab.HOST) ? " (the published port)" : "");
    }

    @Test @Points(value = 3, seconds = 30) @DisplayName("Q3 the container's own connections and their replies")
    void q3() {
        Lab lab = lab("Q3");
        closedToOthers(lab, "Q3");
        Random r = new Random(193);
        for (int i = 0; i < 150; i++) {
            String remote = switch (i % 4) {
                case 0 -> PEER;
                case 1 -> Lab.LAN_CLIENT;
                default -> outsider(r);
            };
            int sport = ephemeral(r);
            int kind = i % 3;
            Packet out = switch (kind) {
                case 0 -> Lab.syn(Lab.WEB, sport, remote, r.nextBoolean() ? 80 : 1 + r.nextInt(65535));
                case 1 -> Lab.udp(Lab.WEB, sport, remote, r.nextBoolean() ? 53 : 1 + r.nextInt(65535), 60);
                default -> Packet.icmp(Ipv4.parse(Lab.WEB), Ipv4.parse(remote), 8, 0, sport, 84);
            };
            String what = (kind == 0 ? "TCP connection to " + remote + ":" + out.destinationPort()
                    : kind == 1 ? "UDP query to " + remote + ":" + out.destinationPort() : "ping to " + remote) + " from its port "
                    + (kind == 2 ? "(id) " : "") + sport;
            Trip t = lab.fromContainer(out);
            if (!toLan(t)) {
                throw Expect.fail("Q3", "the container's " + what + ": its first packet was " + t.summary(),
                        "the container's own packets come in on docker0 from 172.17.0.2 and must get out.");
            }
            Packet sent = t.out();
            Packet reply = switch (kind) {
                case 0 -> Lab.synAck(remote, sent.destinationPort(), Ipv4.format(sent.source()), sent.sourcePort());
                case 1 -> Lab.udp(remote, sent.destinationPort(), Ipv4.format(sent.source()), sent.sourcePort(), 60);
                default -> Packet.icmp(Ipv4.parse(remote), sent.source(), 0, 0, sent.icmpId(), 84);
            };
            Trip back = lab.fromLan(reply);
            if (!reachesContainer(back)) {
                throw Expect.fail("Q3", "the container's " + what + ": it went out, but the reply was " + back.summary(),
                        "replies come back from any address to the container's own port: which of your rules catches them?");
            }
        }
    }
}
