package dev.nflab.traffic;

import dev.nflab.packet.Ipv4;

/**
 * Who sends or answers traffic around a Docker host: a machine on eth0's network (the peer at
 * 172.31.32.1, the LAN host at 172.31.40.10), the Docker host itself, or a container.
 */
public sealed interface Endpoint {

    /** A machine outside, reached through eth0. */
    record Peer(int address) implements Endpoint {
        @Override public String toString() { return "peer " + Ipv4.format(address); }
    }

    /**
     * A process on the Docker host, running as user {@code uid} (group {@code uid} too, no
     * supplementary groups; the lab's {@code host:UID}): its packets carry its socket, which
     * {@code -m owner} reads. Root (0) unless the scenario says otherwise, as docker-proxy is.
     */
    record Host(long uid) implements Endpoint {
        @Override public String toString() { return uid == 0 ? "the host" : "the host (uid " + uid + ")"; }

        /** The socket of the process's packets. */
        public dev.nflab.packet.Socket socket() {
            return uid == 0 ? dev.nflab.packet.Socket.ROOT : dev.nflab.packet.Socket.process(uid, uid, java.util.List.of());
        }
    }

    /** A process in a container. */
    record Container(String name) implements Endpoint {
        @Override public String toString() { return "container " + name; }
    }

    /** The peer of the lab and the captures: 172.31.32.1 (also the host's default gateway). */
    Peer PEER = new Peer(Ipv4.parse("172.31.32.1"));
    /** The LAN host of the lab: 172.31.40.10, which routes the container subnets via the host. */
    Peer LAN = new Peer(Ipv4.parse("172.31.40.10"));
    Host HOST = new Host(0);

    /** A host client running as user {@code uid}. */
    static Host host(long uid) {
        return new Host(uid);
    }

    static Endpoint container(String name) {
        return new Container(name);
    }
}
