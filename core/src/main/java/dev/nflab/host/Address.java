package dev.nflab.host;

import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;

/**
 * An address on an interface ({@code inet} or {@code inet6}), as {@code ip address} shows it.
 * IPv6 addresses are carried for listings only; the packet model is IPv4.
 *
 * @param text address text without prefix ("172.31.37.164" or "fe80::43d:47ff:fee2:9ba")
 * @param validLifetime seconds, or -1 for "forever"
 */
public record Address(boolean inet6, String text, int prefixLength, String scope, boolean dynamic,
                      int validLifetime, int preferredLifetime) {

    public static Address inet(String text, int prefixLength, String scope) {
        Ipv4.parse(text);
        return new Address(false, text, prefixLength, scope, false, -1, -1);
    }

    public static Address inet6(String text, int prefixLength, String scope) {
        return new Address(true, text, prefixLength, scope, false, -1, -1);
    }

    public Address withLifetimes(boolean dynamic, int valid, int preferred) {
        return new Address(inet6, text, prefixLength, scope, dynamic, valid, preferred);
    }

    public int ipv4() {
        if (inet6) throw new IllegalStateException("not an IPv4 address: " + text);
        return Ipv4.parse(text);
    }

    public Cidr prefix() {
        return Cidr.of(ipv4(), prefixLength);
    }

    /** The broadcast address the kernel derives (none for /31 and /32). */
    public int broadcast() {
        return prefix().broadcast();
    }

    public boolean hasBroadcast() {
        return !inet6 && prefixLength < 31;
    }
}
