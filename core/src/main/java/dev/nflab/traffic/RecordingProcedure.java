package dev.nflab.traffic;

import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * What the lab and the VM's collector do to a host right before its traffic (formats.md section 2):
 * zero every table's counters, then append {@code -j TRACE} to raw PREROUTING and raw OUTPUT so
 * every packet is traced. The same steps on the model make its counters comparable with the
 * recorded ones (on nf_tables, zeroing gives chains counters; the raw chains created afterwards
 * have none).
 */
public final class RecordingProcedure {
    private RecordingProcedure() {}

    public static void prepare(Ruleset ruleset) {
        Iptables iptables = new Iptables(ruleset);
        try {
            List<Table> tables = new ArrayList<>(ruleset.tables());
            for (Table t : tables) iptables.execute("-t " + t.name().lowerName() + " -Z");
            iptables.execute("-t raw -A PREROUTING -j TRACE");
            iptables.execute("-t raw -A OUTPUT -j TRACE");
        } catch (IptablesException e) {
            throw new IllegalStateException("the recording procedure failed on the model: " + e.getMessage(), e);
        }
    }
}
