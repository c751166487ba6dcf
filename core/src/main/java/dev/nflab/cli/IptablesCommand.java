package dev.nflab.cli;

import dev.nflab.extensions.Extensions;
import dev.nflab.iptables.Ipset;
import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.IpSets;
import dev.nflab.netfilter.Ruleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./nflab iptables --rules FILE -- -t nat -L -n -v}: runs an iptables command on the
 * rules of a save file, as iptables would on that host, and prints what iptables prints. The
 * ipset sets its {@code -m set} rules name come from an {@code ipset save} file ({@code --ipset}).
 */
@Command(name = "iptables", mixinStandardHelpOptions = true,
        description = {"Runs an iptables command on a model of the rules in an iptables-save file.",
                "Example: ./nflab iptables --rules after.rules -- -t nat -L -n -v --line-numbers"})
final class IptablesCommand implements Callable<Integer> {
    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "an iptables-save (-c) file")
    Path rules;

    @Option(names = "--dialect", defaultValue = "auto", paramLabel = "D",
            description = "auto (from the file's header), ubuntu-20.04, debian-12-nft or debian-12-legacy")
    String dialect;

    @Option(names = "--ipset", paramLabel = "FILE",
            description = "the host's ipset sets, as `ipset save' writes them (a snapshot's ipsets.save): the sets"
                    + " the rules' -m set name")
    Path ipset;

    @Parameters(paramLabel = "ARGS", description = "the iptables arguments")
    List<String> args;

    @Override public Integer call() throws Exception {
        if (!Files.isRegularFile(rules)) throw new UserError(rules + ": no such file");
        String text = Files.readString(rules);
        Dialect d = switch (dialect) {
            case "auto" -> IptablesSave.detectDialect(text, Dialect.DEBIAN_12_NFT);
            case "ubuntu-20.04" -> Dialect.UBUNTU_20_04;
            case "debian-12-nft" -> Dialect.DEBIAN_12_NFT;
            case "debian-12-legacy" -> Dialect.DEBIAN_12_LEGACY;
            default -> throw new UserError("--dialect: unknown dialect `" + dialect
                    + "' (auto, ubuntu-20.04, debian-12-nft, debian-12-legacy)");
        };
        Ruleset rs;
        try {
            rs = IptablesSave.read(text, rules.toString(), d, Extensions.standard(), ipsets(ipset, d));
        } catch (IptablesException e) {
            if (ipset != null || !e.getMessage().contains("doesn't exist")) throw e;
            throw new IptablesException(e.getMessage().strip() + " (the sets come from --ipset FILE, an ipset save file)",
                    e.status());
        }
        Iptables.Result r = new Iptables(rs).run(args == null ? List.of() : args);
        System.out.print(r.stdout());
        System.err.print(r.stderr());
        return r.status();
    }

    /** The sets of an {@code ipset save} file (none without one); a refused line names file and line. */
    static IpSets ipsets(Path file, Dialect d) throws Exception {
        Ruleset holder = new Ruleset(d);
        if (file == null) return holder.ipsets();
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        new Ipset(holder).restore(Files.readString(file), file.toString());
        return holder.ipsets();
    }
}
