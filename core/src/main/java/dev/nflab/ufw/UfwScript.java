package dev.nflab.ufw;

import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.Tokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code ufw} lines of a {@code .docker} script (formats.md section 1), run in order through
 * {@link Ufw} as the lab runs them: the transcript the lab records ({@code ufw-output.txt}: each
 * line as {@code $ ufw ...}, what ufw printed, {@code [exit N]} when it failed) and, when ufw
 * refused a line, {@code line N: MESSAGE} (the lab's {@code NAME.error}; the rest does not run).
 * The other lines ({@code dockerd}, {@code docker}, {@code iptables}) do not change ufw's files or
 * words and are passed over here.
 */
public final class UfwScript {
    /** What the script's ufw lines did. */
    public record Outcome(Ufw ufw, String transcript, String error) {}

    private UfwScript() {}

    public static Outcome run(String text, String fileName, Path data) throws IptablesException {
        Ufw ufw = Ufw.pristine(data);
        StringBuilder t = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> words;
            try {
                words = Tokenizer.split(line);
            } catch (IptablesException e) {
                throw e.at(fileName, n + 1);
            }
            if (words.isEmpty() || !words.get(0).equals("ufw")) continue;
            Ufw.Result r = ufw.run(words.subList(1, words.size()));
            t.append("$ ").append(String.join(" ", words)).append('\n');
            if (!r.output().isEmpty()) t.append(r.output()).append('\n');
            if (r.status() != 0) {
                t.append("[exit ").append(r.status()).append("]\n");
                return new Outcome(ufw, t.toString(), "line " + (n + 1) + ": " + r.output().lines().findFirst().orElse(""));
            }
        }
        return new Outcome(ufw, t.toString(), null);
    }
}
