package dev.nflab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./nflab lab run SCENARIO [--backend nft|legacy]}: runs a scenario on real Docker 20.10 in
 * the lab's network namespaces (root), records a snapshot and compares it with the model.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, subcommands = {LabCommand.Run.class},
        description = "The real-Docker lab (root): see lab/README.md.")
final class LabCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs SCENARIO for real (root; lab/setup.sh installs what it needs), writes the snapshot",
                    "to OUTDIR (default lab/out/NAME-BACKEND) and compares it with the model's prediction."})
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO") Path scenario;

        @Option(names = "--backend", defaultValue = "nft", description = "nft (default) or legacy") String backend;

        @Option(names = "--out", paramLabel = "OUTDIR") Path out;

        @Override public Integer call() throws Exception {
            if (!backend.equals("nft") && !backend.equals("legacy")) throw new UserError("--backend: nft or legacy");
            if (!Files.isRegularFile(scenario)) throw new UserError(scenario + ": no such file");
            Path runner = Path.of("lab/run.sh");
            if (!Files.isRegularFile(runner)) throw new UserError("lab/run.sh not found: run ./nflab from the repository");
            String name = scenario.getFileName().toString().replaceFirst("\\.scenario$", "");
            Path dir = out != null ? out : Path.of("lab/out", name + "-" + backend);
            List<String> cmd = new ArrayList<>(List.of("bash", runner.toString(), "--backend", backend,
                    scenario.toString(), dir.toString()));
            int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
            if (rc != 0) return rc;
            Files.copy(scenario, dir.resolve("scenario.scenario"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("snapshot: " + dir);
            return Main.run("compare", dir.toString());
        }
    }
}
