package dev.nflab.scenario;

/**
 * Where a counter is: a rule ({@code number} 1-based, with its text) or a built-in chain's
 * policy ({@code number} 0).
 */
public record CounterKey(String table, String chain, int number, String rule) {

    public boolean isPolicy() {
        return number == 0;
    }

    @Override public String toString() {
        return table + " " + chain + (isPolicy() ? " policy" : " " + number + ": " + rule);
    }
}
