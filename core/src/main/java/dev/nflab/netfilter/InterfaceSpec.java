package dev.nflab.netfilter;

/**
 * An interface name as {@code -i}/{@code -o} take it: exact, or a prefix when it ends in
 * {@code +} ({@code veth+}); {@code +} alone matches any interface, even none... as in the kernel,
 * where it compares zero bytes.
 */
public record InterfaceSpec(String name, boolean inverted) {

    public boolean matches(String device) {
        boolean hit;
        if (name.endsWith("+")) {
            hit = device.startsWith(name.substring(0, name.length() - 1));
        } else {
            hit = device.equals(name);
        }
        return hit != inverted;
    }

    /** As iptables-save prints it: {@code ! -i docker0}. */
    public String toSave(char option) {
        return (inverted ? "! -" : "-") + option + " " + name;
    }
}
