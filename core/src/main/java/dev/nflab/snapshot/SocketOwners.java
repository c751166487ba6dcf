package dev.nflab.snapshot;

import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import dev.nflab.packet.Socket;
import dev.nflab.packet.TcpFlags;
import dev.nflab.trace.TracedPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which socket sent each packet the host sent in a recording ({@code -m owner} reads it; the
 * traces do not say). scenario.txt's traffic line says which host clients ran, in order, and as
 * whom ({@code setpriv --reuid=U --regid=G}, no supplementary groups; root otherwise): each opens
 * one flow (a connection, a datagram's flow, an echo request), so the host's flows are given to
 * those clients in order of their first packet, by protocol and destination. Any other flow the
 * host opens or answers is a root process's (docker-proxy, a listener). What the kernel sends on
 * its own goes out from its control sockets, which have no file: an ICMP error or echo reply, a
 * reset of a flow no process has. (REJECT's packets: see {@link Replay}.) nflab-net and
 * docker-proxy shut their write side down before they close, so the ACK of the other side's FIN
 * leaves from their socket; docker-proxy's to a client on lo was seen to leave with no socket now
 * and then (owner-output: 4 runs of 16), which the model does not know.
 */
final class SocketOwners {
    private SocketOwners() {}

    private record Client(int protocol, int destination, int port, Socket socket) {}

    private static final Pattern SETPRIV = Pattern.compile("setpriv --reuid=(\\d+) --regid=(\\d+) --clear-groups"
            + "(?: --inh-caps=\\+net_raw --ambient-caps=\\+net_raw)? ");
    private static final Pattern HTTP = Pattern.compile("nflab-net http http://([0-9.]+)(?::(\\d+))?(?:/\\S*)?");
    private static final Pattern TCP_UDP = Pattern.compile("nflab-net (tcp|udp) ([0-9.]+) (\\d+)(?: \\S+)?");
    private static final Pattern PING = Pattern.compile("busybox ping .* ([0-9.]+)");

    /** Sets the socket of every packet the host sent in {@code packets}, in place. */
    static void stamp(List<TracedPacket> packets, String scenarioTxt) {
        List<Client> clients = clients(scenarioTxt);
        int next = 0;
        Map<String, Socket> flows = new HashMap<>();
        for (TracedPacket tp : packets) {
            Packet p = tp.packet();
            if (!tp.isLocal()) continue;
            int localPort = p.hasPorts() ? p.sourcePort() : p.isIcmp() ? p.icmpId() : 0;
            int remotePort = p.hasPorts() ? p.destinationPort() : 0;
            String key = key(p.protocol(), p.source(), localPort, p.destination(), remotePort);
            Socket socket = flows.get(key);
            if (socket == null && opens(p)) {
                socket = Socket.ROOT;
                for (int i = next; i < clients.size(); i++) {
                    Client c = clients.get(i);
                    if (c.protocol == p.protocol() && c.destination == p.destination()
                            && (c.port == remotePort || p.isIcmp())) {
                        socket = c.socket;
                        next = i + 1;
                        break;
                    }
                }
                flows.put(key, socket);
            }
            if (socket == null) socket = kernelMade(p) ? Socket.KERNEL : Socket.ROOT;
            p.withSocket(socket);
        }
    }

    /** A packet that starts a flow: a SYN, a datagram, an echo request. */
    private static boolean opens(Packet p) {
        if (p.isTcp()) return (p.tcpFlags() & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
        if (p.isUdp()) return true;
        return p.isIcmp() && p.icmpType() == 8;
    }

    /** What the kernel answers on its own: ICMP other than an echo request, a reset. */
    private static boolean kernelMade(Packet p) {
        if (p.isIcmp()) return p.icmpType() != 8;
        return p.isTcp() && (p.tcpFlags() & TcpFlags.RST) != 0;
    }

    private static String key(int protocol, int local, int localPort, int remote, int remotePort) {
        return protocol + " " + local + ":" + localPort + " " + remote + ":" + remotePort;
    }

    /** The host's clients in scenario.txt's traffic line, in order. */
    private static List<Client> clients(String scenarioTxt) {
        List<Client> clients = new ArrayList<>();
        if (scenarioTxt == null) return clients;
        int at = scenarioTxt.indexOf("--- traffic\n");
        if (at < 0) return clients;
        String line = scenarioTxt.substring(at + "--- traffic\n".length()).lines().findFirst().orElse("");
        for (String command : line.split("; ")) {
            if (!command.startsWith("[host] ")) continue;
            String rest = command.substring("[host] ".length());
            Socket socket = Socket.ROOT;
            Matcher user = SETPRIV.matcher(rest);
            if (user.lookingAt()) {
                long uid = Long.parseLong(user.group(1));
                long gid = Long.parseLong(user.group(2));
                socket = uid == 0 && gid == 0 ? Socket.ROOT : Socket.process(uid, gid, List.of());
                rest = rest.substring(user.end());
            }
            Matcher m;
            if ((m = HTTP.matcher(rest)).matches()) {
                clients.add(new Client(Protocol.TCP, dev.nflab.packet.Ipv4.parse(m.group(1)),
                        m.group(2) == null ? 80 : Integer.parseInt(m.group(2)), socket));
            } else if ((m = TCP_UDP.matcher(rest)).matches()) {
                clients.add(new Client(m.group(1).equals("tcp") ? Protocol.TCP : Protocol.UDP,
                        dev.nflab.packet.Ipv4.parse(m.group(2)), Integer.parseInt(m.group(3)), socket));
            } else if ((m = PING.matcher(rest)).matches()) {
                clients.add(new Client(Protocol.ICMP, dev.nflab.packet.Ipv4.parse(m.group(1)), 0, socket));
            }
        }
        return clients;
    }
}
