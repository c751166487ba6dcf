package dev.nflab.docker;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the real daemon and kernel pick at random or by the host's history: bridge MACs, veth
 * names and MACs, network and container ids, process ids, the ifindex of Docker's next bridge.
 * Unset, the model uses stable placeholders ({@code br-000000000002}, {@code veth0000001}, ...);
 * a recorded host (the seed, a lab capture) supplies its values here, in the order they are used.
 */
public final class DockerChoices {
    final Deque<String> bridgeMacs = new ArrayDeque<>();
    final Deque<String> vethNames = new ArrayDeque<>();
    final Deque<String> vethMacs = new ArrayDeque<>();
    final Deque<String> networkIds = new ArrayDeque<>();
    final Deque<String> containerIds = new ArrayDeque<>();
    final Deque<Integer> pids = new ArrayDeque<>();
    final Deque<Integer> bridgeIndexes = new ArrayDeque<>();

    public static DockerChoices placeholders() {
        return new DockerChoices();
    }

    /** The MAC of the next bridge Docker creates (docker0 first). */
    public DockerChoices bridgeMac(String mac) { bridgeMacs.add(mac); return this; }
    /** The ifindex of the next bridge Docker creates (the host's earlier devices used the others). */
    public DockerChoices bridgeIndex(int index) { bridgeIndexes.add(index); return this; }
    /** The host-side name of the next veth ({@code veth} and 7 random hex digits in Docker). */
    public DockerChoices vethName(String name) { vethNames.add(name); return this; }
    public DockerChoices vethMac(String mac) { vethMacs.add(mac); return this; }
    public DockerChoices networkId(String id) { networkIds.add(id); return this; }
    public DockerChoices containerId(String id) { containerIds.add(id); return this; }
    /** The pids of the next processes Docker starts (docker-proxy), in order. */
    public DockerChoices pids(int... values) {
        for (int p : values) pids.add(p);
        return this;
    }
}
