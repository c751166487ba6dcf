package dev.nflab.scenario;

import java.util.List;

/**
 * One traffic line of a scenario: {@code FROM VERB ARGS}, or {@code wait SECONDS} (lab/SCENARIOS.md).
 *
 * @param from {@code peer}, {@code lan}, {@code host}, {@code host:UID} or {@code container:NAME};
 *             empty for {@code wait}
 * @param verb {@code http}, {@code tcp}, {@code udp}, {@code ping} or {@code wait}
 */
public record Action(int line, String from, String verb, List<String> args) {

    /** Whether this is a pause ({@code wait SECONDS}) rather than a client sending. */
    public boolean isWait() {
        return verb.equals("wait");
    }

    /** A pause's length in milliseconds (0 for a sending action). */
    public long waitMillis() {
        return isWait() ? new java.math.BigDecimal(args.get(0)).movePointRight(3).longValueExact() : 0;
    }

    @Override public String toString() {
        if (isWait()) return "wait " + args.get(0);
        return from + " " + verb + " " + String.join(" ", args);
    }
}
