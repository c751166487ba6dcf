package dev.nflab.netfilter;

/** The five IPv4 netfilter hooks, named as iptables names their built-in chains. */
public enum Hook {
    PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING;

    /** Hooks where an input interface is known ({@code -i} can match). */
    public boolean hasInputInterface() {
        return this == PREROUTING || this == INPUT || this == FORWARD;
    }

    /** Hooks where an output interface is known ({@code -o} can match). */
    public boolean hasOutputInterface() {
        return this == FORWARD || this == OUTPUT || this == POSTROUTING;
    }
}
