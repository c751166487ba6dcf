package dev.nflab.cli;

import dev.nflab.docker.DockerHost;
import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.HostListings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./nflab docker-host FILE.docker [--host LAYOUT] [--show LIST]}: the host's listings after a script. */
@Command(name = "docker-host", mixinStandardHelpOptions = true,
        description = {"Prints what ip a, ip link, ip r, ip r show table local, brctl show, netstat -tlnp and",
                "iptables -L -n -v --line-numbers (-t nat, -t filter) show on the host after a .docker script,",
                "as the real tools print them (brctl with its tabs, iproute2 with its trailing spaces)."})
final class DockerHostCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.docker", description = "the script: line 1 `dockerd [flags]', then docker commands")
    Path file;

    @Option(names = "--host", defaultValue = "seed-vm", paramLabel = "LAYOUT",
            description = "seed-vm (default: the seed's Ubuntu 20.04 VM), lab-nft or lab-legacy (the lab's Debian 12)")
    String layout;

    @Option(names = "--show", split = ",", paramLabel = "LISTINGS",
            description = "which listings, comma-separated: ip-a, ip-r, ip-r-local, ip-link, brctl, netstat, "
                    + "iptables-nat, iptables-filter (default: all)")
    List<String> show;

    @Override public Integer call() throws Exception {
        HostLayout l = HostLayout.byName(layout);
        if (l == null) throw new UserError("--host: unknown layout `" + layout + "' (seed-vm, lab-nft, lab-legacy)");
        List<String> wanted = show == null || show.isEmpty() ? HostListings.NAMES : show;
        for (String w : wanted) {
            if (!HostListings.NAMES.contains(w)) {
                throw new UserError("--show: unknown listing `" + w + "' (" + String.join(", ", HostListings.NAMES) + ")");
            }
        }
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        DockerHost docker;
        try {
            docker = DockerScript.run(Files.readString(file), file.toString(), l);
        } catch (DockerScript.ScriptException e) {
            throw new UserError(e.getMessage(), 1);
        }
        HostListings listings = HostListings.of(docker);
        List<String> blocks = new ArrayList<>();
        for (String w : HostListings.NAMES) {
            if (!wanted.contains(w)) continue;
            blocks.add("# " + HostListings.command(w) + "\n" + listings.show(w));
        }
        System.out.print(String.join("\n", blocks));
        return 0;
    }
}
