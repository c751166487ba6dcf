package dev.nflab.cli;

import dev.nflab.snapshot.Replay;
import dev.nflab.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./nflab replay SNAPSHOT_DIR [--trace]} (formats.md section 3). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a snapshot's traffic through the model and prints the predicted",
                "iptables-save -c text (or, with --trace, the model's trace in xtables-monitor form)."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SNAPSHOT_DIR", description = "a snapshot directory (before.rules, ip-addr.json, trace ...)")
    Path dir;

    @Option(names = "--trace", description = "print the model's path of every packet instead")
    boolean trace;

    @Option(names = "--conntrack", description = "print the model's connection table afterwards, as conntrack -L does")
    boolean conntrack;

    @Option(names = "--trace-format", defaultValue = "xtables-monitor", paramLabel = "FORMAT",
            description = "xtables-monitor (default, as nf_tables reports it) or kernel-log (x_tables' TRACE lines)")
    String format;

    @Override public Integer call() throws Exception {
        if (!format.equals("xtables-monitor") && !format.equals("kernel-log")) {
            throw new UserError("--trace-format: xtables-monitor or kernel-log, not `" + format + "'");
        }
        Replay replay = Replay.run(Snapshot.open(dir));
        if (conntrack) {
            for (var c : replay.kernel().conntrack().table().connections()) System.out.println(c.toListing());
            return 0;
        }
        if (!trace) System.out.print(replay.predictedRules());
        else System.out.print(format.equals("kernel-log") ? replay.modelTraceLegacy() : replay.modelTrace());
        return 0;
    }
}
