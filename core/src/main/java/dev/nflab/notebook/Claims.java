package dev.nflab.notebook;

import java.util.Objects;

/**
 * The claims a notebook cell verifies, written as sentences: each call prints one line of a
 * checklist ({@code ✓ nat DOCKER 2 counts the SYN only}) and a false claim prints {@code ✗ ...} and
 * throws an {@link AssertionError}, so the run fails where the text is wrong.
 *
 * <pre>{@code
 * Claims.check("the client gets its page", lan.outcome().answered());
 * Claims.equal("nat DOCKER 2 counts the SYN only", 1L, lan.delta("nat", "DOCKER", 2));
 * }</pre>
 *
 * Only the JDK is used; the lines go to {@code System.out} (text/plain in a notebook).
 */
public final class Claims {
    private Claims() {}

    /** Checks a claim: prints {@code ✓ claim}, or {@code ✗ claim} and throws when it does not hold. */
    public static void check(String claim, boolean holds) {
        check(claim, holds, null);
    }

    /** As {@link #check(String, boolean)}, with what was found when it does not hold. */
    public static void check(String claim, boolean holds, Object found) {
        if (holds) {
            System.out.println("✓ " + claim);
            return;
        }
        String line = "✗ " + claim + (found == null ? "" : " (found: " + found + ")");
        System.out.println(line);
        System.out.flush();
        throw new AssertionError(line);
    }

    /**
     * Checks that {@code actual} equals {@code expected} (numbers compare by value, whatever their
     * boxed type: {@code 1} equals {@code 1L}); on a difference both are printed.
     */
    public static void equal(String claim, Object expected, Object actual) {
        boolean same = expected instanceof Number e && actual instanceof Number a
                && !(e instanceof Double || e instanceof Float || a instanceof Double || a instanceof Float)
                ? e.longValue() == a.longValue()
                : Objects.equals(expected, actual);
        if (same) {
            System.out.println("✓ " + claim);
            return;
        }
        String line = "✗ " + claim + " (expected " + expected + ", found " + actual + ")";
        System.out.println(line);
        System.out.flush();
        throw new AssertionError(line);
    }
}
