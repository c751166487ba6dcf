package dev.nflab.trace;

/**
 * One reported step of a traced packet, normalised across the two trace formats so a recorded
 * trace and the model's can be compared: handles, MACs and trace ids aside.
 *
 * @param kind "rule", "return" or "policy"
 * @param ruleNumber 1-based position in the chain (for policy and return: rules + 1), or 0 if unknown
 * @param verdict ACCEPT, DROP, CONTINUE, RETURN, JUMP:CHAIN, GOTO:CHAIN, or "" if the format has none
 */
public record TraceEvent(String table, String chain, String kind, int ruleNumber, String verdict) {

    @Override public String toString() {
        return table + ":" + chain + ":" + kind + ":" + ruleNumber + (verdict.isEmpty() ? "" : ":" + verdict);
    }
}
