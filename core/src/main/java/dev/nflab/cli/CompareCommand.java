package dev.nflab.cli;

import dev.nflab.scenario.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./nflab compare SNAPSHOT}: predicted against measured, rule by rule. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares a recorded snapshot's counters with the model: the replay of its trace (must be",
                "equal) and the prediction from its scenario (must fall within bounds). Exit 1 if a counter",
                "is not explained."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SNAPSHOT", description = "a snapshot directory recorded by the lab or the VM")
    Path dir;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "the scenario it ran (default: SNAPSHOT/scenario.scenario or lab/scenarios/NAME.scenario)")
    Path scenario;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the comparison as an HTML table")
    Path html;

    @Option(names = "--all", description = "show the counters that stayed at 0 too")
    boolean all;

    @Override public Integer call() throws Exception {
        if (scenario != null && !Files.isRegularFile(scenario)) throw new UserError(scenario + ": no such file");
        Path sc = scenario != null ? scenario : Comparison.scenarioOf(dir, Path.of("."));
        Comparison c = Comparison.of(dir, sc);
        System.out.print(c.toText(all));
        if (html != null) Files.writeString(html, "<!doctype html><meta charset=\"utf-8\">" + c.toHtml() + "\n");
        return c.allExplained() ? 0 : 1;
    }
}
