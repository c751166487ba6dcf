package dev.nflab.iptables;

import dev.nflab.netfilter.IpSets;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ipset} command (ipset 7.17) on a namespace's sets: {@code create}, {@code add},
 * {@code del}, {@code test}, {@code flush}, {@code destroy} and {@code list -n}, with ipset's own
 * messages and exit statuses (1 for what the kernel refused, 2 for bad command lines), for
 * {@code hash:ip} and {@code hash:net} sets of IPv4 addresses. What nflab does not model (other
 * types, IPv6, counters, comments, a full {@code list} or {@code save}, whose header carries the
 * kernel's random initval) is refused with a line saying so. Element timeouts are kept but never
 * expire: the model has no clock. A set takes maxelem elements ("Hash is full"); which addresses
 * of a range that overflows it the kernel keeps is not modelled (recorded: not simply the lowest).
 */
public final class Ipset {
    private static final String BANNER = "ipset v7.17: ";

    private final Ruleset ruleset;

    public Ipset(Ruleset ruleset) {
        this.ruleset = ruleset;
    }

    /** What ipset prints for a refused command, and its status. */
    private static final class Problem extends Exception {
        private final int status;

        Problem(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    /** Runs {@code ipset ARGS...} (the word ipset optional). */
    public Iptables.Result run(String commandLine) {
        try {
            List<String> words = new ArrayList<>(Tokenizer.split(commandLine));
            if (!words.isEmpty() && words.get(0).equals("ipset")) words.remove(0);
            return run(words);
        } catch (IptablesException e) {
            return new Iptables.Result(2, "", BANNER + e.getMessage() + "\n");
        }
    }

    public Iptables.Result run(List<String> args) {
        try {
            return execute(new ArrayList<>(args));
        } catch (Problem p) {
            String err = BANNER + p.getMessage() + "\n"
                    + (p.status == 2 ? "Try `ipset help' for more information.\n" : "");
            return new Iptables.Result(p.status, "", err);
        }
    }

    /**
     * Reads an {@code ipset save} (or {@code ipset restore}) file: each line one command without
     * the word ipset. A refused line is an error naming the file, the line and ipset's message.
     */
    public void restore(String text, String fileName) throws IptablesException {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Iptables.Result r = run(line);
            if (r.status() != 0) {
                throw new IptablesException(fileName + ":" + (n + 1) + ": " + r.stderr().lines().findFirst().orElse(""),
                        r.status());
            }
        }
    }

    private Iptables.Result execute(List<String> words) throws Problem {
        boolean exist = words.remove("-exist") | words.remove("-!");
        boolean names = words.remove("-n") | words.remove("-name");
        if (words.isEmpty()) throw new Problem("No command specified.", 2);
        String command = words.remove(0);
        switch (command) {
            case "create", "n" -> create(words, exist);
            case "add", "a", "del", "d" -> addOrDelete(command.startsWith("a"), words, exist);
            case "test", "t" -> {
                return test(words);
            }
            case "flush", "f" -> {
                for (IpSets.IpSet s : named(words)) s.flush();
            }
            case "destroy", "x" -> destroy(words);
            case "list", "l" -> {
                if (!names) {
                    throw new Problem("nflab models `ipset list -n' only: a full list (or save) prints the kernel's"
                            + " random initval and memory size", 2);
                }
                StringBuilder b = new StringBuilder();
                for (IpSets.IpSet s : named(words)) b.append(s.name()).append('\n');
                return new Iptables.Result(0, b.toString(), "");
            }
            default -> {
                if (List.of("save", "restore", "rename", "swap", "version", "help").contains(command)) {
                    throw new Problem("`ipset " + command + "' is not modelled by nflab (create, add, del, test, flush,"
                            + " destroy and list -n are)", 2);
                }
                throw new Problem("No command specified: unknown argument " + command, 2);
            }
        }
        return new Iptables.Result(0, "", "");
    }

    private void create(List<String> words, boolean exist) throws Problem {
        if (words.isEmpty()) throw new Problem("Missing mandatory argument to command create", 2);
        if (words.size() < 2) throw new Problem("Missing second mandatory argument to command create", 2);
        String name = words.get(0);
        String typeName = words.get(1);
        IpSets.Type type = IpSets.Type.byName(typeName);
        if (type == null) {
            if (List.of("hash:ip", "hash:net", "hash:ip,port", "hash:net,port", "hash:ip,port,ip", "hash:ip,port,net",
                    "hash:ip,mark", "hash:net,net", "hash:net,port,net", "hash:net,iface", "hash:mac", "bitmap:ip",
                    "bitmap:ip,mac", "bitmap:port", "list:set").contains(typeName)) {
                throw new Problem("the set type " + typeName + " is not modelled by nflab (hash:ip and hash:net are)", 2);
            }
            throw new Problem("Syntax error: typename '" + typeName + "' is unknown", 1);
        }
        List<String> options = words.subList(2, words.size());
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            switch (o) {
                case "family" -> {
                    String f = value(options, ++i, o);
                    if (!f.equals("inet")) throw new Problem("nflab models IPv4 sets only (family inet)", 2);
                }
                // bucketsize and initval are what ipset save prints: tuning, not membership
                case "timeout", "hashsize", "maxelem", "bucketsize" -> number(value(options, ++i, o));
                case "initval" -> value(options, ++i, o);
                case "netmask", "counters", "comment", "skbinfo", "forceadd" ->
                        throw new Problem("the create option `" + o + "' is not modelled by nflab (family inet,"
                                + " timeout, hashsize, maxelem, bucketsize and initval are)", 2);
                default -> throw new Problem("Unknown argument: `" + o + "'", 2);
            }
        }
        IpSets.IpSet old = ruleset.ipsets().get(name);
        if (old != null) {
            if (exist && old.type() == type && old.options().equals(String.join(" ", options))) return;
            throw new Problem("Set cannot be created: set with the same name already exists", 1);
        }
        if (name.length() > 31) throw new Problem("Syntax error: setname '" + name + "' is longer than 31 characters", 1);
        ruleset.ipsets().create(name, type, String.join(" ", options));
    }

    private static String value(List<String> options, int i, String option) throws Problem {
        if (i >= options.size()) throw new Problem("Missing mandatory argument of the " + option + " option", 2);
        return options.get(i);
    }

    private static long number(String text) throws Problem {
        try {
            long n = Long.parseLong(text);
            if (n >= 0 && n <= 0xffffffffL) return n;
        } catch (NumberFormatException e) {
            // ipset's own message below
        }
        throw new Problem("Syntax error: '" + text + "' is invalid as number", 1);
    }

    private IpSets.IpSet set(String name) throws Problem {
        IpSets.IpSet s = ruleset.ipsets().get(name);
        if (s == null) throw new Problem("The set with the given name does not exist", 1);
        return s;
    }

    private void addOrDelete(boolean add, List<String> words, boolean exist) throws Problem {
        String command = add ? "add" : "del";
        if (words.isEmpty()) throw new Problem("Missing mandatory argument to command " + command, 2);
        if (words.size() < 2) throw new Problem("Missing second mandatory argument to command " + command, 2);
        IpSets.IpSet s = set(words.get(0));
        List<String> options = words.subList(2, words.size());
        for (int i = 0; i < options.size(); i++) {
            if (!add || !options.get(i).equals("timeout")) throw new Problem("Unknown argument: `" + options.get(i) + "'", 2);
            if (!s.options().contains("timeout")) {
                throw new Problem("an element timeout needs a set created with timeout (not modelled otherwise)", 2);
            }
            number(value(options, ++i, "timeout"));
        }
        long[] range = elements(s, words.get(1));
        // the kernel walks a range in order and stops at the first element it cannot take
        for (long a = range[0]; a <= range[1]; a++) {
            int length = (int) range[2];
            boolean changed;
            if (add) {
                boolean present = s.has((int) a, length);
                if (!present && s.size() >= s.maxElements()) throw new Problem("Hash is full, cannot add more elements", 1);
                changed = !present && s.add((int) a, length);
            } else {
                changed = s.delete((int) a, length);
            }
            if (!changed && !exist) {
                throw new Problem(add ? "Element cannot be added to the set: it's already added"
                        : "Element cannot be deleted from the set: it's not added", 1);
            }
        }
    }

    /**
     * An element as the set's type reads it: {first, last, prefix length}. hash:ip takes an
     * address, a prefix or a range (each address of it, /32); hash:net an address or a prefix.
     */
    private static long[] elements(IpSets.IpSet s, String text) throws Problem {
        int dash = text.indexOf('-');
        int slash = text.indexOf('/');
        if (dash >= 0) {
            if (s.type() == IpSets.Type.HASH_NET) {
                throw new Problem("an address range in a hash:net set is not modelled by nflab (give a prefix)", 2);
            }
            long from = address(text.substring(0, dash)) & 0xffffffffL;
            long to = address(text.substring(dash + 1)) & 0xffffffffL;
            return new long[] {Math.min(from, to), Math.max(from, to), 32};
        }
        int address = address(slash < 0 ? text : text.substring(0, slash));
        int length = 32;
        if (slash >= 0) {
            String n = text.substring(slash + 1);
            try {
                length = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new Problem("Syntax error: cannot parse " + n + " as a number", 1);
            }
            if (length < 0 || length > 32) throw new Problem("Syntax error: '" + n + "' is out of range 0-32", 1);
            if (length == 0) throw new Problem("The value of the CIDR parameter of the IP address is invalid", 1);
        }
        long first = address & Ipv4.mask(length) & 0xffffffffL;
        if (s.type() == IpSets.Type.HASH_NET) return new long[] {first, first, length};
        return new long[] {first, first + (1L << (32 - length)) - 1, 32};
    }

    private static int address(String text) throws Problem {
        if (!Ipv4.isValid(text)) {
            throw new Problem("Syntax error: cannot parse " + text + ": resolving to IPv4 address failed", 1);
        }
        return Ipv4.parse(text);
    }

    /** ipset test prints its answer on stderr without the banner, 0 when in the set, 1 when not. */
    private Iptables.Result test(List<String> words) throws Problem {
        if (words.isEmpty()) throw new Problem("Missing mandatory argument to command test", 2);
        if (words.size() < 2) throw new Problem("Missing second mandatory argument to command test", 2);
        IpSets.IpSet s = set(words.get(0));
        String text = words.get(1);
        if (text.indexOf('/') >= 0 || text.indexOf('-') >= 0) {
            throw new Problem("nflab models `ipset test' of one address", 2);
        }
        if (s.contains(address(text))) return new Iptables.Result(0, "", "Warning: " + text + " is in set " + s.name() + ".\n");
        return new Iptables.Result(1, "", text + " is NOT in set " + s.name() + ".\n");
    }

    /** The named set, or every set when no name is given. */
    private List<IpSets.IpSet> named(List<String> words) throws Problem {
        if (words.size() > 1) throw new Problem("Unknown argument: `" + words.get(1) + "'", 2);
        return words.isEmpty() ? ruleset.ipsets().all() : List.of(set(words.get(0)));
    }

    private void destroy(List<String> words) throws Problem {
        List<IpSets.IpSet> sets = named(words);
        // destroying them all is one kernel request: it destroys none if one is in use
        for (IpSets.IpSet s : sets) {
            if (ruleset.references(s)) throw new Problem("Set cannot be destroyed: it is in use by a kernel component", 1);
        }
        for (IpSets.IpSet s : sets) ruleset.ipsets().destroy(s.name());
    }
}
