package dev.nflab.iptables;

import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.InterfaceSpec;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Table;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Protocol;

/**
 * {@code iptables -L -n [-v] [-x] [--line-numbers]}, laid out column for column as iptables prints
 * it (print_header / print_firewall of iptables 1.8): fixed widths, counters in K/M/G units unless
 * {@code -x}, protocols by name or (1.8.9) by number.
 */
public final class Listing {
    private final Dialect dialect;
    private final boolean verbose;
    private final boolean exact;
    private final boolean lineNumbers;

    public Listing(Dialect dialect, boolean verbose, boolean exact, boolean lineNumbers) {
        this.dialect = dialect;
        this.verbose = verbose;
        this.exact = exact;
        this.lineNumbers = lineNumbers;
    }

    /** Every chain of the table, separated by blank lines. */
    public String table(Table table) {
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (Chain c : table.chains()) {
            if (!first) b.append('\n');
            first = false;
            chain(b, table, c);
        }
        return b.toString();
    }

    public String chain(Table table, Chain chain) {
        StringBuilder b = new StringBuilder();
        chain(b, table, chain);
        return b.toString();
    }

    private void chain(StringBuilder b, Table table, Chain c) {
        b.append("Chain ").append(c.name());
        if (c.isBuiltin()) {
            b.append(" (policy ").append(c.policy().name());
            if (verbose) {
                b.append(' ').append(number(c.policyCounter().packets(), true)).append("packets, ")
                        .append(number(c.policyCounter().bytes(), true)).append("bytes");
            }
            b.append(")\n");
        } else {
            b.append(" (").append(table.references(c)).append(" references)\n");
        }
        if (lineNumbers) b.append(String.format("%-4s ", "num"));
        if (verbose) {
            if (exact) {
                b.append(String.format("%8s ", "pkts")).append(String.format("%10s ", "bytes"));
            } else {
                b.append(String.format("%5s ", "pkts")).append(String.format("%5s ", "bytes"));
            }
        }
        b.append(String.format("%-9s ", "target"));
        b.append(" prot ");
        b.append("opt");
        if (verbose) {
            b.append(String.format(" %-6s ", "in")).append(String.format("%-6s ", "out"));
        }
        b.append(String.format(" %-19s ", "source"));
        b.append(String.format(" %-19s ", "destination"));
        b.append('\n');
        for (int i = 0; i < c.size(); i++) rule(b, i + 1, c.rule(i));
    }

    private void rule(StringBuilder b, int num, Rule r) {
        if (lineNumbers) b.append(String.format("%-4d ", num));
        if (verbose) {
            b.append(number(r.counter().packets(), false)).append(number(r.counter().bytes(), false));
        }
        b.append(String.format("%-9s ", r.target() == null ? "" : r.target().name()));
        b.append(r.protocolInverted() ? '!' : ' ');
        String proto = dialect.numericProtocols() ? null : Protocol.name(r.protocol());
        b.append(String.format("%-5s", proto == null ? String.valueOf(r.protocol()) : proto));
        b.append(r.fragment() > 0 ? "-f " : r.fragment() < 0 ? "!f " : "-- ");
        if (verbose) {
            b.append(String.format(" %-6s ", iface(r.inInterface())));
            b.append(String.format("%-6s ", iface(r.outInterface())));
        }
        b.append(r.sourceInverted() ? '!' : ' ');
        b.append(String.format("%-19s ", address(r.source())));
        b.append(r.destinationInverted() ? '!' : ' ');
        b.append(String.format("%-19s ", address(r.destination())));
        if (r.target() instanceof dev.nflab.netfilter.StandardTarget st
                && st.verdict() == dev.nflab.netfilter.Verdict.GOTO) {
            b.append("[goto] ");
        }
        for (Match m : r.matches()) b.append(m.toListing(dialect));
        if (r.target() != null) b.append(r.target().toListing(dialect));
        b.append('\n');
    }

    private static String iface(InterfaceSpec spec) {
        if (spec == null) return "*";
        return (spec.inverted() ? "!" : "") + spec.name();
    }

    private static String address(Cidr cidr) {
        return cidr.isAny() ? "0.0.0.0/0" : cidr.toListingString();
    }

    /** xtables_print_num: exact with {@code -x}, else K/M/G/T above 99999; {@code notable} drops padding. */
    String number(long n, boolean notable) {
        if (exact) return notable ? n + " " : String.format("%8d ", n);
        if (n <= 99999) return notable ? n + " " : String.format("%5d ", n);
        String[] units = {"K", "M", "G", "T"};
        long v = n;
        for (int i = 0; i < units.length; i++) {
            v = (v + 500) / 1000;
            if (v <= 9999 || i == units.length - 1) {
                return notable ? v + units[i] + " " : String.format("%4d%s ", v, units[i]);
            }
        }
        throw new AssertionError();
    }
}
