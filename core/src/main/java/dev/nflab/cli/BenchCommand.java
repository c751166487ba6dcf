package dev.nflab.cli;

import dev.nflab.bench.Workloads;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./nflab bench}: one line per workload, {@code NAME: N packets/s}, on one thread; then the
 * memory a tracked connection costs. Speed targets live here, not in unit tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the model: packets per second through the seed's ruleset and through a host",
                "with thousands of published ports (connection tracking and NAT included), and the memory",
                "per tracked connection."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "5", description = "measuring time per workload (default 5)")
    int seconds;

    @Option(names = "--ports", defaultValue = "5000", description = "published ports of the large host (default 5000)")
    int ports;

    @Override public Integer call() throws Exception {
        if (seconds < 1 || seconds > 600) throw new UserError("--seconds: 1 to 600");
        System.err.println("bench: one thread, " + seconds + " s per workload after 5 s of warm-up");
        if (ports < 100 || ports > 20000) throw new UserError("--ports: 100 to 20000");
        run(Workloads.seed());
        System.err.print("bench: building a host with " + ports + " published ports...");
        Workloads.Setup big = Workloads.manyPorts(ports, done -> {
            if (done % 1000 == 0) System.err.print(" " + done);
        });
        System.err.println(" (" + big.rules() + " rules)");
        run(big);
        System.out.printf("conntrack-memory: %.0f bytes/connection%n", Workloads.bytesPerConnection(1_000_000));
        return 0;
    }

    private void run(Workloads.Setup s) {
        // Warm up (the JIT compiles the packet path in stages), then measure whole connections.
        int n = 0;
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (int i = 0; i < 1000; i++) Workloads.connection(s, n++);
        }
        long packets = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            for (int i = 0; i < 1000; i++) packets += Workloads.connection(s, n++);
            now = System.nanoTime();
        } while (now < end);
        double rate = packets / ((now - start) / 1e9);
        System.out.printf("%s: %.0f packets/s%n", s.name(), rate);
    }
}
