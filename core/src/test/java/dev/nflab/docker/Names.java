package dev.nflab.docker;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what real Docker and the kernel pick at random by placeholders numbered in order of
 * first appearance (formats.md section 1): bridge names br-&lt;12 hex&gt;, veth names, MACs, and
 * 64-hex ids. One instance per text, so two texts compare equal when they agree up to renaming.
 */
final class Names {
    private static final Pattern RANDOM = Pattern.compile(
            "\\bbr-[0-9a-f]{12}\\b|\\bveth[0-9a-f]{7}\\b|\\b[0-9a-f]{64}\\b|\\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\\b");
    private final Map<String, String> seen = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    String map(String text) {
        Matcher m = RANDOM.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String token = m.group();
            String kind = token.startsWith("br-") ? "br-" : token.startsWith("veth") && token.length() == 11 ? "veth"
                    : token.length() == 64 ? "id" : "mac";
            if (kind.equals("mac") && (token.equals("ff:ff:ff:ff:ff:ff") || token.equals("00:00:00:00:00:00"))) {
                m.appendReplacement(b, token);
                continue;
            }
            String name = seen.computeIfAbsent(token, t -> "<" + kind + (counters.merge(kind, 1, Integer::sum)) + ">");
            m.appendReplacement(b, Matcher.quoteReplacement(name));
        }
        m.appendTail(b);
        return b.toString();
    }

    static String normalize(String text) {
        return new Names().map(text);
    }
}
