package dev.nflab.extensions;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.TcpState;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -m connlimit --connlimit-upto|--connlimit-above N [--connlimit-mask BITS]
 * [--connlimit-saddr|--connlimit-daddr]} (libxt_connlimit.c, xt_connlimit.c with nf_conncount):
 * how many connections share the packet's source (or destination) address under the mask. As
 * nf_conncount, the rule keeps its own list per masked address of the connections whose packets
 * it saw, adds the packet's connection when it is new to the list, and drops from the list a
 * connection that is no longer in the table (the model: never confirmed, as a first packet that
 * was dropped) or a TCP one that is closing (TIME_WAIT, CLOSE). Timeouts are not modelled: a
 * connection stays counted until it closes. {@code --connlimit-above N} matches above N,
 * {@code --connlimit-upto N} up to N (a {@code !} swaps them). Same on both back ends.
 */
final class ConnlimitMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("connlimit", Parser::new);

    private final long limit;
    private final boolean upto;
    private final int maskBits;
    private final boolean destination;
    private final Map<Integer, List<Connection>> counted = new HashMap<>();

    private ConnlimitMatch(long limit, boolean upto, int maskBits, boolean destination) {
        this.limit = limit;
        this.upto = upto;
        this.maskBits = maskBits;
        this.destination = destination;
    }

    @Override public boolean matches(PacketContext ctx) {
        Connection current = ctx.connection();
        int address = destination ? ctx.packet().destination() : ctx.packet().source();
        List<Connection> list = counted.computeIfAbsent(address & Ipv4.mask(maskBits), k -> new ArrayList<>());
        list.removeIf(c -> c != current && (!c.isConfirmed() || closing(c)));
        if (current != null && !list.contains(current)) list.add(current);
        return (list.size() > limit) != upto;
    }

    private static boolean closing(Connection c) {
        TcpState s = c.tcpState();
        return s == TcpState.TIME_WAIT || s == TcpState.CLOSE;
    }

    @Override public boolean needsConntrack() {
        return true;
    }

    @Override public String toSave() {
        return "-m connlimit " + (upto ? "--connlimit-upto " : "--connlimit-above ") + limit + " --connlimit-mask "
                + maskBits + (destination ? " --connlimit-daddr" : " --connlimit-saddr");
    }

    @Override public String toListing(Dialect dialect) {
        return " #conn " + (destination ? "dst" : "src") + "/" + maskBits + (upto ? " <= " : " > ") + limit;
    }

    /** libxt_connlimit's options (revision 1), with its messages. */
    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--connlimit-upto", "--connlimit-above", "--connlimit-mask", "--connlimit-saddr", "--connlimit-daddr");
        }

        private static final long LIMIT = 0xffffffffL;
        private String limitOption;
        private long limit;
        private boolean upto;
        private int maskBits = 32;
        private boolean maskSeen;
        private String addressOption;
        /** The exclusive option given before the last one, refused at the end as libxtables does. */
        private String otherLimit, otherAddress;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--connlimit-above", "--connlimit-upto" -> {
                    if (o.equals(limitOption) || o.equals(otherLimit)) throw once(o);
                    // the two are exclusive, which libxtables checks at the end (xtables_options_fcheck)
                    if (limitOption != null) otherLimit = limitOption;
                    String v = args.value(o);
                    Long n = LengthLikeNumbers.strtoul(v);
                    if (n == null || n > LIMIT) {
                        throw new ParameterProblem("connlimit: bad value for option \"" + o + "\", or out of range (0-"
                                + LIMIT + ").\n");
                    }
                    limitOption = o;
                    limit = n;
                    upto = o.equals("--connlimit-upto") != inv;
                }
                case "--connlimit-mask" -> {
                    if (inv) throw inverted(o);
                    if (maskSeen) throw once(o);
                    maskBits = mask(args.value(o));
                    maskSeen = true;
                }
                case "--connlimit-saddr", "--connlimit-daddr" -> {
                    if (inv) throw inverted(o);
                    if (o.equals(addressOption) || o.equals(otherAddress)) throw once(o);
                    if (addressOption != null) otherAddress = addressOption;
                    addressOption = o;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static ParameterProblem once(String o) {
            return new ParameterProblem("connlimit: option \"" + o + "\" can only be used once.\n");
        }

        private static ParameterProblem together(String o, String other) {
            // libxtables names them in the order of its option table: saddr before daddr, upto before above
            boolean swap = o.equals("--connlimit-above") || o.equals("--connlimit-daddr");
            String first = swap ? other : o;
            String second = swap ? o : other;
            return new ParameterProblem("connlimit: option \"" + first + "\" cannot be used together with \"" + second
                    + "\".\n");
        }

        private static ParameterProblem inverted(String o) {
            return new ParameterProblem("connlimit: option \"" + o + "\" cannot be inverted.\n");
        }

        /**
         * XTTYPE_PLENMASK: a prefix length 0-32, else an address as getaddrinfo reads a numeric
         * IPv4 host (inet_aton: {@code 255.255.255.0}, but also {@code 33}, which is 0.0.0.33) taken
         * as a netmask: a contiguous one is its prefix length, any other is /32 (libxtables makes
         * the mask again from xtables_ipmask_to_cidr's -1, all ones; iptables lists /32).
         */
        private static int mask(String v) throws ParameterProblem {
            Long n = LengthLikeNumbers.strtoul(v);
            if (n != null && n <= 32) return n.intValue();
            Long m = inetAton(v);
            if (m != null) {
                int mask = (int) (long) m;
                int bits = Integer.bitCount(mask);
                return Ipv4.mask(bits) == mask ? bits : 32;
            }
            throw new ParameterProblem("connlimit: bad value for option \"--connlimit-mask\", neither a valid network"
                    + " mask nor valid CIDR (0-32).\n");
        }

        /** inet_aton: one to four parts (0x hex, leading 0 octal), the last filling the bytes left. */
        private static Long inetAton(String v) {
            String[] parts = v.split("\\.", -1);
            if (parts.length > 4) return null;
            long a = 0;
            for (int i = 0; i < parts.length; i++) {
                Long p = LengthLikeNumbers.strtoul(parts[i]);
                if (p == null) return null;
                boolean last = i == parts.length - 1;
                long max = last ? (1L << (8 * (4 - i))) - 1 : 255;
                if (p > max) return null;
                a = last ? a << (8 * (4 - i)) | p : a << 8 | p;
            }
            return a;
        }

        @Override public Match build() throws ParameterProblem {
            if (limitOption == null) {
                throw new ParameterProblem("You must specify \"--connlimit-above\" or \"--connlimit-upto\".");
            }
            // xtables_options_fcheck, in the option table's order: upto/above, then saddr/daddr
            if (otherLimit != null) throw together(limitOption, otherLimit);
            if (otherAddress != null) throw together(addressOption, otherAddress);
            return new ConnlimitMatch(limit, upto, maskBits, "--connlimit-daddr".equals(addressOption));
        }
    }

    /** A whole number as strtoul with base 0 reads it (0x hex, leading 0 octal); null when it is not one. */
    private static final class LengthLikeNumbers {
        static Long strtoul(String s) {
            if (s.isEmpty() || s.charAt(0) == '-' || s.charAt(0) == '+') return null;
            int radix = 10;
            String digits = s;
            if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) | 0x20) == 'x') {
                radix = 16;
                digits = s.substring(2);
            } else if (s.length() > 1 && s.charAt(0) == '0') {
                radix = 8;
                digits = s.substring(1);
            }
            try {
                long v = Long.parseLong(digits, radix);
                return v < 0 ? null : v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
