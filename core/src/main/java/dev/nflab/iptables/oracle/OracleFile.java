package dev.nflab.iptables.oracle;

import dev.nflab.iptables.IptablesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded oracle, {@code data/iptables-oracle/legacy.txt} or {@code nft.txt}, written by
 * {@code lab/iptables-oracle.sh}: one record per spec, in the spec list's order. A record is its
 * {@code spec} line, then {@code exit N}, then the command's output: {@code out} (stdout) and
 * {@code err} (stderr) lines, and when the rule went in, {@code S} lines (its {@code -S CHAIN}
 * rule lines) and {@code L} lines ({@code -L CHAIN -n -v} rule lines). Format:
 * {@code data/reference/formats.md}.
 */
public record OracleFile(String header, List<Record> records) {
    /** What real iptables did with one spec. */
    public record Record(String specText, int status, List<String> stdout, List<String> stderr, List<String> save,
            List<String> listing) {
        public boolean accepted() {
            return status == 0;
        }

        /** stderr's first line, or "" if it wrote nothing. */
        public String message() {
            return stderr.isEmpty() ? "" : stderr.get(0);
        }
    }

    public static OracleFile read(Path file) throws IOException, IptablesException {
        return parse(Files.readString(file), file.toString());
    }

    public static OracleFile parse(String text, String name) throws IptablesException {
        StringBuilder header = new StringBuilder();
        List<Record> records = new ArrayList<>();
        String spec = null;
        int status = -1;
        List<String> out = null, err = null, save = null, list = null;
        String[] lines = text.split("\n", -1);
        int last = lines.length - (text.endsWith("\n") ? 1 : 0);
        for (int i = 0; i <= last; i++) {
            String l = i < last ? lines[i] : null;
            if (l == null || l.startsWith("spec ")) {
                if (spec != null) {
                    if (status < 0) throw new IptablesException(name + ":" + i + ": record without `exit N'", 2);
                    records.add(new Record(spec, status, out, err, save, list));
                }
                if (l == null) break;
                spec = l.substring(5);
                status = -1;
                out = new ArrayList<>();
                err = new ArrayList<>();
                save = new ArrayList<>();
                list = new ArrayList<>();
                continue;
            }
            if (spec == null) {
                if (!l.startsWith("#")) throw new IptablesException(name + ":" + (i + 1) + ": expected `# ...' or `spec ...'", 2);
                header.append(l).append('\n');
                continue;
            }
            if (l.startsWith("exit ")) {
                try {
                    status = Integer.parseInt(l.substring(5));
                } catch (NumberFormatException e) {
                    throw new IptablesException(name + ":" + (i + 1) + ": bad exit status `" + l.substring(5) + "'", 2);
                }
            } else if (status < 0) {
                throw new IptablesException(name + ":" + (i + 1) + ": expected `exit N' after the spec line", 2);
            } else if (l.equals("out") || l.startsWith("out ")) {
                out.add(l.length() > 4 ? l.substring(4) : "");
            } else if (l.equals("err") || l.startsWith("err ")) {
                err.add(l.length() > 4 ? l.substring(4) : "");
            } else if (l.startsWith("S ")) {
                save.add(l.substring(2));
            } else if (l.startsWith("L ")) {
                list.add(l.substring(2));
            } else {
                throw new IptablesException(name + ":" + (i + 1) + ": expected `out', `err', `S', `L' or `spec'", 2);
            }
        }
        return new OracleFile(header.toString(), List.copyOf(records));
    }
}
