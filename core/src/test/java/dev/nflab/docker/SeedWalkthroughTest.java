package dev.nflab.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nflab.host.listing.Brctl;
import dev.nflab.iptables.Iptables;
import dev.nflab.testing.Recorded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The seed walkthrough (data/seed/walkthrough.md, read at test time) is the oracle: every
 * {@code ip}, {@code iptables}, {@code netstat} and {@code brctl} listing in its code blocks must
 * come out of {@link SeedHost}'s stage byte for byte.
 *
 * <p>Two things the note's medium changed are undone before comparing: its markdown stripped the
 * trailing spaces that iproute2 and iptables print (the model prints them, as the tools do), so
 * lines are compared with trailing whitespace stripped on both sides; and brctl writes tabs, which
 * the copied listing shows expanded to spaces, so the model's brctl output is tab-expanded first.
 * The note's own elisions are honoured: {@code ・・・・・・} stands for devices not shown (only the
 * shown device blocks are compared), and after nginx starts only the changed chains and rules are
 * shown (each shown chain header, and each shown rule by its number, is compared).
 */
class SeedWalkthroughTest {
    private static final String ELISION = "・・・・・・";
    private static final Pattern PROMPT = Pattern.compile("^root@[^#]*# (.*)$");

    /** One command of the note with what it printed, and the stage of the walkthrough it belongs to. */
    record Shown(String stage, String command, List<String> output) {}

    static List<Shown> shownListings() {
        String md = Recorded.read(Recorded.data().resolve("seed/walkthrough.md"));
        List<Shown> found = new ArrayList<>();
        String stage = null;
        boolean inBlock = false;
        List<String> block = new ArrayList<>();
        for (String line : md.split("\n", -1)) {
            if (!inBlock && line.startsWith("## ")) {
                if (line.startsWith("## The initial")) stage = "fresh";
                else if (line.startsWith("## After installing Docker")) stage = "dockerInstalled";
                else if (line.startsWith("## Start an nginx")) stage = "nginxStarted";
            }
            if (line.startsWith("```")) {
                if (inBlock) split(stage, block, found);
                inBlock = !inBlock;
                block = new ArrayList<>();
                continue;
            }
            if (inBlock) block.add(line);
        }
        return found;
    }

    /** Splits a code block into commands (after a prompt, or a bare iptables line) and their output. */
    private static void split(String stage, List<String> block, List<Shown> into) {
        String command = null;
        List<String> out = new ArrayList<>();
        for (String line : block) {
            Matcher m = PROMPT.matcher(line);
            String next = null;
            if (m.matches()) next = m.group(1).strip();
            else if (line.startsWith("iptables ") || line.startsWith("docker ") || line.startsWith("tcpdump ")) next = line.strip();
            else if (line.startsWith("# ") && command != null) next = "";
            if (next != null) {
                if (command != null && !command.isEmpty()) into.add(new Shown(stage, command, trimBlank(out)));
                command = next;
                out = new ArrayList<>();
            } else if (command != null) {
                out.add(line);
            }
        }
        if (command != null && !command.isEmpty()) into.add(new Shown(stage, command, trimBlank(out)));
    }

    private static List<String> trimBlank(List<String> lines) {
        List<String> l = new ArrayList<>(lines);
        while (!l.isEmpty() && l.get(0).isBlank()) l.remove(0);
        while (!l.isEmpty() && l.get(l.size() - 1).isBlank()) l.remove(l.size() - 1);
        return l;
    }

    static SeedHost stage(String name) {
        return switch (name) {
            case "fresh" -> SeedHost.fresh();
            case "dockerInstalled" -> SeedHost.dockerInstalled();
            case "nginxStarted" -> SeedHost.nginxStarted();
            default -> throw new AssertionError("listing outside the three stages: " + name);
        };
    }

    /** The model's text with trailing whitespace stripped per line (the markdown lost it). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) out.add(l.stripTrailing());
        return trimBlank(out);
    }

    static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::stripTrailing).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyListingOfTheNote() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shown s : shownListings()) {
            String cmd = s.command().replaceAll("\\s+", " ");
            if (!(cmd.startsWith("ip ") || cmd.startsWith("iptables -L") || cmd.startsWith("netstat")
                    || cmd.startsWith("brctl"))) {
                continue;
            }
            if (s.output().isEmpty()) continue; // `watch iptables ...`: no output shown
            tests.add(DynamicTest.dynamicTest(s.stage() + ": " + cmd, () -> check(s, cmd)));
        }
        return tests.stream();
    }

    /** All 13 listings were found, so a change in the note's layout cannot make the checks vanish. */
    @Test
    void theNoteHasThirteenListings() {
        long n = shownListings().stream().filter(s -> !s.output().isEmpty()).map(s -> s.command().split(" ")[0])
                .filter(c -> c.equals("ip") || c.equals("iptables") || c.equals("netstat") || c.equals("brctl")).count();
        assertEquals(13, n, "listings found in the walkthrough");
    }

    private static void check(Shown s, String cmd) {
        SeedHost seed = stage(s.stage());
        HostListings l = seed.listings();
        List<String> expected = stripped(s.output());
        switch (cmd) {
            case "ip a" -> {
                if (expected.contains(ELISION)) shownDevicesOnly(expected, lines(l.ipAddress()));
                else assertEquals(expected, lines(l.ipAddress()));
            }
            case "ip r" -> assertEquals(expected, lines(l.ipRoute()));
            case "ip r show table local" -> assertEquals(expected, lines(l.ipRouteLocal()));
            case "ip link" -> assertEquals(expected, lines(l.ipLink()));
            case "brctl show" -> assertEquals(expected, lines(Brctl.expandTabs(l.brctlShow())));
            case "netstat -tlnp" -> assertEquals(expected, lines(l.netstatTlnp()));
            default -> {
                if (!cmd.startsWith("iptables ")) fail("no model listing for `" + cmd + "'");
                iptables(s, cmd, l, expected);
            }
        }
    }

    private static void iptables(Shown s, String cmd, HostListings l, List<String> expected) {
        String args = cmd.substring("iptables ".length());
        if (args.contains("-t fillter")) {
            // The note's typo: real iptables 1.8.4 (legacy) refuses the table, exit status 3.
            Iptables.Result typo = l.iptables(args);
            assertEquals(3, typo.status());
            assertEquals("", typo.stdout());
            assertEquals("iptables v1.8.4 (legacy): can't initialize iptables table `fillter': Table does not exist "
                    + "(do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n", typo.stderr());
            args = args.replace("-t fillter", "-t filter"); // what the note's output actually is
        }
        Iptables.Result r = l.iptables(args);
        assertEquals(0, r.status(), r.stderr());
        List<String> model = lines(r.stdout());
        if (s.stage().equals("nginxStarted")) changedChainsOnly(expected, model);
        else assertEquals(expected, model);
    }

    /** `ip a` with the note's elision: each device block shown equals the model's block of that device. */
    private static void shownDevicesOnly(List<String> expected, List<String> model) {
        Map<String, List<String>> shown = devices(expected);
        Map<String, List<String>> all = devices(model);
        assertTrue(!shown.isEmpty(), "no device shown");
        for (Map.Entry<String, List<String>> e : shown.entrySet()) {
            assertEquals(e.getValue(), all.get(e.getKey()), "device " + e.getKey());
        }
    }

    private static Map<String, List<String>> devices(List<String> lines) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : lines) {
            if (line.equals(ELISION)) {
                current = null;
                continue;
            }
            if (line.matches("^\\d+: .*")) {
                current = new ArrayList<>();
                map.put(line.substring(0, line.indexOf(':', line.indexOf(':') + 1)), current);
            }
            if (current != null) current.add(line);
        }
        return map;
    }

    /** The note's partial listing: each chain header shown, the column header, each rule by its number. */
    private static void changedChainsOnly(List<String> expected, List<String> model) {
        Map<String, List<String>> chains = chains(model);
        String chain = null;
        int checked = 0;
        for (String line : expected) {
            if (line.isBlank()) continue;
            if (line.startsWith("Chain ")) {
                chain = line.split(" ")[1];
                List<String> c = chains.get(chain);
                assertTrue(c != null, "the model has no chain " + chain);
                assertEquals(line, c.get(0));
            } else if (line.startsWith("num ")) {
                assertEquals(line, chains.get(chain).get(1));
            } else {
                int num = Integer.parseInt(line.substring(0, line.indexOf(' ')));
                List<String> c = chains.get(chain);
                assertTrue(c.size() > num + 1, "the model's " + chain + " has no rule " + num);
                assertEquals(line, c.get(num + 1), chain + " rule " + num);
                checked++;
            }
        }
        assertTrue(checked > 0, "no rule line checked");
    }

    private static Map<String, List<String>> chains(List<String> lines) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : lines) {
            if (line.startsWith("Chain ")) {
                current = new ArrayList<>();
                map.put(line.split(" ")[1], current);
            }
            if (current != null && !line.isBlank()) current.add(line);
        }
        return map;
    }
}
