package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code -j CHECKSUM --checksum-fill} (mangle only): fills in a checksum left to offloading.
 * Docker 20.10 adds one for each published sctp port. It changes nothing the model counts.
 */
final class ChecksumTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("CHECKSUM", () -> new Parser());

    static final ChecksumTarget FILL = new ChecksumTarget();

    private ChecksumTarget() {}

    @Override public Verdict apply(PacketContext ctx) {
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "CHECKSUM"; }

    @Override public String toSave() { return "-j CHECKSUM --checksum-fill"; }

    @Override public String toListing(Dialect dialect) { return " CHECKSUM fill"; }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.MANGLE); }

    private static final class Parser implements OptionParser<Target> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--checksum-fill");
        }

        private boolean fill;

        @Override public boolean parse(String o, boolean inv, OptionValues args) {
            if (!o.equals("--checksum-fill")) return false;
            fill = true;
            return true;
        }

        @Override public Target build() throws ParameterProblem {
            if (!fill) throw new ParameterProblem("CHECKSUM: option \"--checksum-fill\" must be specified");
            return FILL;
        }
    }
}
