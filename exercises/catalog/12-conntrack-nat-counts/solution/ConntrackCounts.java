package dev.nflab.exercises.e12;

/** Exercise 12, reference solution. */
public final class ConntrackCounts {
    private ConntrackCounts() {}

    /** One per connection. */
    public static Long q1() {
        return 3L;
    }

    /** Every forwarded packet. */
    public static Long q2() {
        return 30L;
    }

    /** Client-to-container packets after the SYN (ACK, request, ACK, FIN, ...): 4 per exchange. */
    public static Long q3() {
        return 12L;
    }

    public static Long q4() {
        return 3L;
    }

    public static Character q5() {
        return 'B';
    }
}
