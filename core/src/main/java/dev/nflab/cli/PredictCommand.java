package dev.nflab.cli;

import dev.nflab.docker.HostLayout;
import dev.nflab.scenario.Prediction;
import dev.nflab.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./nflab predict SCENARIO}: the model alone predicts the counters the lab will measure. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predicts, with the model alone (no root), the counters a scenario leaves: certain ones",
                "as one number, the ones TCP timing changes (delayed ACKs, segments merged) as a range."})
final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", description = "a .scenario file (lab/SCENARIOS.md)")
    Path file;

    @Option(names = "--backend", defaultValue = "nft", description = "nft (default) or legacy, as the lab runs it")
    String backend;

    @Option(names = "--all", description = "show counters predicted to stay at 0 too")
    boolean all;

    @Override public Integer call() throws Exception {
        HostLayout layout = labLayout(backend);
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        Prediction p = Prediction.of(Scenario.read(file), layout);
        System.out.println("Scenario " + p.scenario().name() + " on " + layout.name() + ":");
        for (String o : p.outcomes()) System.out.println("  " + o);
        for (String n : p.notes()) System.out.println("note: " + n);
        System.out.println();
        System.out.print(p.toText(all));
        System.out.println("(a range a..b: real TCP stacks may merge ACKs or send the response in one segment;"
                + " a limit match's bucket depends on the time between the clients)");
        return 0;
    }

    /** The lab's host for {@code --backend} (predict and watch run scenarios as the lab does). */
    static HostLayout labLayout(String backend) {
        return switch (backend) {
            case "nft" -> HostLayout.LAB_NFT;
            case "legacy" -> HostLayout.LAB_LEGACY;
            default -> throw new UserError("--backend: nft or legacy, not `" + backend + "'");
        };
    }
}
