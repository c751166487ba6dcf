package dev.nflab.extensions;

import java.util.Map;

/** Port numbers and the service names iptables accepts for them (a few from /etc/services). */
final class Services {
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23), Map.entry("smtp", 25),
            Map.entry("domain", 53), Map.entry("http", 80), Map.entry("pop3", 110), Map.entry("ntp", 123),
            Map.entry("imap", 143), Map.entry("snmp", 161), Map.entry("https", 443),
            Map.entry("mysql", 3306), Map.entry("postgresql", 5432));

    private Services() {}

    /** The port of a service name, or null when the name is not one of these. */
    static Integer named(String name) {
        return NAMES.get(name);
    }

    static int port(String text) throws ParameterProblem {
        Integer named = NAMES.get(text);
        if (named != null) return named;
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw new ParameterProblem("invalid port/service `" + text + "' specified");
    }
}
