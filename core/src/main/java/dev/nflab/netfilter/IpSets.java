package dev.nflab.netfilter;

import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network namespace's ipset sets (the kernel's ip_set module keeps them per namespace, beside
 * the rules): created, filled and destroyed by {@code ipset}, looked up by the {@code set} match.
 * Two types: {@code hash:ip} (addresses) and {@code hash:net} (prefixes; an address is in the set
 * when some prefix holds it).
 */
public final class IpSets {
    /** The set types nflab models, by ipset's type names. */
    public enum Type {
        HASH_IP("hash:ip"), HASH_NET("hash:net");

        private final String typeName;

        Type(String typeName) { this.typeName = typeName; }

        public String typeName() { return typeName; }

        public static Type byName(String name) {
            for (Type t : values()) if (t.typeName.equals(name)) return t;
            return null;
        }
    }

    /** One set: its type, options as created, and members. */
    public static final class IpSet {
        private final String name;
        private final Type type;
        private final String options;
        // hash:ip: addresses; hash:net: (prefix length << 32 | network), with the lengths in use
        private final Set<Long> members = new HashSet<>();
        private final TreeSet<Integer> lengths = new TreeSet<>();

        IpSet(String name, Type type, String options) {
            this.name = name;
            this.type = type;
            this.options = options;
        }

        public String name() { return name; }
        public Type type() { return type; }
        /** The create options after the type, as given (for ipset save). */
        public String options() { return options; }

        /** maxelem: how many elements the set takes (65536 unless created with another). */
        public long maxElements() {
            String[] w = options.split(" ");
            for (int i = 0; i + 1 < w.length; i++) {
                if (w[i].equals("maxelem")) return Long.parseLong(w[i + 1]);
            }
            return 65536;
        }

        public int size() { return members.size(); }

        /** Whether exactly this prefix is an element. */
        public boolean has(int network, int length) {
            return members.contains(key(network & Ipv4.mask(length), length));
        }

        private static long key(int network, int length) {
            return ((long) length << 32) | (network & 0xffffffffL);
        }

        /** Adds a prefix (a hash:ip set only ever holds /32); false when it was there already. */
        public boolean add(int network, int length) {
            if (!members.add(key(network & Ipv4.mask(length), length))) return false;
            lengths.add(length);
            return true;
        }

        /** Deletes a prefix; false when it was not there. */
        public boolean delete(int network, int length) {
            if (!members.remove(key(network & Ipv4.mask(length), length))) return false;
            boolean used = false;
            for (long k : members) used |= (int) (k >>> 32) == length;
            if (!used) lengths.remove(length);
            return true;
        }

        public void flush() {
            members.clear();
            lengths.clear();
        }

        /** Whether {@code address} is a member (hash:net: in one of the prefixes), as ip_set_test. */
        public boolean contains(int address) {
            for (int length : lengths) {
                if (members.contains(key(address & Ipv4.mask(length), length))) return true;
            }
            return false;
        }

        /** The members as {@code ipset save} names them (a /32 without its length), sorted. */
        public List<String> members() {
            List<String> list = new ArrayList<>();
            for (long k : new TreeSet<>(members)) {
                int length = (int) (k >>> 32);
                String a = Ipv4.format((int) k);
                list.add(length == 32 ? a : a + "/" + length);
            }
            return list;
        }
    }

    private final Map<String, IpSet> sets = new LinkedHashMap<>();

    /** The set of that name, or null. */
    public IpSet get(String name) {
        return sets.get(name);
    }

    /** The sets in creation order (as {@code ipset list -n} lists them). */
    public List<IpSet> all() {
        return List.copyOf(sets.values());
    }

    public IpSet create(String name, Type type, String options) {
        IpSet s = new IpSet(name, type, options);
        sets.put(name, s);
        return s;
    }

    public void destroy(String name) {
        sets.remove(name);
    }
}
