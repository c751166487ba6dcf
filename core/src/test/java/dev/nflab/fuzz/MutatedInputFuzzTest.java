package dev.nflab.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.testing.Recorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutated rules files, iptables commands and .docker scripts, made from the real
 * ones: each is either accepted or refused with the front end's own error (file, line, why); no
 * other exception escapes, and nothing hangs.
 */
class MutatedInputFuzzTest {
    private static final long SEED = 20261126L;
    private static final String[] WORDS = {"-A", "-I", "-D", "-N", "-X", "-j", "-m", "-p", "!", "-s", "-d", "-i", "-o",
            "--dport", "--sport", "tcp", "udp", "icmp", "all", "DOCKER", "ACCEPT", "DROP", "RETURN", "DNAT",
            "--to-destination", "172.17.0.2:80", "0.0.0.0/0", "999.1.1.1", "1.2.3.4/33", "--ctstate", "NEW,BOGUS",
            "-t", "nat", "filter", "fillter", "*raw", "COMMIT", ":FOO", "[1:2]", "[x:y]", "\"", "'", "--comment",
            "-g", "--tcp-flags", "SYN,ACK", "-m", "multiport", "--dports", "1:2,3", "65536", "-1", "", " ", "\t",
            "addrtype", "--dst-type", "LOCAL", "physdev", "--physdev-in", "mark", "--mark", "0xzz", "-c", "--log-prefix"};

    private static List<String> corpus(String... globs) throws IOException {
        List<String> texts = new ArrayList<>();
        Path replay = Recorded.data().resolve("real-docker-20.10");
        try (Stream<Path> s = Files.walk(replay)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String n = p.getFileName().toString();
                for (String g : globs) {
                    if (n.endsWith(g)) texts.add(Files.readString(p));
                }
            }
        }
        assertTrue(!texts.isEmpty(), "no corpus under " + replay);
        return texts;
    }

    private static String mutate(String text, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int i = r.nextInt(lines.size());
            String line = lines.get(i);
            List<String> words = new ArrayList<>(List.of(line.split(" ", -1)));
            switch (r.nextInt(9)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> words.add(r.nextInt(words.size() + 1), WORDS[r.nextInt(WORDS.length)]);
                case 3 -> words.remove(r.nextInt(words.size()));
                case 4 -> words.set(r.nextInt(words.size()), WORDS[r.nextInt(WORDS.length)]);
                case 5 -> {
                    int a = r.nextInt(words.size()), b = r.nextInt(words.size());
                    String t = words.get(a);
                    words.set(a, words.get(b));
                    words.set(b, t);
                }
                case 6 -> lines.set(i, line.substring(0, r.nextInt(line.length() + 1)));
                case 7 -> {
                    if (!line.isEmpty()) {
                        int at = r.nextInt(line.length());
                        lines.set(i, line.substring(0, at) + (char) (32 + r.nextInt(95)) + line.substring(at + 1));
                    }
                }
                default -> lines.add(r.nextInt(lines.size() + 1), String.join(" ",
                        WORDS[r.nextInt(WORDS.length)], WORDS[r.nextInt(WORDS.length)], WORDS[r.nextInt(WORDS.length)]));
            }
            if (lines.size() > i && (words.size() != line.split(" ", -1).length || !String.join(" ", words).equals(line))) {
                lines.set(i, String.join(" ", words));
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void mutatedRulesFiles() throws IOException {
        List<String> corpus = corpus(".rules", ".expected");
        Random r = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3000; i++) {
                String text = mutate(corpus.get(r.nextInt(corpus.size())), r);
                try {
                    Ruleset rs = IptablesSave.read(text, "fuzz.rules", i % 2 == 0 ? Dialect.DEBIAN_12_NFT : Dialect.UBUNTU_20_04);
                    IptablesSave.write(rs, true, null);
                } catch (IptablesException expected) {
                    assertTrue(expected.getMessage().startsWith("fuzz.rules:"), () -> "no location: " + expected.getMessage());
                } catch (RuntimeException e) {
                    fail("crash on mutated rules file #" + i + ":\n" + text, e);
                }
            }
        });
    }

    @Test
    void mutatedIptablesCommands() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String text : corpus(".expected")) {
            for (String l : text.split("\n")) {
                if (l.startsWith("-A ")) lines.add("-t filter " + l);
            }
        }
        Random r = new Random(SEED + 1);
        Ruleset base = IptablesSave.read(corpus(".expected").get(0), "base", Dialect.DEBIAN_12_NFT);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3000; i++) {
                String cmd = mutate(lines.get(r.nextInt(lines.size())), r);
                try {
                    Iptables.Result res = new Iptables(base).run(cmd);
                    // 4: iptables-nft's kernel refusal (RULE_APPEND failed)
                    assertTrue(res.status() >= 0 && res.status() <= 4, () -> "status " + res.status() + " for " + cmd);
                    if (res.status() != 0) assertTrue(!res.stderr().isEmpty(), () -> "silent failure: " + cmd);
                } catch (RuntimeException e) {
                    fail("crash on mutated command #" + i + ": iptables " + cmd, e);
                }
            }
        });
    }

    @Test
    void mutatedDockerScripts() throws Exception {
        List<String> corpus = new ArrayList<>(corpus(".docker"));
        Path cases = Recorded.root().resolve("lab/docker-cases");
        if (Files.isDirectory(cases)) {
            try (Stream<Path> s = Files.list(cases)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".docker")).toList()) corpus.add(Files.readString(p));
            }
        }
        Random r = new Random(SEED + 2);
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            for (int i = 0; i < 2000; i++) {
                String text = mutate(corpus.get(r.nextInt(corpus.size())), r);
                try {
                    DockerScript.run(text, "fuzz.docker", i % 2 == 0 ? HostLayout.LAB_NFT : HostLayout.SEED_VM);
                } catch (DockerScript.ScriptException expected) {
                    assertTrue(expected.getMessage().startsWith("fuzz.docker:"), () -> "no location: " + expected.getMessage());
                } catch (RuntimeException e) {
                    fail("crash on mutated script #" + i + ":\n" + text, e);
                }
            }
        });
    }
}
