package dev.nflab.notebook;

import dev.nflab.docker.SeedHost;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.TableName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules Docker 20.10 writes in the seed, as the walkthrough lists them ({@code data/seed/walkthrough.md}):
 * every numbered row of its {@code iptables -L -n -v --line-numbers -t TABLE} listings from "After
 * installing Docker" on, the nginx section included (nat PREROUTING 1, OUTPUT 1, POSTROUTING 1 and 2,
 * DOCKER 1 and 2; filter FORWARD 1 to 6, DOCKER 1, the isolation chains' four, DOCKER-USER 1).
 * Each is paired with the model's rule at the same place of {@code SeedHost.nginxStarted()}, whose
 * listing row must be the walkthrough's (counters aside), to know its {@code iptables-save} text.
 *
 * <p>{@link #counted} is the notebooks' claim that a packet made one of them count: the rule is
 * found by its chain and text in whatever ruleset the cell built (with other daemon options or more
 * networks its number may differ), and the claim prints {@code ✓ the seed's nat DOCKER 2 (...)
 * counted N packet(s)}, the line the coverage check looks for.
 */
public final class SeedRules {
    /** One rule of the seed: where the walkthrough lists it, its listing row (no counters), its iptables-save text. */
    public record SeedRule(String table, String chain, int number, String listing, String spec) {
        /** {@code "nat DOCKER 2"}: the name notebooks, predictions and the coverage table use. */
        public String name() {
            return table + " " + chain + " " + number;
        }
    }

    private static final Pattern COMMAND = Pattern.compile("iptables -L .*-t (\\w+)");
    private static final Pattern CHAIN = Pattern.compile("^Chain (\\S+) \\(");
    private static final Pattern ROW = Pattern.compile("^(\\d+)\\s+\\S+\\s+\\S+\\s+(.*)$");
    private static List<SeedRule> all;

    private SeedRules() {}

    /** The seed's rules, in the walkthrough's order (nat, then filter, then the nginx section's). */
    public static synchronized List<SeedRule> all() {
        if (all == null) all = derive(Kit.walkthrough(), SeedHost.nginxStarted());
        return all;
    }

    /** The seed's rule of that name ({@code "filter FORWARD 6"}); an unknown name is an error naming the known ones. */
    public static SeedRule named(String name) {
        String n = name.strip().replaceAll("\\s+", " ");
        for (SeedRule r : all()) {
            if (r.name().equals(n)) return r;
        }
        throw new IllegalArgumentException("`" + name + "' is not one of the seed's rules: "
                + String.join(", ", all().stream().map(SeedRule::name).toList()));
    }

    static List<SeedRule> derive(String walkthrough, SeedHost model) {
        List<SeedRule> out = new ArrayList<>();
        Map<String, String> modelRows = modelRows(model);
        boolean afterDocker = false, inBlock = false;
        String table = null, chain = null;
        for (String line : walkthrough.split("\n")) {
            if (line.startsWith("## ")) afterDocker |= line.startsWith("## After installing Docker");
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                table = null;
                continue;
            }
            if (!afterDocker || !inBlock) continue;
            Matcher cmd = COMMAND.matcher(line);
            if (cmd.find()) {
                // the note's `-t fillter` is a typo its listing does not share (notebook 03)
                table = cmd.group(1).equals("fillter") ? "filter" : cmd.group(1);
                chain = null;
                continue;
            }
            if (table == null) continue;
            Matcher c = CHAIN.matcher(line);
            if (c.find()) {
                chain = c.group(1);
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (chain == null || !r.find()) continue;
            String listing = squeeze(r.group(2));
            String key = table + " " + chain + " " + r.group(1);
            String modelRow = modelRows.get(key);
            if (modelRow == null || !modelRow.equals(listing)) {
                throw new IllegalStateException("the walkthrough lists " + key + " as `" + listing + "', the model of the seed as `" + modelRow + "'");
            }
            Chain ch = model.ruleset().table(TableName.byName(table)).chain(chain);
            out.add(new SeedRule(table, chain, Integer.parseInt(r.group(1)), listing, ch.rule(Integer.parseInt(r.group(1)) - 1).toSave()));
        }
        return List.copyOf(out);
    }

    /** "TABLE CHAIN N" → the model's listing row from its target on, whitespace squeezed. */
    private static Map<String, String> modelRows(SeedHost model) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String table : List.of("nat", "filter")) {
            String chain = null;
            for (String line : model.listings().iptables("-L -n -v --line-numbers -t " + table).stdout().split("\n")) {
                Matcher c = CHAIN.matcher(line);
                if (c.find()) chain = c.group(1);
                Matcher r = ROW.matcher(line);
                if (chain != null && r.find()) rows.put(table + " " + chain + " " + r.group(1), squeeze(r.group(2)));
            }
        }
        return rows;
    }

    private static String squeeze(String s) {
        return String.join(" ", Arrays.stream(s.strip().split("\\s+")).toList());
    }

    /**
     * Claims that a packet made the seed's rule {@code name} count in {@code moved} (a {@link CounterTable}
     * with {@code since(...)}): the rule with the same chain and iptables-save text moved by at least one
     * packet. Prints {@code ✓ the seed's nat DOCKER 2 (`...`) counted 1 packet}, adding where it is when
     * its number differs in this ruleset; fails like any claim otherwise. Returns the packets.
     */
    public static long counted(String name, CounterTable moved) {
        SeedRule seed = named(name);
        CounterTable.Row row = null;
        for (CounterTable.Row r : moved.rows()) {
            if (!r.place().isPolicy() && r.place().table().equals(seed.table()) && r.place().chain().equals(seed.chain())
                    && r.text().equals(seed.spec())) {
                row = r;
                break;
            }
        }
        String claim = "the seed's " + seed.name() + " (`" + seed.spec() + "`)";
        if (row == null) {
            Claims.check(claim + " counted", false, "no such rule in " + seed.table() + " " + seed.chain() + " here");
            return 0;
        }
        long n = row.delta().packets();
        String where = row.place().number() == seed.number() ? "" : " (here " + Reveal.name(row.place()) + ")";
        Claims.check(claim + " counted " + n + " packet" + (n == 1 ? "" : "s") + where, n > 0, "it did not move");
        return n;
    }

    /** The rule names as the coverage table lists them. */
    public static List<String> names() {
        return all().stream().map(SeedRule::name).toList();
    }
}
