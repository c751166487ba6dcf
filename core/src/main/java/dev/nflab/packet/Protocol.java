package dev.nflab.packet;

/** IP protocol numbers, and the names iptables prints for them. */
public final class Protocol {
    public static final int ALL = 0;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int SCTP = 132;

    private Protocol() {}

    /** The name iptables uses, or {@code null} for a protocol it prints as a number. */
    public static String name(int number) {
        return switch (number) {
            case ALL -> "all";
            case ICMP -> "icmp";
            case TCP -> "tcp";
            case UDP -> "udp";
            case SCTP -> "sctp";
            case 2 -> "igmp";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 136 -> "udplite";
            case 58 -> "ipv6-icmp";
            default -> null;
        };
    }

    /** Parses {@code tcp}, {@code 6}, {@code all}...; returns -1 when unknown. */
    public static int parse(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        for (int n : new int[] {ALL, ICMP, TCP, UDP, SCTP, 2, 47, 50, 51, 136, 58}) {
            if (t.equals(name(n))) return n;
        }
        if (t.equals("icmpv6")) return 58; // libxtables' xtables_chain_protos alias
        if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) return -1;
        try {
            int n = Integer.parseInt(t);
            return n >= 0 && n <= 255 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static boolean hasPorts(int protocol) {
        return protocol == TCP || protocol == UDP || protocol == SCTP;
    }
}
