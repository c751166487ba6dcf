package dev.nflab.ufw;

import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What ufw 0.36 does to a host's IPv4 rules (filter table), as iptables commands on the model's
 * {@link Iptables}: {@code ufw-init start} (the primary chains and their jumps from INPUT, OUTPUT
 * and FORWARD, the reject and track chains for the default policies, the logging-deny and
 * skip-to-policy chains, then {@code iptables-restore -n} of before.rules, after.rules and
 * user.rules, the user chains hooked into the before chains, the built-in policies last) and
 * {@code ufw-init stop} (the chains flushed and zeroed, the secondary ones deleted, the primary
 * ones kept, INPUT, OUTPUT and FORWARD set to ACCEPT), and a rule added or deleted while ufw is
 * active. The files are those of {@code data/ufw-0.36.2} and the user.rules {@link Ufw} writes.
 * IPv6 (ip6tables) is not modelled.
 */
public final class UfwFirewall {
    private static final List<String> ALL_CHAINS = List.of("logging-deny", "logging-allow", "not-local",
            "user-logging-input", "user-limit-accept", "user-limit", "skip-to-policy-input", "reject-input",
            "after-logging-input", "after-input", "user-input", "before-input", "before-logging-input",
            "skip-to-policy-forward", "reject-forward", "after-logging-forward", "after-forward",
            "user-logging-forward", "user-forward", "before-forward", "before-logging-forward", "track-forward",
            "track-output", "track-input", "skip-to-policy-output", "reject-output", "after-logging-output",
            "after-output", "user-logging-output", "user-output", "before-output", "before-logging-output");
    private static final List<String> SECONDARY = List.of("logging-deny", "logging-allow", "not-local",
            "user-logging-input", "user-logging-output", "user-logging-forward", "user-limit-accept", "user-limit",
            "user-input", "user-forward", "user-output", "skip-to-policy-input", "skip-to-policy-output",
            "skip-to-policy-forward");
    private static final List<String> PRIMARY = List.of("before-logging-input", "before-logging-output",
            "before-logging-forward", "before-input", "before-output", "before-forward", "after-input",
            "after-output", "after-forward", "after-logging-input", "after-logging-output", "after-logging-forward",
            "reject-input", "reject-output", "reject-forward", "track-input", "track-output", "track-forward");

    private final String beforeRules;
    private final String afterRules;

    private UfwFirewall(Path data) {
        try {
            beforeRules = Files.readString(data.resolve("ufw-0.36.2/iptables/before.rules"));
            afterRules = Files.readString(data.resolve("ufw-0.36.2/iptables/after.rules"));
        } catch (IOException e) {
            throw new UncheckedIOException("ufw's pristine files: " + e.getMessage(), e);
        }
    }

    /** The firewall part of ufw, reading its rules files from {@code DATA/ufw-0.36.2}. */
    public static UfwFirewall of(Path data) {
        return new UfwFirewall(data);
    }

    /** ufw-init start with ufw's configuration as {@code ufw} left it (its default policies, user.rules). */
    public void start(Iptables ipt, Ufw ufw) throws IptablesException {
        if (ok(ipt, "-t filter -L ufw-user-input -n")) return;      // "Firewall already started"
        if (ok(ipt, "-t filter -L ufw-before-logging-input -n")) {
            deleteChains(ipt);
        } else {
            StringBuilder r = new StringBuilder("*filter\n");
            for (String c : PRIMARY) r.append(":ufw-").append(c).append(" - [0:0]\n");
            for (String hook : List.of("INPUT", "OUTPUT", "FORWARD")) {
                String h = hook.toLowerCase(java.util.Locale.ROOT);
                for (String c : List.of("before-logging-", "before-", "after-", "after-logging-", "reject-", "track-")) {
                    r.append("-A ").append(hook).append(" -j ufw-").append(c).append(h).append('\n');
                }
            }
            restore(ipt, r.append("COMMIT\n").toString());
        }
        String in = ufw.defaultPolicy("INPUT"), out = ufw.defaultPolicy("OUTPUT"), fwd = ufw.defaultPolicy("FORWARD");
        if (in.equals("REJECT")) restore(ipt, "*filter\n-A ufw-reject-input -j REJECT\nCOMMIT\n");
        if (out.equals("REJECT")) restore(ipt, "*filter\n-A ufw-reject-output -j REJECT\nCOMMIT\n");
        if (fwd.equals("REJECT")) restore(ipt, "*filter\n-A ufw-reject-forward -j REJECT\nCOMMIT\n");
        for (String[] p : List.of(new String[] {in, "input"}, new String[] {out, "output"}, new String[] {fwd, "forward"})) {
            if (p[0].equals("ACCEPT")) {
                restore(ipt, "*filter\n-A ufw-track-" + p[1] + " -p tcp -m conntrack --ctstate NEW -j ACCEPT\n"
                        + "-A ufw-track-" + p[1] + " -p udp -m conntrack --ctstate NEW -j ACCEPT\nCOMMIT\n");
            }
        }
        if (!ok(ipt, "-t filter -L ufw-logging-deny -n")) {
            restore(ipt, "*filter\n:ufw-logging-deny - [0:0]\n:ufw-logging-allow - [0:0]\nCOMMIT\n");
        }
        if (!ok(ipt, "-t filter -L ufw-skip-to-policy-input -n")) {
            restore(ipt, "*filter\n:ufw-skip-to-policy-input - [0:0]\n:ufw-skip-to-policy-output - [0:0]\n"
                    + ":ufw-skip-to-policy-forward - [0:0]\n-A ufw-skip-to-policy-input -j " + in + "\n"
                    + "-A ufw-skip-to-policy-output -j " + out + "\n-A ufw-skip-to-policy-forward -j " + fwd + "\nCOMMIT\n");
        }
        restore(ipt, beforeRules);
        restore(ipt, afterRules);
        if (!ok(ipt, "-t filter -L ufw-user-input -n")) {
            StringBuilder r = new StringBuilder("*filter\n");
            for (String c : List.of("user-input", "user-output", "user-forward", "user-logging-input",
                    "user-logging-output", "user-logging-forward", "user-limit", "user-limit-accept")) {
                r.append(":ufw-").append(c).append(" - [0:0]\n");
            }
            restore(ipt, r.append("COMMIT\n").toString());
        }
        restore(ipt, ufw.userRules());
        restore(ipt, "*filter\n-A ufw-before-input -j ufw-user-input\n-A ufw-before-output -j ufw-user-output\n"
                + "-A ufw-before-forward -j ufw-user-forward\nCOMMIT\n");
        restore(ipt, "*filter\n:INPUT " + drop(in) + " [0:0]\n:FORWARD " + drop(fwd) + " [0:0]\n:OUTPUT "
                + drop(out) + " [0:0]\nCOMMIT\n");
    }

    /** ufw-init stop: ufw's chains flushed, the secondary ones deleted, the built-in policies ACCEPT. */
    public void stop(Iptables ipt) throws IptablesException {
        deleteChains(ipt);
        ipt.execute("-P INPUT ACCEPT");
        ipt.execute("-P OUTPUT ACCEPT");
        ipt.execute("-P FORWARD ACCEPT");
    }

    /** A rule ufw added while active: its lines appended to the user chain (it is the last rule). */
    public void added(Iptables ipt, UfwRule r) throws IptablesException {
        for (String l : r.iptablesLines()) ipt.execute("-t filter " + l);
    }

    /** A rule ufw deleted while active: its lines deleted from the user chain. */
    public void deleted(Iptables ipt, UfwRule r) throws IptablesException {
        for (String l : r.iptablesLines()) ipt.execute("-t filter -D" + l.substring(2));
    }

    private static void deleteChains(Iptables ipt) {
        for (String c : ALL_CHAINS) ipt.run("-t filter -F ufw-" + c);
        for (String c : ALL_CHAINS) ipt.run("-t filter -Z ufw-" + c);
        for (String c : SECONDARY) ipt.run("-t filter -X ufw-" + c);
    }

    private static String drop(String policy) {
        return policy.equals("REJECT") ? "DROP" : policy;
    }

    private static boolean ok(Iptables ipt, String command) {
        return ipt.run(command).status() == 0;
    }

    /**
     * {@code iptables-restore -n} of a filter-table text: a declared user chain is flushed if it
     * exists and created otherwise, a built-in chain's line sets its policy, each {@code -A}/{@code -I}
     * line runs as an iptables command; comments and COMMIT end nothing else.
     */
    static void restore(Iptables ipt, String text) throws IptablesException {
        String table = "filter";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) continue;
            if (line.startsWith("*")) { table = line.substring(1); continue; }
            if (line.startsWith(":")) {
                String[] f = line.substring(1).split(" ");
                if (!f[1].equals("-")) {
                    ipt.execute("-t " + table + " -P " + f[0] + " " + f[1]);
                } else if (ipt.run("-t " + table + " -L " + f[0] + " -n").status() == 0) {
                    ipt.execute("-t " + table + " -F " + f[0]);
                } else {
                    ipt.execute("-t " + table + " -N " + f[0]);
                }
                continue;
            }
            ipt.execute("-t " + table + " " + line);
        }
    }
}
