package dev.nflab.iptables.oracle;

import dev.nflab.iptables.IptablesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code data/iptables-oracle/specs.txt}: the user chains that exist before every spec
 * ({@code chain TABLE NAME}), the ipset sets the set match's specs name ({@code ipset ARGS}, an
 * ipset command run before the specs) and the specs ({@code spec SECTION TABLE CHAIN WORDS}), in order;
 * {@code #} lines are comments. The format is in {@code data/reference/formats.md}.
 */
public record SpecFile(List<Chain> chains, List<String> ipsets, List<OracleSpec> specs) {
    /** A user chain created before the specs are tried. */
    public record Chain(String table, String name) {}

    public SpecFile {
        chains = List.copyOf(chains);
        ipsets = List.copyOf(ipsets);
        specs = List.copyOf(specs);
    }

    /** Without ipset sets. */
    public SpecFile(List<Chain> chains, List<OracleSpec> specs) {
        this(chains, List.of(), specs);
    }

    public static SpecFile read(Path file) throws IOException, IptablesException {
        return parse(Files.readString(file), file.toString());
    }

    public static SpecFile parse(String text, String name) throws IptablesException {
        List<Chain> chains = new ArrayList<>();
        List<String> ipsets = new ArrayList<>();
        List<OracleSpec> specs = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.startsWith("chain ")) {
                String[] w = l.split(" ");
                if (w.length != 3) throw new IptablesException(name + ":" + (i + 1) + ": expected `chain TABLE NAME'", 2);
                chains.add(new Chain(w[1], w[2]));
            } else if (l.startsWith("ipset ")) {
                ipsets.add(l.substring(6));
            } else if (l.startsWith("spec ")) {
                try {
                    specs.add(OracleSpec.parse(l.substring(5)));
                } catch (IptablesException e) {
                    throw new IptablesException(name + ":" + (i + 1) + ": " + e.getMessage(), 2);
                }
            } else {
                throw new IptablesException(name + ":" + (i + 1) + ": expected `chain ...', `ipset ...', `spec ...' or `#'", 2);
            }
        }
        return new SpecFile(chains, ipsets, specs);
    }

    public String format(String header) {
        StringBuilder b = new StringBuilder(header);
        for (Chain c : chains) b.append("chain ").append(c.table()).append(' ').append(c.name()).append('\n');
        for (String i : ipsets) b.append("ipset ").append(i).append('\n');
        for (OracleSpec s : specs) b.append("spec ").append(s.text()).append('\n');
        return b.toString();
    }
}
