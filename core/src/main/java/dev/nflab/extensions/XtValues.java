package dev.nflab.extensions;

/**
 * Option values as libxtables parses them for conntrack's options (xtoptions.c): an address with
 * an optional mask (XTTYPE_HOSTMASK), a port or port range (XTTYPE_PORTRC) and a 32-bit range
 * (XTTYPE_UINT32RC). Each problem is libxtables' own message, {@code ext} its first word.
 */
final class XtValues {
    private static final long UINT32_MAX = 0xFFFFFFFFL;

    private XtValues() {}

    /** An address and its mask, as {@code --ctorigsrc ADDRESS[/MASK]} gives them. */
    record HostMask(int address, int mask) {}

    /**
     * ADDRESS[/MASK]: the address as getaddrinfo reads a number (inet_aton: 1 to 4 parts, octal
     * and hex allowed), the mask a prefix length 0-32 or a dotted mask; a dotted mask that is not
     * a prefix, or a number above 32 read as one, leaves all 32 bits (what 1.8.9 stores).
     */
    static HostMask hostMask(String ext, String option, String text) throws ParameterProblem {
        int slash = text.indexOf('/');
        int address = host(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) return new HostMask(address, -1);
        String m = text.substring(slash + 1);
        long[] plen = strtoul(m, 0, 0);
        if (plen != null && plen[1] == m.length() && plen[0] <= 32) {
            int len = (int) plen[0];
            return new HostMask(address, len == 0 ? 0 : -1 << (32 - len));
        }
        Long dotted = inetAton(m);
        if (dotted == null) {
            throw new ParameterProblem(ext + ": bad value for option \"" + option
                    + "\", neither a valid network mask nor valid CIDR (0-32).\n");
        }
        int mask = (int) (long) dotted;
        return new HostMask(address, prefixLength(mask) >= 0 ? mask : -1);
    }

    /** The prefix length of a contiguous mask, or -1. */
    static int prefixLength(int mask) {
        int len = Integer.bitCount(mask);
        return len == 0 ? (mask == 0 ? 0 : -1) : (mask == -1 << (32 - len) ? len : -1);
    }

    private static int host(String text) throws ParameterProblem {
        Long a = inetAton(text);
        if (a != null) return (int) (long) a;
        throw unresolved(text);
    }

    /**
     * What getaddrinfo's failure becomes: for a text that could be a host name (RFC 1123 labels,
     * one letter at least) the model says it has no resolver, where iptables would ask DNS; any
     * other text no resolver takes, and iptables says so in getaddrinfo's words.
     */
    static ParameterProblem unresolved(String text) {
        if (text.matches("(?i)([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?\\.?")
                && text.chars().anyMatch(Character::isLetter)) {
            return new ParameterProblem("host name `" + text + "' is not resolved by nflab: give an IPv4 address");
        }
        return new ParameterProblem("getaddrinfo: Name or service not known\n");
    }

    /** inet_aton: a, a.b (b 24 bits), a.b.c (c 16 bits) or a.b.c.d, each part decimal, 0octal or 0xhex. */
    static Long inetAton(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) return null;
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || !Character.isDigit(parts[i].charAt(0))) return null;
            long[] n = strtoul(parts[i], 0, 0);
            if (n == null || n[1] != parts[i].length()) return null;
            v[i] = n[0];
        }
        int last = parts.length - 1;
        long result = 0;
        for (int i = 0; i < last; i++) {
            if (v[i] > 255) return null;
            result |= v[i] << (24 - 8 * i);
        }
        long room = (1L << (32 - 8 * last)) - 1;
        if (v[last] > room) return null;
        return result | v[last];
    }

    /**
     * PORT, LOW:HIGH, LOW: (HIGH 65535), :HIGH (LOW 0): each port a number or a service name,
     * as xtables_getportbyname asks getaddrinfo, which keeps a number's low 16 bits.
     */
    static int[] portRange(String ext, String option, String text) throws ParameterProblem {
        String[] parts = text.split(":", -1);
        int[] range = new int[2];
        for (int i = 0; i < parts.length; i++) {
            if (i == 2) {
                throw new ParameterProblem(ext + ": Too many components for option \"" + option + "\" (max: 2)\n");
            }
            range[i] = parts[i].isEmpty() ? (i == 1 ? 0xFFFF : 0) : port(parts[i]);
        }
        if (parts.length == 1) range[1] = range[0];
        return range;
    }

    private static int port(String s) throws ParameterProblem {
        Integer named = Services.named(s);
        if (named != null) return named;
        // glibc: strtoul(s, 10) over the whole string, then the value as an int, its low 16 bits
        int p = 0;
        while (p < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(p)) >= 0) p++;
        boolean negative = p < s.length() && s.charAt(p) == '-';
        if (p < s.length() && (s.charAt(p) == '-' || s.charAt(p) == '+')) p++;
        long[] n = p < s.length() && Character.isDigit(s.charAt(p)) ? strtoul(s, p, 10) : null;
        if (n != null && n[1] == s.length() && n[0] != Long.MAX_VALUE) {
            int asInt = (int) (negative ? -n[0] : n[0]);
            if (asInt >= 0) return asInt & 0xFFFF;
        }
        throw new ParameterProblem("Port \"" + s + "\" does not resolve to anything.\n");
    }

    /** MIN, MIN:MAX, :MAX (MIN 0) or MIN: (MAX 2^32-1), as XTTYPE_UINT32RC; MIN > MAX is kept. */
    static long[] uint32Range(String ext, String option, String s) throws ParameterProblem {
        long[] values = new long[2];
        int count = 0;
        int pos = 0;
        while (true) {
            if (count == 2) {
                throw new ParameterProblem(ext + ": Too many components for option \"" + option + "\" (max: 2)\n");
            }
            int end = pos;
            long value = count == 1 ? UINT32_MAX : 0;
            if (pos < s.length() && s.charAt(pos) != ':') {
                long[] n = pos < s.length() && s.charAt(pos) == '-' ? null : strtoul(s, pos, 0);
                if (n == null || n[0] > UINT32_MAX) {
                    throw new ParameterProblem(ext + ": bad value for option \"" + option + "\" near \""
                            + s.substring(pos) + "\", or out of range (0-" + UINT32_MAX + ").\n");
                }
                value = n[0];
                end = (int) n[1];
                if (end < s.length() && s.charAt(end) != ':') {
                    throw new ParameterProblem(ext + ": Argument to \"" + option
                            + "\" has unexpected characters near \"" + s.substring(end) + "\".\n");
                }
            }
            values[count++] = value;
            if (end == s.length()) break;
            pos = end + 1;
        }
        return count == 1 ? new long[] {values[0], values[0]} : values;
    }

    /**
     * strtoul(s + from, &end, radix): radix 0 reads 0x as hex and a leading 0 as octal. {value
     * (Long.MAX_VALUE once past 2^40, enough to be out of every range here), end}, or null.
     */
    private static long[] strtoul(String s, int from, int radix) {
        int p = from;
        int base = radix == 0 ? 10 : radix;
        if (radix == 0 && p + 2 < s.length() && s.charAt(p) == '0' && (s.charAt(p + 1) | 0x20) == 'x'
                && digit(s.charAt(p + 2), 16) >= 0) {
            base = 16;
            p += 2;
        } else if (radix == 0 && p < s.length() && s.charAt(p) == '0') {
            base = 8;
        }
        int start = p;
        long value = 0;
        for (int d; p < s.length() && (d = digit(s.charAt(p), base)) >= 0; p++) {
            value = value >= 1L << 40 ? Long.MAX_VALUE : value * base + d;
        }
        return p == start ? null : new long[] {value, p};
    }

    private static int digit(char c, int radix) {
        return c < 128 ? Character.digit(c, radix) : -1;
    }
}
