package dev.nflab.cli;

import dev.nflab.docker.HostLayout;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.scenario.ActionComparison;
import dev.nflab.scenario.Prediction;
import dev.nflab.scenario.Scenario;
import dev.nflab.snapshot.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./nflab watch SCENARIO}: the walkthrough's "watch the counters while clients connect" on
 * the real lab. lab/run.sh sets the scenario up and runs its traffic one action at a time
 * ({@code --pause-dir}); after each action this prints the counters that moved, measured beside
 * predicted, and whether the prediction explains them.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Runs SCENARIO on the real lab (root) one traffic action at a time. After",
                "each action it shows the counters that moved: measured (iptables-save -c in",
                "the lab's host) beside predicted (the model's prediction for that action:",
                "exact where certain, a range where TCP timing varies), changes highlighted,",
                "and whether the measurement is explained. Background packets (IGMP, packets",
                "of older connections) are shown as background. Exit 1 if a counter moved",
                "that the prediction does not explain. Without root: ./nflab predict SCENARIO."})
final class WatchCommand implements Callable<Integer> {
    /** How long the kernel's trace may lag behind the counters before the background is left unknown. */
    private static final long TRACE_WAIT_MS = 10_000;

    @Parameters(paramLabel = "SCENARIO", description = "a .scenario file (lab/SCENARIOS.md)")
    Path file;

    @Option(names = "--backend", defaultValue = "nft", description = "nft (default) or legacy")
    String backend;

    @Option(names = "--plain", description = "plain text, no terminal escape codes (for CI and logs)")
    boolean plain;

    @Option(names = "--out", paramLabel = "OUTDIR",
            description = "where the run's snapshot goes (default lab/out/NAME-BACKEND-watch); steps/N.rules in it: the counters after action N")
    Path out;

    @Option(names = "--igmp-reports", description = "keep the kernel's IGMP reports (lab/run.sh --igmp-reports): background on purpose")
    boolean igmpReports;

    @Override public Integer call() throws Exception {
        HostLayout layout = PredictCommand.labLayout(backend);
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        Prediction prediction = Prediction.of(Scenario.read(file), layout);
        if (!isRoot()) {
            throw new UserError("watch runs the scenario on real Docker in network namespaces and needs root:"
                    + " sudo ./nflab watch " + file + (backend.equals("nft") ? "" : " --backend " + backend)
                    + "; without root, ./nflab predict " + file + " --backend " + backend + " shows the prediction alone");
        }
        Path runner = Path.of("lab/run.sh");
        if (!Files.isRegularFile(runner)) throw new UserError("lab/run.sh not found: run ./nflab from the repository");
        String name = prediction.scenario().name();
        Path dir = out != null ? out : Path.of("lab/out", name + "-" + backend + "-watch");
        Path pause = Files.createTempDirectory("nflab-watch-");
        boolean ansi = !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        int actions = prediction.perAction().size();
        System.out.println("watch " + file + " on the lab (" + layout.name() + "): " + actions + " traffic action(s),"
                + " each shown once its packets have settled");
        System.out.flush();
        List<String> cmd = new ArrayList<>(List.of("bash", runner.toString(), "--backend", backend,
                "--pause-dir", pause.toString()));
        if (igmpReports) cmd.add("--igmp-reports");
        cmd.addAll(List.of(file.toString(), dir.toString()));
        Process run = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        List<Integer> unexplained = new ArrayList<>();
        try {
            Ruleset previous = null;
            for (int n = 0; n <= actions; n++) {
                if (!await(pause.resolve(n + ".done"), run)) break;
                Path rulesFile = pause.resolve(n + ".rules");
                Snapshot snap = Snapshot.open(dir);
                Ruleset now = IptablesSave.read(Files.readString(rulesFile, StandardCharsets.UTF_8),
                        rulesFile.toString(), snap.dialect());
                if (previous != null) {
                    ActionComparison.Window window = window(dir, previous, now);
                    ActionComparison c = ActionComparison.of(prediction, n, previous, now,
                            window == null ? ActionComparison.Window.none() : window);
                    System.out.println();
                    System.out.print(c.toText(ansi));
                    if (window == null) {
                        System.out.println("  (the kernel's trace did not show this action's packets within "
                                + TRACE_WAIT_MS / 1000 + " s: background packets, if any, could not be told apart)");
                    }
                    System.out.println();
                    System.out.flush();
                    if (!c.allExplained()) unexplained.add(n);
                }
                previous = now;
                Files.writeString(pause.resolve(n + ".go"), "");
            }
            int rc = run.waitFor();
            if (rc != 0) {
                System.out.println("watch: the lab run failed (exit " + rc + ", its reason above)");
                return rc;
            }
            Files.copy(file, dir.resolve("scenario.scenario"), StandardCopyOption.REPLACE_EXISTING);
            // the counters after each action stay with the snapshot (steps/0.rules: before the first)
            Path steps = dir.resolve("steps");
            deleteTree(steps);
            Files.createDirectories(steps);
            for (int n = 0; n <= actions; n++) Files.copy(pause.resolve(n + ".rules"), steps.resolve(n + ".rules"));
        } finally {
            if (run.isAlive()) {
                run.destroy(); // SIGTERM: run.sh cleans the lab up
                run.waitFor();
            }
            deleteTree(pause);
        }
        System.out.println("snapshot: " + dir + " (./nflab compare " + dir + " compares the whole run)");
        if (unexplained.isEmpty()) {
            System.out.println("watch: every counter that moved in the " + actions + " action(s) is explained by the prediction");
            return 0;
        }
        System.out.println("watch: action(s) " + unexplained + " moved counters the prediction does not explain");
        return 1;
    }

    /** Waits for {@code done} to appear; false if the run ended first. */
    private static boolean await(Path done, Process run) throws InterruptedException {
        while (!Files.exists(done)) {
            if (!run.isAlive()) return Files.exists(done);
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * The background of one action, from the run's trace so far (copied, cut to its last complete
     * line); the trace may lag behind the counters: asked again until it has caught up.
     */
    private static ActionComparison.Window window(Path dir, Ruleset before, Ruleset after)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TRACE_WAIT_MS;
        Path copy = Files.createTempDirectory("nflab-watch-snap-");
        try {
            while (true) {
                for (String f : List.of("before.rules", "conntrack-before.txt", "ip-addr.json", "ip-route.json",
                        "bridge-link.json", "scenario.txt", "capture.pcap", "trace.txt", "trace-legacy.txt")) {
                    Path from = dir.resolve(f);
                    if (!Files.isRegularFile(from)) continue;
                    byte[] bytes = Files.readAllBytes(from);
                    if (f.startsWith("trace")) {
                        int end = bytes.length;
                        while (end > 0 && bytes[end - 1] != '\n') end--;
                        bytes = java.util.Arrays.copyOf(bytes, end);
                    }
                    Files.write(copy.resolve(f), bytes);
                }
                try {
                    ActionComparison.Window w = ActionComparison.Window.of(Snapshot.open(copy), before, after);
                    if (w != null) return w;
                } catch (IptablesException e) {
                    // a packet half written into the trace: read again
                }
                if (System.currentTimeMillis() > deadline) return null;
                Thread.sleep(100);
            }
        } finally {
            deleteTree(copy);
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0"); // effective uid
            }
        } catch (IOException e) {
            // not Linux: the lab cannot run here anyway
        }
        return false;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
