package dev.nflab.netfilter;

import java.util.Objects;

/**
 * An interface name as {@code -i}/{@code -o} take it: exact, or a prefix when it ends in
 * {@code +} ({@code veth+}); {@code !} negates.
 */
public final class InterfaceSpec {
    private final String name;
    private final boolean inverted;
    private final boolean wildcard;
    private final String prefix;

    /** False for x_tables' {@code +}: an empty mask, which iptables-save leaves out. */
    private final boolean saved;

    public InterfaceSpec(String name, boolean inverted) {
        this(name, inverted, true);
    }

    public InterfaceSpec(String name, boolean inverted, boolean saved) {
        this.saved = saved;
        this.name = name;
        this.inverted = inverted;
        this.wildcard = name.endsWith("+");
        this.prefix = wildcard ? name.substring(0, name.length() - 1) : name;
    }

    public String name() { return name; }
    public boolean inverted() { return inverted; }
    public boolean saved() { return saved; }
    /** {@code +}: every interface (or, inverted, none). */
    public boolean isAny() { return name.equals("+"); }

    public boolean matches(String device) {
        boolean hit = wildcard ? device.startsWith(prefix) : device.equals(name);
        return hit != inverted;
    }

    /** As iptables-save prints it: {@code ! -i docker0}. */
    public String toSave(char option) {
        return (inverted ? "! -" : "-") + option + " " + name;
    }

    @Override public boolean equals(Object o) {
        return o instanceof InterfaceSpec s && s.name.equals(name) && s.inverted == inverted;
    }

    @Override public int hashCode() {
        return Objects.hash(name, inverted);
    }
}
