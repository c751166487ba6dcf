package dev.nflab.cli;

import dev.nflab.docker.DockerHost;
import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
import dev.nflab.iptables.IptablesSave;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./nflab docker-rules FILE.docker} (formats.md section 3). */
@Command(name = "docker-rules", mixinStandardHelpOptions = true,
        description = {"Prints the iptables-save text Docker 20.10 leaves on a host after a .docker script:",
                "every table Docker touches, chains and rules in the real order, no counters, no comments.",
                "Where real Docker may write a container's port rules in another order, a note on stderr",
                "says which (the rules are printed in the order Docker takes most often)."})
final class DockerRulesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.docker", description = "the script: line 1 `dockerd [flags]', then docker commands")
    Path file;

    @Option(names = "--host", defaultValue = "lab-nft", paramLabel = "LAYOUT",
            description = "lab-nft (default: Debian 12, nf_tables, as the captures), lab-legacy, or seed-vm (Ubuntu 20.04)")
    String layout;

    @Override public Integer call() throws Exception {
        HostLayout l = HostLayout.byName(layout);
        if (l == null) throw new UserError("--host: unknown layout `" + layout + "' (lab-nft, lab-legacy, seed-vm)");
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        try {
            DockerHost docker = DockerScript.run(Files.readString(file), file.toString(), l);
            System.out.print(IptablesSave.write(docker.ruleset(), false, null));
            // stdout stays iptables-save text (formats.md: no comment lines): the notice goes to stderr
            for (var open : docker.openOrders()) System.err.println("nflab: note: " + open.notice());
            return 0;
        } catch (DockerScript.ScriptException e) {
            // the real host keeps what the lines before the refused one wrote: print it, as the
            // lab records it (lab/recorded/*-rules/*/NAME.expected beside NAME.error)
            if (e.docker() != null) System.out.print(IptablesSave.write(e.docker().ruleset(), false, null));
            throw new UserError(e.getMessage(), 1);
        }
    }
}
