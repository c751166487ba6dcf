package dev.nflab.docker;

import dev.nflab.host.Host;
import dev.nflab.host.listing.Netstat;
import dev.nflab.iptables.Iptables;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.TableName;
import java.util.List;

/**
 * The seed's VM (Ubuntu 20.04 on AWS, Docker 20.10.7) in the walkthrough's three stages, built from
 * the Docker model on {@link HostLayout#SEED_VM}. What the model cannot know is an input, taken from
 * the seed's listings: the MACs and ifindexes the kernel and Docker picked, the veth's name, process
 * ids, and the packet counters (traffic the note never describes). The rules themselves, their text
 * and order, always come from the Docker model.
 *
 * <p>The stages were listed at different moments: docker0 is ifindex 3 with MAC 02:42:d3:81:15:1c
 * after the install, but ifindex 18 with MAC 02:42:55:24:1f:ed when nginx runs (Docker had been
 * reinstalled or its bridge recreated in between, and containers had come and gone: the veth pair
 * of nginx is 21/22 and its namespace id 1). Each stage takes its own values.
 */
public final class SeedHost {
    /** The VM's own listeners: systemd-resolved's stub resolver and sshd, bound at boot. */
    static final List<Netstat.Socket> SYSTEM_SOCKETS = List.of(
            new Netstat.Socket(false, "127.0.0.53", 53, 370, "/lib/systemd/systemd-resolved"),
            new Netstat.Socket(false, "0.0.0.0", 22, 576, "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"),
            new Netstat.Socket(true, "::", 22, 576, "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"));
    /** The listening-hash mix of the VM's namespace: any value in 0..9 orders 80, 53, 22 as the seed does. */
    static final int HASH_MIX = 0;

    private final Host host;
    private final Ruleset ruleset;
    private final DockerHost docker;
    private final HostListings listings;

    private SeedHost(Host host, Ruleset ruleset, DockerHost docker) {
        this.host = host;
        this.ruleset = ruleset;
        this.docker = docker;
        this.listings = new HostListings(host, new Iptables(ruleset), SYSTEM_SOCKETS,
                docker == null ? List.of() : docker.listeners(), HASH_MIX);
    }

    /** Stage 1: the new VM, lo and eth0 (its DHCP lease 3514 s from expiry), no rules. */
    public static SeedHost fresh() {
        Host host = DockerHost.freshHost(HostLayout.SEED_VM);
        Ruleset rules = new Ruleset(HostLayout.SEED_VM.dialect());
        rules.table(TableName.NAT);
        rules.table(TableName.FILTER);
        policy(rules, TableName.NAT, "PREROUTING", 6, 328);
        policy(rules, TableName.NAT, "INPUT", 6, 328);
        policy(rules, TableName.FILTER, "INPUT", 58, 5352);
        policy(rules, TableName.FILTER, "OUTPUT", 48, 6066);
        return new SeedHost(host, rules, null);
    }

    /** Stage 2: Docker installed and started: docker0 (ifindex 3), the daemon's chains and rules. */
    public static SeedHost dockerInstalled() {
        DockerHost d = start(new DockerChoices().bridgeIndex(3).bridgeMac("02:42:d3:81:15:1c"));
        Ruleset r = d.ruleset();
        policy(r, TableName.NAT, "PREROUTING", 6, 328);
        policy(r, TableName.NAT, "INPUT", 6, 328);
        // The seed prints 743K: iptables rounds bytes to thousands above 99999 (742500..743499).
        rule(r, TableName.NAT, "PREROUTING", 1, 14138, 743_000);
        rule(r, TableName.NAT, "OUTPUT", 1, 4, 240);
        rule(r, TableName.NAT, "POSTROUTING", 1, 34, 2073);
        rule(r, TableName.NAT, "DOCKER", 1, 19, 1140);
        policy(r, TableName.FILTER, "INPUT", 385, 28200);
        policy(r, TableName.FILTER, "OUTPUT", 304, 59638);
        return new SeedHost(d.host(), r, d);
    }

    /**
     * Stage 3: {@code docker run --name nginx -p 80:80 -d nginx}, on a docker0 of ifindex 18 whose
     * earlier containers used ifindexes 19 and 20 and namespace id 0.
     */
    public static SeedHost nginxStarted() {
        DockerHost d = start(new DockerChoices().bridgeIndex(18).bridgeMac("02:42:55:24:1f:ed")
                .vethName("veth3ce1bed").vethMac("ea:ba:b9:7b:48:ea").pids(253681, 253686));
        Host host = d.host();
        host.reserveNetnsId(0);
        host.reserveIndexes(21 - host.nextIndex());
        try {
            d.run(RunOptions.named("nginx").publish("80:80"));
        } catch (DockerException e) {
            throw new IllegalStateException("the seed's docker run failed in the model: " + e.getMessage(), e);
        }
        Ruleset r = d.ruleset();
        policy(r, TableName.NAT, "POSTROUTING", 266, 17090);
        rule(r, TableName.NAT, "DOCKER", 2, 136, 7472);
        rule(r, TableName.FILTER, "DOCKER", 1, 123, 6692);
        return new SeedHost(host, r, d);
    }

    private static DockerHost start(DockerChoices choices) {
        try {
            return DockerHost.start(HostLayout.SEED_VM, DaemonOptions.DEFAULTS, choices);
        } catch (DockerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void policy(Ruleset r, TableName table, String chain, long packets, long bytes) {
        r.table(table).requireChain(chain).policyCounter().set(packets, bytes);
    }

    /** Sets rule {@code number} (1-based, as --line-numbers) of a chain Docker wrote; it must exist. */
    private static void rule(Ruleset r, TableName table, String chain, int number, long packets, long bytes) {
        Chain c = r.table(table).requireChain(chain);
        if (number > c.size()) {
            throw new IllegalStateException("the model has no rule " + number + " in " + table + " " + chain);
        }
        c.rule(number - 1).counter().set(packets, bytes);
    }

    public Host host() { return host; }
    public Ruleset ruleset() { return ruleset; }
    /** The Docker model, or null before Docker is installed. */
    public DockerHost docker() { return docker; }
    public HostListings listings() { return listings; }
}
