package dev.nflab.packet;

/** IPv4 addresses as {@code int}s (network order, unsigned semantics): parsing, printing, prefixes. */
public final class Ipv4 {
    private Ipv4() {}

    /** Parses a dotted quad; throws {@link IllegalArgumentException} naming the text. */
    public static int parse(String text) {
        int value = tryParse(text);
        if (value == -1 && !"255.255.255.255".equals(text)) {
            throw new IllegalArgumentException("invalid IPv4 address \"" + text + "\"");
        }
        return value;
    }

    /** Parses a dotted quad, or returns -1 (which is also 255.255.255.255: callers check the text). */
    static int tryParse(String text) {
        if (text == null || text.isEmpty()) return -1;
        int value = 0, octets = 0, current = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (current < 0 || octets == 4) return -1;
                value = (value << 8) | current;
                octets++;
                current = -1;
            } else if (c >= '0' && c <= '9') {
                current = current < 0 ? c - '0' : current * 10 + (c - '0');
                if (current > 255) return -1;
            } else {
                return -1;
            }
        }
        return octets == 4 ? value : -1;
    }

    public static boolean isValid(String text) {
        return tryParse(text) != -1 || "255.255.255.255".equals(text);
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "."
                + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** The netmask of a prefix length, 0..32. */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
