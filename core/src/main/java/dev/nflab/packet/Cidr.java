package dev.nflab.packet;

import java.util.Objects;

/**
 * An IPv4 prefix such as {@code 172.17.0.0/16}. Like iptables, the host bits of the address are
 * cleared on parse ({@code -s 10.1.2.3/8} is stored as {@code 10.0.0.0/8}). A rule's address may
 * also have a netmask that is no prefix ({@code -s 1.2.3.4/255.0.255.0}, which iptables takes and
 * stores as 1.0.3.0/255.0.255.0: {@link #masked}); its {@link #prefixLength} is then -1.
 */
public final class Cidr {
    public static final Cidr ANY = new Cidr(0, 0);

    private final int network;
    private final int prefixLength;
    private final int mask;

    private Cidr(int network, int prefixLength) {
        this(network, prefixLength, Ipv4.mask(prefixLength));
    }

    private Cidr(int network, int prefixLength, int mask) {
        this.mask = mask;
        this.network = network & mask;
        this.prefixLength = prefixLength;
    }

    /** The address under any netmask: a prefix when the mask is one, else prefix length -1. */
    public static Cidr masked(int address, int mask) {
        int bits = Integer.bitCount(mask);
        if (Ipv4.mask(bits) == mask) return new Cidr(address, bits);
        return new Cidr(address, -1, mask);
    }

    public static Cidr of(int address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("invalid prefix length /" + prefixLength);
        }
        return new Cidr(address, prefixLength);
    }

    public static Cidr host(int address) {
        return new Cidr(address, 32);
    }

    /** Parses {@code A.B.C.D} (a /32) or {@code A.B.C.D/N} or {@code A.B.C.D/M.M.M.M}. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) return host(Ipv4.parse(text));
        int address = Ipv4.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (len.indexOf('.') >= 0) {
            int m = Ipv4.parse(len);
            int bits = Integer.bitCount(m);
            if (Ipv4.mask(bits) != m) throw new IllegalArgumentException("invalid netmask \"" + len + "\"");
            return of(address, bits);
        }
        try {
            return of(address, Integer.parseInt(len));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid prefix length \"" + len + "\"");
        }
    }

    public boolean contains(int address) {
        return (address & mask) == network;
    }

    public boolean overlaps(Cidr other) {
        int m = mask & other.mask; // the shorter prefix's mask, for two prefixes
        return (network & m) == (other.network & m);
    }

    public int network() { return network; }
    public int prefixLength() { return prefixLength; }
    public int mask() { return mask; }
    public int broadcast() { return network | ~mask; }
    public boolean isAny() { return mask == 0; }

    /** As iptables-save prints it: always with the prefix length (or the netmask that is none). */
    @Override public String toString() {
        return Ipv4.format(network) + "/" + (prefixLength < 0 ? Ipv4.format(mask) : String.valueOf(prefixLength));
    }

    /** As {@code iptables -L -n} prints it: a /32 without its length. */
    public String toListingString() {
        return prefixLength == 32 ? Ipv4.format(network) : toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Cidr c && c.network == network && c.mask == mask;
    }

    @Override public int hashCode() { return Objects.hash(network, mask); }
}
