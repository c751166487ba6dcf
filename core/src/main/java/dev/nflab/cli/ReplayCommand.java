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

    @Override public Integer call() throws Exception {
        Replay replay = Replay.run(Snapshot.open(dir));
        System.out.print(trace ? replay.modelTrace() : replay.predictedRules());
        return 0;
    }
}
