package dev.nflab.extensions;

import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Protocol;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code -j TCPMSS --set-mss N | --clamp-mss-to-pmtu}, as libxt_TCPMSS.c parses and prints it
 * and xt_TCPMSS.c checks it: a tcp rule only ({@code -p tcp}), on x_tables with a tcp match whose
 * {@code --tcp-flags} comparison has SYN (not inverted), and clamping only in FORWARD, OUTPUT and
 * POSTROUTING. iptables-nft's compat layer hands the kernel the protocol but not the matches, so
 * nf_tables takes a TCPMSS rule without the SYN match (recorded).
 *
 * <p>It rewrites the MSS option of a SYN and lets the packet go on. The model's packets carry no
 * TCP options, so the value is not modelled: the lab's SYNs all carry an MSS (60-byte SYNs), which
 * the kernel rewrites in place without changing the packet's length, so nothing the model counts
 * changes. (A SYN without an MSS option would grow by 4 bytes: not modelled.)
 */
final class TcpmssTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("TCPMSS", () -> new Parser());

    /** XT_TCPMSS_CLAMP_PMTU: the value --clamp-mss-to-pmtu stores. */
    private static final int CLAMP = 0xffff;
    /** libxt_TCPMSS's IPv4 limit: 65535 minus the IP header. */
    private static final int MAX_MSS = 65535 - 20;
    private static final Set<Hook> CLAMP_HOOKS = EnumSet.of(Hook.FORWARD, Hook.OUTPUT, Hook.POSTROUTING);

    private final int mss;

    private TcpmssTarget(int mss) {
        this.mss = mss;
    }

    @Override public Verdict apply(PacketContext ctx) {
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "TCPMSS"; }

    @Override public String toSave() {
        return mss == CLAMP ? "-j TCPMSS --clamp-mss-to-pmtu" : "-j TCPMSS --set-mss " + mss;
    }

    @Override public String toListing(Dialect dialect) {
        return mss == CLAMP ? " TCPMSS clamp to PMTU" : " TCPMSS set " + mss;
    }

    /** tcpmss_tg4_check, and x_tables' proto check for a target with .proto = IPPROTO_TCP. */
    @Override public boolean acceptsRule(Rule rule, Hook hook, Backend backend) {
        if (rule.protocol() != Protocol.TCP || rule.protocolInverted()) return false;
        if (mss == CLAMP && hook != null && !CLAMP_HOOKS.contains(hook)) return false;
        if (backend == Backend.NFT) return true;
        for (Match m : rule.matches()) {
            if (m instanceof PortMatch pm && pm.requiresSyn()) return true;
        }
        return false; // "Only works on TCP SYN packets"
    }

    private static final class Parser implements OptionParser<Target> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--set-mss", "--clamp-mss-to-pmtu");
        }

        private int mss = -1;
        private boolean setMss;
        private boolean clamp;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--set-mss" -> {
                    once(setMss, o, inv);
                    setMss = true;
                    mss = value(args.value(o));
                }
                case "--clamp-mss-to-pmtu" -> {
                    once(clamp, o, inv);
                    clamp = true;
                    mss = CLAMP; // the later of the two options wins
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static void once(boolean seen, String o, boolean inv) throws ParameterProblem {
            if (seen) throw new ParameterProblem("TCPMSS: option \"" + o + "\" can only be used once.\n");
            if (inv) throw new ParameterProblem("TCPMSS: option \"" + o + "\" cannot be inverted.\n");
        }

        /** XTTYPE_UINT16 with a maximum of 65515 (xtables_strtoui: 0x hex, leading 0 octal). */
        private static int value(String v) throws ParameterProblem {
            try {
                long n;
                if (v.startsWith("0x") || v.startsWith("0X")) n = Long.parseLong(v.substring(2), 16);
                else if (v.length() > 1 && v.startsWith("0")) n = Long.parseLong(v.substring(1), 8);
                else n = Long.parseLong(v);
                if (n >= 0 && n <= MAX_MSS && !v.startsWith("+") && !v.startsWith("-")) return (int) n;
            } catch (NumberFormatException e) {
                // falls through to iptables' message
            }
            throw new ParameterProblem("TCPMSS: bad value for option \"--set-mss\", or out of range (0-" + MAX_MSS + ").\n");
        }

        @Override public Target build() throws ParameterProblem {
            if (mss < 0) throw new ParameterProblem("TCPMSS target: At least one parameter is required");
            return new TcpmssTarget(mss);
        }
    }
}
