package dev.nflab.kernel;

/** What became of a packet. */
public enum Fate {
    /** Accepted through INPUT: a local socket gets it. */
    DELIVERED,
    /** Accepted through POSTROUTING: it leaves by an interface. */
    SENT,
    /** Dropped by a rule or a policy. */
    DROPPED,
    /** No route, or forwarding is off (net.ipv4.ip_forward=0). */
    NOT_ROUTED
}
