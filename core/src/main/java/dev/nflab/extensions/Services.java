package dev.nflab.extensions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Port numbers and service names as libxtables reads them: numbers as {@code strtoul} reads them,
 * names from netbase's {@code /etc/services} (Debian 12's, copied to {@code data/netbase/services}
 * and packaged: the same answers on any machine). A name is looked up per protocol, as
 * {@code getservbyname(name, proto)} does: {@code ntp} is a udp service only, sctp has no names.
 */
final class Services {
    private record Entry(String name, List<String> aliases, int port, String protocol) {}

    private static final List<Entry> ENTRIES = load();

    private Services() {}

    private static List<Entry> load() {
        List<Entry> list = new ArrayList<>();
        InputStream in = Services.class.getResourceAsStream("services");
        if (in == null) throw new IllegalStateException("the services resource is missing (data/netbase/services)");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                String[] w = line.trim().split("\\s+");
                if (w.length < 2 || w[0].isEmpty()) continue;
                int slash = w[1].indexOf('/');
                if (slash < 0) continue;
                list.add(new Entry(w[0], List.of(w).subList(2, w.length),
                        Integer.parseInt(w[1].substring(0, slash)), w[1].substring(slash + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(list);
    }

    /** The port of a service name of any protocol, or null when netbase has no such name. */
    static Integer named(String name) {
        int p = lookup(name, null);
        return p < 0 ? null : p;
    }

    /** {@code getservbyname(name, protocol)}: the first entry with that name or alias; any protocol when null; -1 if none. */
    static int lookup(String name, String protocol) {
        for (Entry e : ENTRIES) {
            if (protocol != null && !e.protocol().equals(protocol)) continue;
            if (e.name().equals(name) || e.aliases().contains(name)) return e.port();
        }
        return -1;
    }

    /**
     * {@code xtables_strtoui(text, &end, ..., 0, max)}: a number as strtoul reads it in base 0
     * (leading blanks, a sign, 0x for hex, 0 for octal); {@code {value, end}} or null when no digit
     * was read or the value is above {@code max}. With {@code whole}, trailing text fails too.
     */
    static long[] strtoui(String text, long max, boolean whole) {
        int i = 0, n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) i++;
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) negative = text.charAt(i++) == '-';
        int base = 10;
        if (i + 1 < n && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(text.charAt(i + 2), 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < n && text.charAt(i) == '0') {
            base = 8;
        }
        int start = i;
        java.math.BigInteger v = java.math.BigInteger.ZERO;
        while (i < n && Character.digit(text.charAt(i), base) >= 0) {
            v = v.multiply(java.math.BigInteger.valueOf(base)).add(java.math.BigInteger.valueOf(Character.digit(text.charAt(i), base)));
            i++;
        }
        if (i == start) return null;
        if (whole && i != n) return null;
        if (negative && v.signum() != 0) return null; // strtoul wraps a negative number to a huge one
        if (v.compareTo(java.math.BigInteger.valueOf(max)) > 0) return null;
        return new long[] {v.longValue(), i};
    }

    /**
     * {@code xtables_parse_port(text, protocol)} (tcp, sctp, multiport): a number 0-65535 in base 0, else
     * the protocol's service, else {@code invalid port/service `TEXT' specified}.
     */
    static int port(String text, String protocol) throws ParameterProblem {
        long[] n = strtoui(text, 65535, true);
        if (n != null) return (int) n[0];
        int p = lookup(text, protocol);
        if (p >= 0) return p;
        throw new ParameterProblem("invalid port/service `" + text + "' specified");
    }

    /**
     * {@code xtables_getportbyname(text)} (the udp match's ports): {@code getaddrinfo} with no hints,
     * so a decimal number cut to 16 bits, else the name's tcp port, else its udp, dccp, udplite or
     * sctp port; -1 if none.
     */
    static int portByName(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        String digits = text.substring(i);
        if (digits.startsWith("+")) digits = digits.substring(1);
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            java.math.BigInteger v = new java.math.BigInteger(digits);
            // glibc keeps strtoul's value in an int: a value that turns negative is looked up as a name
            int asInt = v.intValue();
            if (asInt >= 0) return asInt & 0xFFFF;
        }
        for (String proto : new String[] {"tcp", "udp", "dccp", "udplite", "sctp"}) {
            int p = lookup(text, proto);
            if (p >= 0) return p;
        }
        return -1;
    }
}
