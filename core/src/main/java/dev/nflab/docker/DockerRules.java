package dev.nflab.docker;

import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Docker rules are written: the iptables commands libnetwork (Docker 20.10's
 * drivers/bridge/setup_ip_tables.go, iptables/iptables.go, firewall_linux.go) runs, in its order,
 * for the daemon, for each bridge network and for each published port. Every command goes through
 * the iptables front end, so the rules come out exactly as iptables itself would store them.
 */
final class DockerRules {
    private final Iptables iptables;
    private final List<String> log = new ArrayList<>();

    DockerRules(Iptables iptables) {
        this.iptables = iptables;
    }

    /** Every iptables command Docker ran, in order (for learners: "what did Docker do?"). */
    List<String> log() {
        return log;
    }

    private void run(String command) {
        log.add("iptables " + command);
        try {
            iptables.execute(command);
        } catch (IptablesException e) {
            throw new IllegalStateException("Docker's own rule failed: iptables " + command + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(String table, String chain, String rule) {
        try {
            iptables.execute("-t " + table + " -C " + chain + " " + rule);
            return true;
        } catch (IptablesException e) {
            return false;
        }
    }

    /** programChainRule(..., insert=true): insert at the top unless the same rule exists. */
    private void insertOnce(String table, String chain, String rule) {
        if (!exists(table, chain, rule)) run("-t " + table + " -I " + chain + " " + rule);
    }

    private void deleteIfExists(String table, String chain, String rule) {
        if (exists(table, chain, rule)) run("-t " + table + " -D " + chain + " " + rule);
    }

    /** EnsureJumpRule: delete the jump if present, then insert it at the top. */
    private void ensureJumpFirst(String chain, String target) {
        String rule = "-j " + target;
        if (exists("filter", chain, rule)) run("-t filter -D " + chain + " " + rule);
        run("-t filter -I " + chain + " " + rule);
    }

    // ---- daemon start ------------------------------------------------------------------------------

    /**
     * removeIPChains, first thing when the bridge driver starts: it deletes an obsolete
     * {@code -j DOCKER} jump from filter FORWARD (there is none). Not logged: it changes nothing,
     * but it is why x_tables loads filter before nat (iptables-save then lists nat first).
     */
    void removeObsoleteJump() {
        try {
            iptables.execute("-t filter -D FORWARD -j DOCKER");
        } catch (IptablesException absent) {
            // There is no such rule on a fresh host: Docker ignores the error too.
        }
    }

    /** setupIPForwarding: forwarding was off, so Docker turns it on and sets FORWARD to DROP. */
    void forwardPolicyDrop() {
        run("-t filter -P FORWARD DROP");
    }

    /** setupIPChains: the chains every bridge network uses. */
    void daemonChains() {
        run("-t nat -N DOCKER");
        run("-t filter -N DOCKER");
        run("-t filter -N DOCKER-ISOLATION-STAGE-1");
        run("-t filter -N DOCKER-ISOLATION-STAGE-2");
        run("-t filter -A DOCKER-ISOLATION-STAGE-1 -j RETURN");
        run("-t filter -A DOCKER-ISOLATION-STAGE-2 -j RETURN");
    }

    /** arrangeUserFilterRule: DOCKER-USER exists, ends in RETURN, and FORWARD jumps to it first. */
    void userChain() {
        try {
            iptables.execute("-t filter -N DOCKER-USER");
            log.add("iptables -t filter -N DOCKER-USER");
        } catch (IptablesException alreadyThere) {
            // "Chain already exists": Docker ignores it.
        }
        if (!exists("filter", "DOCKER-USER", "-j RETURN")) run("-t filter -A DOCKER-USER -j RETURN");
        ensureJumpFirst("FORWARD", "DOCKER-USER");
    }

    // ---- a bridge network ---------------------------------------------------------------------------

    /** setupIPTables for a network, then its isolation rules (steps 1 to 9 of the reference). */
    void addNetwork(BridgeNetwork n, boolean userlandProxy) {
        String b = n.bridge();
        String s = n.subnet().toString();
        if (n.internal()) {
            insertOnce("filter", "DOCKER-ISOLATION-STAGE-1", "-i " + b + " ! -d " + s + " -j DROP");
            insertOnce("filter", "DOCKER-ISOLATION-STAGE-1", "-o " + b + " ! -s " + s + " -j DROP");
            icc(b, n.icc());
            ensureJumpFirst("FORWARD", "DOCKER-ISOLATION-STAGE-1");
            return;
        }
        boolean hairpin = !userlandProxy;
        if (n.masquerade()) insertOnce("nat", "POSTROUTING", "-s " + s + " ! -o " + b + " -j MASQUERADE");
        if (n.masquerade() && !hairpin) insertOnce("nat", "DOCKER", "-i " + b + " -j RETURN");
        if (hairpin) insertOnce("nat", "POSTROUTING", "-m addrtype --src-type LOCAL -o " + b + " -j MASQUERADE");
        icc(b, n.icc());
        insertOnce("filter", "FORWARD", "-i " + b + " ! -o " + b + " -j ACCEPT");
        // ProgramChain(nat): the jumps into DOCKER, appended once for all networks.
        if (!exists("nat", "PREROUTING", "-m addrtype --dst-type LOCAL -j DOCKER")) {
            run("-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER");
        }
        String output = "-m addrtype --dst-type LOCAL -j DOCKER" + (hairpin ? "" : " ! -d 127.0.0.0/8");
        if (!exists("nat", "OUTPUT", output)) run("-t nat -A OUTPUT " + output);
        // ProgramChain(filter): to the containers, through DOCKER, and back for established flows.
        insertOnce("filter", "FORWARD", "-o " + b + " -j DOCKER");
        insertOnce("filter", "FORWARD", "-o " + b + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        ensureJumpFirst("FORWARD", "DOCKER-ISOLATION-STAGE-1");
        // setINC: traffic from this bridge to another bridge goes through stage 2 and is dropped.
        run("-t filter -I DOCKER-ISOLATION-STAGE-1 -i " + b + " ! -o " + b + " -j DOCKER-ISOLATION-STAGE-2");
        run("-t filter -I DOCKER-ISOLATION-STAGE-2 -o " + b + " -j DROP");
    }

    /** setIcc: accept (inserted) or drop (appended) traffic between containers of the bridge. */
    private void icc(String b, boolean on) {
        String accept = "-i " + b + " -o " + b + " -j ACCEPT";
        String drop = "-i " + b + " -o " + b + " -j DROP";
        if (on) {
            deleteIfExists("filter", "FORWARD", drop);
            insertOnce("filter", "FORWARD", accept);
        } else {
            deleteIfExists("filter", "FORWARD", accept);
            if (!exists("filter", "FORWARD", drop)) run("-t filter -A FORWARD " + drop);
        }
    }

    /** The network's rules removed (docker network rm), in reverse. */
    void removeNetwork(BridgeNetwork n, boolean userlandProxy) {
        String b = n.bridge();
        String s = n.subnet().toString();
        if (n.internal()) {
            deleteIfExists("filter", "DOCKER-ISOLATION-STAGE-1", "-o " + b + " ! -s " + s + " -j DROP");
            deleteIfExists("filter", "DOCKER-ISOLATION-STAGE-1", "-i " + b + " ! -d " + s + " -j DROP");
            deleteIfExists("filter", "FORWARD", "-i " + b + " -o " + b + " -j ACCEPT");
            deleteIfExists("filter", "FORWARD", "-i " + b + " -o " + b + " -j DROP");
            return;
        }
        boolean hairpin = !userlandProxy;
        deleteIfExists("filter", "DOCKER-ISOLATION-STAGE-2", "-o " + b + " -j DROP");
        deleteIfExists("filter", "DOCKER-ISOLATION-STAGE-1", "-i " + b + " ! -o " + b + " -j DOCKER-ISOLATION-STAGE-2");
        deleteIfExists("filter", "FORWARD", "-o " + b + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        deleteIfExists("filter", "FORWARD", "-o " + b + " -j DOCKER");
        deleteIfExists("filter", "FORWARD", "-i " + b + " ! -o " + b + " -j ACCEPT");
        deleteIfExists("filter", "FORWARD", "-i " + b + " -o " + b + " -j ACCEPT");
        deleteIfExists("filter", "FORWARD", "-i " + b + " -o " + b + " -j DROP");
        if (hairpin) deleteIfExists("nat", "POSTROUTING", "-m addrtype --src-type LOCAL -o " + b + " -j MASQUERADE");
        deleteIfExists("nat", "DOCKER", "-i " + b + " -j RETURN");
        deleteIfExists("nat", "POSTROUTING", "-s " + s + " ! -o " + b + " -j MASQUERADE");
    }

    // ---- a published port -----------------------------------------------------------------------------

    /** Forward(Append): DNAT, the filter ACCEPT, the hairpin MASQUERADE (and sctp's CHECKSUM). */
    void addPort(Container.PortMapping m, boolean userlandProxy) {
        for (String[] r : portRules(m, userlandProxy)) run("-t " + r[0] + " -A " + r[1] + " " + r[2]);
    }

    void removePort(Container.PortMapping m, boolean userlandProxy) {
        for (String[] r : portRules(m, userlandProxy)) deleteIfExists(r[0], r[1], r[2]);
    }

    /** The rules a published port writes: {table, chain, rule as Docker writes it}. */
    static List<String[]> portRules(Container.PortMapping m, boolean userlandProxy) {
        String p = m.protocol();
        String daddr = m.hostIp() == 0 ? "0/0" : Ipv4.format(m.hostIp());
        String cip = Ipv4.format(m.containerIp());
        String notFromBridge = userlandProxy ? " ! -i " + m.bridge() : "";
        List<String[]> rules = new ArrayList<>();
        rules.add(new String[] {"nat", "DOCKER", "-p " + p + " -d " + daddr + " --dport " + m.hostPort()
                + " -j DNAT --to-destination " + cip + ":" + m.containerPort() + notFromBridge});
        rules.add(new String[] {"filter", "DOCKER", "! -i " + m.bridge() + " -o " + m.bridge() + " -p " + p
                + " -d " + cip + " --dport " + m.containerPort() + " -j ACCEPT"});
        rules.add(new String[] {"nat", "POSTROUTING", "-p " + p + " -s " + cip + " -d " + cip + " --dport "
                + m.containerPort() + " -j MASQUERADE"});
        if (p.equals("sctp")) {
            rules.add(new String[] {"mangle", "POSTROUTING", "-p " + p + " --sport " + m.containerPort()
                    + " -j CHECKSUM --checksum-fill"});
        }
        return rules;
    }
}
