package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Socket;
import dev.nflab.packet.TcpFlags;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -j REJECT [--reject-with TYPE]}: drops the packet and sends back an ICMP error (by
 * default port unreachable) or a TCP reset. The error is a new packet from the host: it goes out
 * through OUTPUT and POSTROUTING like any packet the host sends.
 */
final class RejectTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("REJECT", () -> new Parser());

    /** The {@code --reject-with} types, with their ICMP code (type 3), or -1 for tcp-reset. */
    enum With {
        ICMP_NET_UNREACHABLE("icmp-net-unreachable", 0),
        ICMP_HOST_UNREACHABLE("icmp-host-unreachable", 1),
        ICMP_PROT_UNREACHABLE("icmp-proto-unreachable", 2),
        ICMP_PORT_UNREACHABLE("icmp-port-unreachable", 3),
        ICMP_NET_PROHIBITED("icmp-net-prohibited", 9),
        ICMP_HOST_PROHIBITED("icmp-host-prohibited", 10),
        ICMP_ADMIN_PROHIBITED("icmp-admin-prohibited", 13),
        TCP_RESET("tcp-reset", -1);

        private final String text;
        private final int code;

        With(String text, int code) {
            this.text = text;
            this.code = code;
        }

        public String text() { return text; }

        /** libipt_REJECT's alias of each type, in its table's order (tcp-reset before admin). */
        private static final String[][] TABLE = {
                {"icmp-net-unreachable", "net-unreach"}, {"icmp-host-unreachable", "host-unreach"},
                {"icmp-proto-unreachable", "proto-unreach"}, {"icmp-port-unreachable", "port-unreach"},
                {"icmp-net-prohibited", "net-prohib"}, {"icmp-host-prohibited", "host-prohib"},
                {"tcp-reset", "tcp-rst"}, {"icmp-admin-prohibited", "admin-prohib"},
        };

        /**
         * libipt_REJECT: the first type whose name or alias starts with {@code s}, any case (so
         * an empty value is icmp-net-unreachable); null when none does.
         */
        static With parse(String s) {
            for (String[] row : TABLE) {
                for (String name : row) {
                    if (name.length() >= s.length() && name.regionMatches(true, 0, s, 0, s.length())) {
                        for (With w : values()) {
                            if (w.text.equals(row[0])) return w;
                        }
                    }
                }
            }
            return null;
        }
    }

    private final With with;

    RejectTarget(With with) {
        this.with = with;
    }

    @Override public Verdict apply(PacketContext ctx) {
        Packet p = ctx.packet();
        // The kernel never answers an ICMP error with an error (RFC 1122).
        if (p.isIcmpError()) return Verdict.DROP;
        if (with == With.TCP_RESET) {
            if (p.isTcp() && (p.tcpFlags() & TcpFlags.RST) == 0) {
                int flags = (p.tcpFlags() & TcpFlags.ACK) != 0 ? TcpFlags.RST : TcpFlags.RST | TcpFlags.ACK;
                Packet rst = Packet.tcp(p.destination(), p.destinationPort(), p.source(), p.sourcePort(), flags, 40);
                // nf_send_reset: to a packet that came through a bridge, the reset goes straight
                // out the bridge port (no hooks: raw OUTPUT does not count it); else ip_local_out.
                if (ctx.bridged()) ctx.emitDirect(rst);
                else ctx.emit(rst);
            }
        } else {
            // icmp_send sends it from ICMP's own socket (which exists, with no file: -m owner);
            // nf_send_reset's reset above has no socket at all
            ctx.emit(Packet.icmpError(p.destination(), p.source(), 3, with.code, p).withSocket(Socket.KERNEL));
        }
        return Verdict.DROP;
    }

    @Override public String name() { return "REJECT"; }

    @Override public String toSave() {
        return "-j REJECT --reject-with " + with.text;
    }

    @Override public String toListing(Dialect dialect) {
        return " reject-with " + with.text;
    }

    /** ipt_REJECT: the filter table only, its INPUT, FORWARD and OUTPUT. */
    @Override public Set<TableName> tables() {
        return EnumSet.of(TableName.FILTER);
    }

    @Override public List<Hook> hooks() {
        return List.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT);
    }

    /** reject_tg_check: tcp-reset only in a rule for tcp (-p tcp, not inverted). */
    @Override public boolean kernelAccepts(int protocol, boolean protocolInverted) {
        return with != With.TCP_RESET || protocol == dev.nflab.packet.Protocol.TCP && !protocolInverted;
    }

    private static final class Parser implements OptionParser<Target> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--reject-with");
        }

        private With with = With.ICMP_PORT_UNREACHABLE;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--reject-with")) return false;
            String v = args.value(o);
            with = With.parse(v);
            if (with == null) throw new ParameterProblem("unknown reject type \"" + v + "\"");
            return true;
        }

        @Override public Target build() {
            return new RejectTarget(with);
        }
    }
}
