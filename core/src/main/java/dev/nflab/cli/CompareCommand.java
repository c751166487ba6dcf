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
                "is not explained. A VM recording (lab/recorded-vm/BACKEND/NAME) is shown beside the local",
                "lab's of the same scenario (lab/recorded/BACKEND/NAME) and the other way round, when both exist."})
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

    @Option(names = "--beside", paramLabel = "SNAPSHOT",
            description = "another recording of the same scenario to show beside (default: the VM's or the local lab's, as above)")
    Path besideDir;

    @Override public Integer call() throws Exception {
        if (scenario != null && !Files.isRegularFile(scenario)) throw new UserError(scenario + ": no such file");
        Path sc = scenario != null ? scenario : Comparison.scenarioOf(dir, Path.of("."));
        Comparison c = Comparison.of(dir, sc);
        if (besideDir != null) {
            if (!Files.isDirectory(besideDir)) throw new UserError("--beside " + besideDir + ": no such snapshot directory");
            c.beside(besideDir.toString(), besideDir);
        } else {
            Counterpart other = counterpart(dir);
            if (other != null) c.beside(other.label(), other.dir());
        }
        System.out.print(c.toText(all));
        if (html != null) Files.writeString(html, "<!doctype html><meta charset=\"utf-8\">" + c.toHtml() + "\n");
        return c.allExplained() ? 0 : 1;
    }

    private record Counterpart(String label, Path dir) {}

    /**
     * For {@code lab/recorded-vm/BACKEND/NAME} the local lab's {@code lab/recorded/BACKEND/NAME}, and
     * the other way round, if it is there (with an after.rules).
     */
    static Counterpart counterpart(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (d.getNameCount() < 4 || !d.getParent().getParent().getParent().getFileName().toString().equals("lab")) return null;
        String kind = d.getParent().getParent().getFileName().toString();
        Path lab = d.getParent().getParent().getParent();
        Path rest = d.getParent().getFileName().resolve(d.getFileName());
        Counterpart c = switch (kind) {
            case "recorded-vm" -> new Counterpart("local lab", lab.resolve("recorded").resolve(rest));
            case "recorded" -> new Counterpart("VM", lab.resolve("recorded-vm").resolve(rest));
            default -> null;
        };
        if (c == null || !Files.isRegularFile(c.dir().resolve("after.rules"))) return null;
        Path here = Path.of("").toAbsolutePath();
        return c.dir().startsWith(here) ? new Counterpart(c.label(), here.relativize(c.dir())) : c;
    }
}
