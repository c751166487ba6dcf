package dev.nflab.cli;

import dev.nflab.iptables.oracle.OracleDiff;
import dev.nflab.iptables.oracle.OracleFile;
import dev.nflab.iptables.oracle.OracleReport;
import dev.nflab.iptables.oracle.SpecFile;
import dev.nflab.iptables.oracle.SpecGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./nflab iptables-diff}: every spec of the iptables oracle through nflab's front end,
 * compared with what real iptables 1.8.9 did ({@code data/iptables-oracle}); a summary, and with
 * {@code --write-disagreements} the list of every disagreement.
 */
@Command(name = "iptables-diff", mixinStandardHelpOptions = true,
        description = {"Compares nflab's iptables front end with real iptables 1.8.9, spec by spec, from the recorded "
                + "oracle (data/iptables-oracle: specs.txt, legacy.txt, nft.txt; recorded by lab/iptables-oracle.sh).",
                "Example: ./nflab iptables-diff --backend nft --examples 20"})
final class IptablesDiffCommand implements Callable<Integer> {
    @Option(names = "--backend", defaultValue = "both", paramLabel = "B", description = "legacy, nft or both (default)")
    String backend;

    @Option(names = "--data", defaultValue = "data/iptables-oracle", paramLabel = "DIR",
            description = "the oracle's folder (default data/iptables-oracle)")
    Path data;

    @Option(names = "--examples", defaultValue = "15", paramLabel = "N",
            description = "how many groups of disagreements to show, largest first (default 15)")
    int examples;

    @Option(names = "--section", paramLabel = "S",
            description = "only the specs of one section (handpicked, docker, option, negated, context, target, combination)")
    String section;

    @Option(names = "--write-disagreements", description = "write DIR/DISAGREEMENTS.md (both back ends)")
    boolean writeDisagreements;

    @Option(names = "--write-specs", description = "write DIR/specs.txt from handpicked.txt, the recordings and the generator, and stop")
    boolean writeSpecs;

    @Option(names = "--strict", description = "exit 1 if any spec disagrees")
    boolean strict;

    @Override public Integer call() throws Exception {
        if (writeSpecs) {
            if (!data.equals(Path.of("data/iptables-oracle"))) throw new UserError("--write-specs writes data/iptables-oracle only");
            int n = SpecGenerator.write(Path.of("."));
            System.out.println("wrote data/iptables-oracle/specs.txt: " + n + " specs");
            return 0;
        }
        List<String> backends = switch (backend) {
            case "both" -> List.of("legacy", "nft");
            case "legacy", "nft" -> List.of(backend);
            default -> throw new UserError("--backend: unknown back end `" + backend + "' (legacy, nft, both)");
        };
        if (writeDisagreements && (backends.size() != 2 || section != null)) {
            throw new UserError("--write-disagreements needs both back ends and every section");
        }
        Path specsFile = data.resolve("specs.txt");
        if (!Files.isRegularFile(specsFile)) throw new UserError(specsFile + ": no such file");
        SpecFile specs = SpecFile.read(specsFile);
        Map<String, List<OracleDiff.Outcome>> results = new LinkedHashMap<>();
        for (String b : backends) {
            Path f = data.resolve(b + ".txt");
            if (!Files.isRegularFile(f)) throw new UserError(f + ": no such file (record it as root: lab/iptables-oracle.sh)");
            List<OracleDiff.Outcome> os = new OracleDiff(specs, b).compare(OracleFile.read(f), f.toString());
            if (section != null) os = os.stream().filter(o -> o.spec().section().equals(section)).toList();
            results.put(b, os);
        }
        System.out.print(OracleReport.summary(results, examples));
        if (writeDisagreements) {
            Path out = data.resolve("DISAGREEMENTS.md");
            Files.writeString(out, OracleReport.markdown(results, String.valueOf(specs.specs().size()), 40));
            System.out.println("wrote " + out);
        }
        boolean all = results.values().stream().flatMap(List::stream).allMatch(o -> o.kind() == OracleDiff.Kind.AGREE);
        return strict && !all ? 1 : 0;
    }
}
