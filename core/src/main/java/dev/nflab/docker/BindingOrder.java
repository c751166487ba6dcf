package dev.nflab.docker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order in which Docker 20.10 programs one container's port bindings, and whether that order
 * is fixed. The daemon (buildCreateEndpointOptions) lists the container's ports by iterating a Go
 * map (Config.ExposedPorts), sorts the bindings with go-connections' nat.SortPortMap and then gives
 * each port's bindings together, at the place of its first one. Two things leave the order open:
 *
 * <ul>
 * <li>the sort's comparison is not strict: "a before b" is {@code hostPort(a) > hostPort(b) ||
 * port(a) > port(b) || (port(a) == port(b) && a is tcp)}, so 8080:80/tcp and 5000:5000/udp are
 * each before the other (and two tcp bindings of one port too). Go's sort.Sort on up to 12 items
 * is an insertion sort, whose result then depends on the order it starts from;</li>
 * <li>that order is a Go map's iteration order, which Go randomizes. The map was decoded from the
 * API's JSON, whose keys ("80/tcp") json.Marshal sorted; with up to 8 keys it is one bucket whose
 * slots hold the keys in that order, and an iteration starts at a random one of the 8 slots and
 * wraps: the keys come in sorted order, rotated. Rotation 0 comes from 9 - k of the 8 starting
 * slots (k keys), each other rotation from one.</li>
 * </ul>
 *
 * So with k <= 8 ports every possible order is known (one per rotation); the first is the one
 * Docker takes most often. With more ports (several buckets, placed by a seeded hash) they are
 * not enumerated: the order is open unless the comparison is strict between every two bindings
 * (then every start gives the same sorted order).
 */
public final class BindingOrder {
    /** Keys a map of one Go bucket holds (bucketCnt). */
    private static final int BUCKET = 8;
    /** Go's sort.Sort sorts up to 12 items by insertion (pdqsort's and quickSort's small case). */
    private static final int INSERTION = 12;

    private final List<List<PortBinding>> orders;
    private final boolean complete;

    private BindingOrder(List<List<PortBinding>> orders, boolean complete) {
        this.orders = orders;
        this.complete = complete;
    }

    /** Every order Docker may program the bindings in, distinct; the first is its most frequent. */
    public List<List<PortBinding>> orders() { return orders; }

    /** Whether {@link #orders} holds every possible order (false: more ports than a map bucket holds). */
    public boolean complete() { return complete; }

    /** The order the model programs: the one Docker takes most often. */
    public List<PortBinding> usual() { return orders.get(0); }

    /** Whether real Docker may program these bindings in more than one order. */
    public boolean open() { return orders.size() > 1 || !complete; }

    /** The possible orders of a container's bindings (as given on its {@code docker run} line). */
    public static BindingOrder of(List<PortBinding> bindings) {
        // HostConfig.PortBindings: each port's bindings in command-line order; ExposedPorts' keys sorted.
        Map<String, List<PortBinding>> byPort = new TreeMap<>();
        for (PortBinding b : bindings) byPort.computeIfAbsent(key(b), k -> new ArrayList<>()).add(b);
        List<String> keys = new ArrayList<>(byPort.keySet());
        int k = keys.size();
        LinkedHashSet<List<PortBinding>> found = new LinkedHashSet<>();
        int rotations = k <= BUCKET ? Math.max(k, 1) : 1;
        for (int r = 0; r < rotations; r++) {
            List<PortBinding> input = new ArrayList<>();
            for (int i = 0; i < k; i++) input.addAll(byPort.get(keys.get((r + i) % k)));
            found.add(sortPortMap(input));
        }
        boolean complete = k <= BUCKET && (bindings.size() <= INSERTION || strict(bindings));
        if (k > BUCKET && strict(bindings)) complete = true; // any start sorts the same
        return new BindingOrder(List.copyOf(found), complete);
    }

    /** A binding's port as the map keys it: {@code 80/tcp}. */
    private static String key(PortBinding b) {
        return b.containerPort() + "/" + b.protocol().toLowerCase(Locale.ROOT);
    }

    /**
     * nat.SortPortMap: Go's insertion sort with the non-strict comparison, then each port's
     * bindings together where the port first appears.
     */
    static List<PortBinding> sortPortMap(List<PortBinding> input) {
        List<PortBinding> s = new ArrayList<>(input);
        for (int i = 1; i < s.size(); i++) {
            for (int j = i; j > 0 && less(s.get(j), s.get(j - 1)); j--) Collections.swap(s, j, j - 1);
        }
        Map<String, List<PortBinding>> grouped = new LinkedHashMap<>();
        for (PortBinding b : s) grouped.computeIfAbsent(key(b), x -> new ArrayList<>()).add(b);
        List<PortBinding> out = new ArrayList<>();
        grouped.values().forEach(out::addAll);
        return List.copyOf(out);
    }

    static boolean less(PortBinding a, PortBinding b) {
        return a.hostPort() > b.hostPort() || a.containerPort() > b.containerPort()
                || (a.containerPort() == b.containerPort() && a.protocol().toLowerCase(Locale.ROOT).equals("tcp"));
    }

    /** Whether exactly one of each two bindings is before the other (then the sort's result is unique). */
    private static boolean strict(List<PortBinding> bindings) {
        for (int i = 0; i < bindings.size(); i++) {
            for (int j = i + 1; j < bindings.size(); j++) {
                if (less(bindings.get(i), bindings.get(j)) == less(bindings.get(j), bindings.get(i))) return false;
            }
        }
        return true;
    }
}
