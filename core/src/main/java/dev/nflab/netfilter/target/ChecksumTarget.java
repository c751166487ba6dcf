package dev.nflab.netfilter.target;

import java.util.Set;
import java.util.EnumSet;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;

/**
 * {@code -j CHECKSUM --checksum-fill} (mangle only): fills in a checksum left to offloading.
 * Docker 20.10 adds one for each published sctp port. It changes nothing the model counts.
 */
public final class ChecksumTarget implements Target {
    public static final ChecksumTarget FILL = new ChecksumTarget();

    private ChecksumTarget() {}

    @Override public Verdict apply(PacketContext ctx) {
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "CHECKSUM"; }

    @Override public String toSave() { return "-j CHECKSUM --checksum-fill"; }

    @Override public String toListing(Dialect dialect) { return " CHECKSUM fill"; }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.MANGLE); }
}
