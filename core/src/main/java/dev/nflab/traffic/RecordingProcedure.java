package dev.nflab.traffic;

import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.Ruleset;
import java.util.List;

/**
 * What the lab and the VM's collector do to a host right before its traffic (formats.md section 2):
 * zero the counters of filter, nat, raw and mangle, then append {@code -j TRACE} to raw PREROUTING and raw OUTPUT so
 * every packet is traced. The same steps on the model make its counters comparable with the
 * recorded ones (on nf_tables, zeroing gives chains counters; the raw chains created afterwards
 * have none).
 */
public final class RecordingProcedure {
    private RecordingProcedure() {}

    public static void prepare(Ruleset ruleset) {
        Iptables iptables = new Iptables(ruleset);
        try {
            // As the lab runs it: with x_tables, zeroing raw and mangle loads them (an empty
            // mangle table then counts every packet); with nf_tables it creates nothing.
            for (String t : List.of("filter", "nat", "raw", "mangle")) iptables.execute("-t " + t + " -Z");
            iptables.execute("-t raw -A PREROUTING -j TRACE");
            iptables.execute("-t raw -A OUTPUT -j TRACE");
        } catch (IptablesException e) {
            throw new IllegalStateException("the recording procedure failed on the model: " + e.getMessage(), e);
        }
    }
}
