package dev.nflab.packet;

import java.util.ArrayList;
import java.util.List;

/** TCP flag bits as in the TCP header, with the names iptables and the kernel log use. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    public static final int ALL = 0x3f;

    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    private TcpFlags() {}

    /** Parses an iptables flag list such as {@code SYN,RST,ACK}, {@code ALL} or {@code NONE}. */
    public static int parseList(String text) {
        if (text.equalsIgnoreCase("ALL")) return ALL;
        if (text.equalsIgnoreCase("NONE")) return 0;
        int flags = 0;
        for (String part : text.split(",")) {
            int bit = bit(part);
            if (bit < 0) throw new IllegalArgumentException("Unknown TCP flag `" + part + "'");
            flags |= bit;
        }
        return flags;
    }

    static int bit(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equalsIgnoreCase(name)) return 1 << i;
        }
        return -1;
    }

    /**
     * iptables' listing of a mask or comparison value: names joined by commas, or NONE
     * (libxt_tcp's print_tcpf names each flag, so ALL comes out as FIN,SYN,RST,PSH,ACK,URG).
     */
    public static String listString(int flags) {
        if (flags == 0) return "NONE";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) names.add(NAMES[i]);
        }
        return String.join(",", names);
    }

    /** Flag names in header-bit order, as xtables-monitor prints them ("SYN ACK"). */
    public static List<String> names(int flags) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) names.add(NAMES[i]);
        }
        return names;
    }
}
