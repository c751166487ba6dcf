package dev.nflab.iptables.oracle;

import dev.nflab.iptables.IptablesException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the oracle's spec list ({@code data/iptables-oracle/specs.txt}) from three sources, in
 * this order: the hand-picked specs ({@code handpicked.txt}), every rule Docker 20.10 wrote in the
 * repository's recordings ({@code data/real-docker-20.10}, {@code lab/recorded}: their
 * {@code iptables-save} lines, table and chain as recorded), and generated ones: every option of
 * every extension nflab models (the list below mirrors {@code Extensions}), each with valid and
 * invalid values, negated, without and after its {@code -p}, every target in every table and
 * built-in chain, and random combinations in random option orders from a fixed seed. Duplicates
 * are kept once, at their first place. Deterministic: the same inputs give the same file.
 */
public final class SpecGenerator {
    /** The seed of the random combinations. */
    public static final long SEED = 20_261_201L;
    /** How many random combinations. */
    public static final int COMBINATIONS = 2500;

    /** Every table and chain a spec is tried in (built-in chains, and the Docker chains). */
    static final List<String[]> CHAINS = List.of(
            new String[] {"filter", "INPUT"}, new String[] {"filter", "FORWARD"}, new String[] {"filter", "OUTPUT"},
            new String[] {"filter", "DOCKER"}, new String[] {"filter", "DOCKER-USER"},
            new String[] {"nat", "PREROUTING"}, new String[] {"nat", "INPUT"}, new String[] {"nat", "OUTPUT"},
            new String[] {"nat", "POSTROUTING"}, new String[] {"nat", "DOCKER"},
            new String[] {"mangle", "PREROUTING"}, new String[] {"mangle", "INPUT"}, new String[] {"mangle", "FORWARD"},
            new String[] {"mangle", "OUTPUT"}, new String[] {"mangle", "POSTROUTING"},
            new String[] {"raw", "PREROUTING"}, new String[] {"raw", "OUTPUT"});

    private SpecGenerator() {}

    /**
     * One option with one value: its words ({@code -m NAME} first if it needs a match loaded),
     * where {@code !} goes to negate it (-1 if iptables has no negation for it), and the protocol
     * it needs ({@code -p}), or null.
     */
    record Frag(String ext, List<String> words, int negAt, String proto) {
        List<String> negated() {
            List<String> w = new ArrayList<>(words);
            w.add(negAt, "!");
            return w;
        }
    }

    private static Frag f(String ext, String proto, int negAt, String... words) {
        return new Frag(ext, List.of(words), negAt, proto);
    }

    /** Values for {@code --sport}/{@code --dport} and the like: valid, ranges, open ranges, names, invalid. */
    static final List<String> PORTS = List.of("80", "0", "1", "65535", "65536", "-1", "1:1024", "1024:1", ":", "1024:",
            ":1024", "0:65535", "80:80", "ssh", "http", "https", "ftp-data", "domain", "ntp", "nosuchservice", "1:ssh",
            "http:https", "1-2", "1,2", "0x50", "080", "");
    static final List<String> MULTIPORTS = List.of("80", "80,443", "1:1024,3000", "ssh,http", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
            "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16", "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15",
            "1024:1", ":", "1:", ":2", "80,", ",80", "65536", "nosuchservice", "");
    static final List<String> ADDRESSES = List.of("1.2.3.4", "1.2.3.4/32", "1.2.3.0/24", "1.2.3.4/24", "0/0", "0.0.0.0/0",
            "10.0.0.0/8", "1.2.3.4/0", "255.255.255.255", "127.0.0.1/8", "1.2.3.4/33", "1.2.3.4/-1", "256.1.1.1", "1.2.3",
            "1.2.3.4/255.255.255.0", "1.2.3.4/255.0.255.0", "1.2.3.4,5.6.7.8", "172.17.0.0/16", "0", "");
    static final List<String> INTERFACES = List.of("eth0", "eth+", "+", "docker0", "br-0bd02a9ecbe6", "veth1234567890a",
            "veth1234567890ab", "a", "eth0.100", "eth 0", "eth/0", "eth:0", "");
    static final List<String> PROTOCOLS = List.of("tcp", "udp", "icmp", "sctp", "all", "ALL", "TCP", "0", "6", "17", "1",
            "132", "udplite", "gre", "esp", "ah", "47", "255", "256", "-1", "foo", "icmpv6", "ipv6-icmp", "");
    static final List<String> TCP_FLAGS = List.of("SYN,ACK SYN", "ALL SYN", "NONE NONE", "FIN,SYN,RST,PSH,ACK,URG SYN",
            "ALL ALL", "ALL NONE", "SYN SYN,ACK", "FIN,SYN,RST,ACK SYN", "syn,ack syn", "FOO SYN", "SYN FOO",
            "SYN,ACK,FIN,RST URG", "URG,PSH NONE", "ACK ACK");
    static final List<String> ICMP_TYPES = List.of("any", "echo-reply", "pong", "destination-unreachable", "network-unreachable",
            "host-unreachable", "protocol-unreachable", "port-unreachable", "fragmentation-needed", "source-route-failed",
            "network-unknown", "host-unknown", "network-prohibited", "host-prohibited", "TOS-network-unreachable",
            "communication-prohibited", "host-precedence-violation", "precedence-cutoff", "source-quench", "redirect",
            "network-redirect", "host-redirect", "echo-request", "ping", "router-advertisement", "router-solicitation",
            "time-exceeded", "ttl-exceeded", "ttl-zero-during-transit", "ttl-zero-during-reassembly", "parameter-problem",
            "ip-header-bad", "required-option-missing", "timestamp-request", "timestamp-reply", "address-mask-request",
            "address-mask-reply", "0", "8", "8/0", "3/3", "3/255", "3/256", "255", "255/255", "256", "-1", "11/1", "foo",
            "ECHO-REQUEST", "8/", "/0", "");
    static final List<String> ADDRTYPES = List.of("UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
            "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE", "local", "LOCAL,UNICAST", "FOO", "");
    static final List<String> CTSTATES = List.of("NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "SNAT", "DNAT",
            "RELATED,ESTABLISHED", "NEW,RELATED,ESTABLISHED,INVALID,UNTRACKED", "new", "FOO", "NEW,", ",NEW", "");
    static final List<String> CTSTATUSES = List.of("NONE", "EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED",
            "ASSURED,SEEN_REPLY", "seen_reply", "A", "NONE,ASSURED", "FOO", "ASSURED,", ",ASSURED", "");
    static final List<String> CTEXPIRES = List.of("10", "10:20", "20:10", ":20", "10:", "0", "4294967295", "4294967296",
            "0x10", "010", "-1", "abc", "1x", "1:2:3", "");
    static final List<String> CTDIRS = List.of("ORIGINAL", "REPLY", "original", "reply", "BOTH", "O", "");
    static final List<String> MARKS = List.of("1", "0x1", "0", "0x1/0xff", "1/255", "0xffffffff", "4294967295", "4294967296",
            "-1", "foo", "1/2/3", "010", "0x1/", "/0xff", "");
    static final List<String> RANGES = List.of("1.1.1.1-1.1.1.9", "1.1.1.1", "1.1.1.9-1.1.1.1", "1.1.1.1-1.1.1.1",
            "0.0.0.0-255.255.255.255", "1.1.1.1-", "-1.1.1.1", "1.1.1.0/24", "foo", "1.1.1.1-foo", "");
    static final List<String> LENGTHS = List.of("0", "64", "10:20", "64:64", "20:10", ":100", "100:", "0x40:0x5dc",
            "010", "65535", "65536", "-1", "abc", "1:2:3", "10,20", " 5", "+5", "");
    static final List<String> LIMITS = List.of("2/s", "2/sec", "5/second", "10/m", "7/minute", "100/hour", "25/h",
            "1/d", "1/day", "3", "2/SEC", "3000/s", "10000/s", "10001/s", "-3/s", "0/s", "2.5/s", "2/", "2/x",
            "2/secondz", "86401/day", "1000000/day", "abc", "");
    static final List<String> LIMIT_BURSTS = List.of("0", "1", "3", "5", "10", "10000", "10001", "0x10", "-1", "3x", "abc", "");
    /** The ipset set the set match's specs name (specs.txt creates it: {@link #IPSETS}). */
    static final String IPSET = "blocklist";
    static final List<String> IPSETS = List.of("create " + IPSET + " hash:net");
    static final List<String> SET_DIRECTIONS = List.of("src", "dst", "src,dst", "dst,src,dst,src,dst,src",
            "src,dst,src,dst,src,dst,src", "foo", "src,", ",src", "srcx", "");
    static final List<String> PKTTYPES = List.of("unicast", "broadcast", "multicast", "host", "otherhost", "BROADCAST",
            "outgoing", "loopback", "foo", "unicast,broadcast", "");
    /** --uid-owner values: ids, ranges, base-passwd names (the same on every Debian and Ubuntu), bad ones. */
    static final List<String> OWNER_UIDS = List.of("0", "1000", "0-99", "5:7", "7-7", "10-5", "4294967294", "4294967295",
            "0x10", "010", "-1", "1-", "1-2-3", "1x", "root", "nobody", "www-data", "ROOT", "no-such-user", "root-nobody", "");
    static final List<String> OWNER_GIDS = List.of("0", "1000", "100-200", "9:3", "0-4294967295", "staff", "nogroup",
            "no-such-group", "");
    static final List<String> CONNLIMITS = List.of("0", "2", "4294967295", "4294967296", "-1", "0x10", "010", "x", "");
    static final List<String> RECENT_SECONDS = List.of("1", "30", "4294967295", "4294967296", "0", "0x10", "010", "-1",
            "abc", "");
    static final List<String> RECENT_HITCOUNTS = List.of("0", "1", "6", "20", "21", "255", "256", "65535", "65536",
            "4294967295", "4294967296", "0x10", "-1", "x", "");
    static final List<String> RECENT_NAMES = List.of("DEFAULT", "ssh", "a b", ".", "..", "a/b", "0x10", "x".repeat(199),
            "x".repeat(200), "");
    static final List<String> RECENT_MASKS = List.of("255.255.255.255", "255.255.255.0", "255.0.255.0", "0.0.0.0", "24",
            "0xff000000", "255.255.255.256", "1.2.3", "/24", "");
    static final List<String> COMMENTS = List.of("hi", "two words", "it's", "x".repeat(255), "x".repeat(256), "--dport",
            "\"quoted\"", "", "ünïcode");

    /** Every match option nflab's front end knows (Extensions.match), each with values. */
    static List<Frag> matchFrags() {
        List<Frag> out = new ArrayList<>();
        for (String a : ADDRESSES) {
            out.add(f("-s", null, 0, "-s", a));
            out.add(f("-d", null, 0, "-d", a));
        }
        out.add(f("-s", null, 0, "--source", "1.2.3.4"));
        out.add(f("-s", null, 0, "--src", "1.2.3.4"));
        out.add(f("-d", null, 0, "--destination", "1.2.3.4"));
        out.add(f("-d", null, 0, "--dst", "1.2.3.4"));
        for (String i : INTERFACES) {
            out.add(f("-i", null, 0, "-i", i));
            out.add(f("-o", null, 0, "-o", i));
        }
        out.add(f("-i", null, 0, "--in-interface", "eth0"));
        out.add(f("-o", null, 0, "--out-interface", "eth0"));
        for (String p : PROTOCOLS) out.add(f("-p", null, 0, "-p", p));
        out.add(f("-p", null, 0, "--protocol", "tcp"));
        out.add(f("-f", null, 0, "-f"));
        for (String proto : List.of("tcp", "udp", "sctp")) {
            for (String p : PORTS) {
                out.add(f(proto, proto, 2, "-m", proto, "--sport", p));
                out.add(f(proto, proto, 2, "-m", proto, "--dport", p));
            }
            out.add(f(proto, proto, 2, "-m", proto, "--source-port", "80"));
            out.add(f(proto, proto, 2, "-m", proto, "--destination-port", "80"));
            out.add(f(proto, proto, 2, "-m", proto, "--sport", "1", "--dport", "2"));
            out.add(f(proto, proto, -1, "-m", proto));
        }
        for (String fl : TCP_FLAGS) {
            List<String> w = new ArrayList<>(List.of("-m", "tcp", "--tcp-flags"));
            w.addAll(Arrays.asList(fl.split(" ")));
            out.add(new Frag("tcp", w, 2, "tcp"));
        }
        out.add(f("tcp", "tcp", 2, "-m", "tcp", "--tcp-flags", "ALL"));
        out.add(f("tcp", "tcp", 2, "-m", "tcp", "--syn"));
        out.add(f("tcp", "tcp", 2, "-m", "tcp", "--tcp-option", "2"));
        out.add(f("sctp", "sctp", 2, "-m", "sctp", "--chunk-types", "any", "INIT"));
        for (String m : List.of("--sports", "--dports", "--ports", "--source-ports", "--destination-ports")) {
            for (String v : MULTIPORTS) out.add(f("multiport", "tcp", 2, "-m", "multiport", m, v));
        }
        out.add(f("multiport", "udp", 2, "-m", "multiport", "--dports", "53,67:68"));
        out.add(f("multiport", "sctp", 2, "-m", "multiport", "--dports", "1,2"));
        out.add(f("multiport", "tcp", -1, "-m", "multiport"));
        out.add(f("multiport", "tcp", 2, "-m", "multiport", "--sports", "1", "--dports", "2"));
        for (String t : ICMP_TYPES) out.add(f("icmp", "icmp", 2, "-m", "icmp", "--icmp-type", t));
        out.add(f("icmp", "icmp", -1, "-m", "icmp"));
        for (String t : ADDRTYPES) {
            out.add(f("addrtype", null, 2, "-m", "addrtype", "--src-type", t));
            out.add(f("addrtype", null, 2, "-m", "addrtype", "--dst-type", t));
        }
        out.add(f("addrtype", null, 2, "-m", "addrtype", "--src-type", "LOCAL", "--dst-type", "UNICAST"));
        out.add(f("addrtype", null, 4, "-m", "addrtype", "--dst-type", "LOCAL", "--limit-iface-in"));
        out.add(f("addrtype", null, 4, "-m", "addrtype", "--dst-type", "LOCAL", "--limit-iface-out"));
        out.add(f("addrtype", null, -1, "-m", "addrtype"));
        for (String s : CTSTATES) {
            out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctstate", s));
            out.add(f("state", null, 2, "-m", "state", "--state", s));
        }
        for (String[] o : new String[][] {{"--ctproto", "tcp"}, {"--ctorigsrc", "1.2.3.4"}, {"--ctorigdst", "1.2.3.4"},
                {"--ctreplsrc", "1.2.3.4"}, {"--ctrepldst", "1.2.3.4"}, {"--ctorigsrcport", "80"}, {"--ctorigdstport", "80"},
                {"--ctreplsrcport", "80"}, {"--ctrepldstport", "80"}, {"--ctstatus", "ASSURED"}, {"--ctexpire", "10:20"},
                {"--ctdir", "ORIGINAL"}}) {
            out.add(f("conntrack", null, 2, "-m", "conntrack", o[0], o[1]));
        }
        for (String o : List.of("--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst")) {
            for (String a : ADDRESSES) out.add(f("conntrack", null, 2, "-m", "conntrack", o, a));
        }
        for (String o : List.of("--ctorigsrcport", "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport")) {
            for (String p : PORTS) out.add(f("conntrack", null, 2, "-m", "conntrack", o, p));
        }
        for (String p : PROTOCOLS) out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctproto", p));
        for (String v : CTSTATUSES) out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctstatus", v));
        for (String v : CTEXPIRES) out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctexpire", v));
        for (String v : CTDIRS) out.add(f("conntrack", null, -1, "-m", "conntrack", "--ctdir", v));
        out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctdir", "REPLY"));
        out.add(f("conntrack", "tcp", 2, "-m", "conntrack", "--ctorigdstport", "8080", "--ctdir", "ORIGINAL"));
        out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctstate", "NEW", "--ctorigsrc", "1.2.3.4", "--ctdir", "REPLY"));
        out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctexpire", "5", "--ctstatus", "ASSURED", "--ctproto", "udp"));
        out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctproto", "tcp", "--ctproto", "udp"));
        for (String s : List.of("est", "N", "inv,rel", "S", "U")) {
            out.add(f("conntrack", null, 2, "-m", "conntrack", "--ctstate", s));
            out.add(f("state", null, 2, "-m", "state", "--state", s));
        }
        out.add(f("state", null, 2, "-m", "state", "--state", "NEW", "--state", "INVALID"));
        out.add(f("state", null, 2, "-m", "state", "--ctstate", "NEW"));
        out.add(f("conntrack", null, -1, "-m", "conntrack"));
        out.add(f("state", null, -1, "-m", "state"));
        for (String d : List.of("eth0", "veth+", "+", "docker0", "veth1234567890ab")) {
            out.add(f("physdev", null, 2, "-m", "physdev", "--physdev-in", d));
            out.add(f("physdev", null, 2, "-m", "physdev", "--physdev-out", d));
        }
        for (String o : List.of("--physdev-is-in", "--physdev-is-out", "--physdev-is-bridged")) {
            out.add(f("physdev", null, 2, "-m", "physdev", o));
        }
        out.add(f("physdev", null, 2, "-m", "physdev", "--physdev-in", "eth0", "--physdev-is-bridged"));
        out.add(f("physdev", null, -1, "-m", "physdev"));
        for (String c : COMMENTS) out.add(f("comment", null, -1, "-m", "comment", "--comment", c));
        out.add(f("comment", null, -1, "-m", "comment"));
        for (String m : MARKS) out.add(f("mark", null, 2, "-m", "mark", "--mark", m));
        out.add(f("mark", null, -1, "-m", "mark"));
        for (String r : RANGES) {
            out.add(f("iprange", null, 2, "-m", "iprange", "--src-range", r));
            out.add(f("iprange", null, 2, "-m", "iprange", "--dst-range", r));
        }
        out.add(f("iprange", null, -1, "-m", "iprange"));
        for (String l : LENGTHS) out.add(f("length", null, 2, "-m", "length", "--length", l));
        out.add(f("length", null, -1, "-m", "length"));
        for (String l : LIMITS) out.add(f("limit", null, 2, "-m", "limit", "--limit", l));
        for (String b : LIMIT_BURSTS) out.add(f("limit", null, 2, "-m", "limit", "--limit-burst", b));
        out.add(f("limit", null, -1, "-m", "limit"));
        out.add(f("limit", null, -1, "-m", "limit", "--limit", "2/s", "--limit-burst", "3"));
        out.add(f("limit", null, -1, "-m", "limit", "--limit", "1/day", "--limit-burst", "10000"));
        out.add(f("limit", null, -1, "-m", "limit", "--limit", "3/min", "--limit-burst", "10"));
        for (String d : SET_DIRECTIONS) out.add(f("set", null, 2, "-m", "set", "--match-set", IPSET, d));
        out.add(f("set", null, 2, "-m", "set", "--match-set", "nosuchset", "src"));
        out.add(f("set", null, 2, "-m", "set", "--match-set", "x".repeat(32), "src"));
        out.add(f("set", null, 2, "-m", "set", "--match-set", IPSET));
        for (String[] o : new String[][] {{"--return-nomatch"}, {"!", "--update-counters"}, {"--update-counters"},
                {"!", "--update-subcounters"}, {"--packets-eq", "1"}, {"!", "--packets-eq", "1"}, {"--packets-lt", "0x10"},
                {"--packets-gt", "010"}, {"!", "--packets-gt", "1"}, {"--bytes-eq", "18446744073709551615"},
                {"--bytes-lt", "18446744073709551616"}, {"--bytes-gt", "-1"}, {"--bytes-eq", "x"},
                {"--packets-eq", "1", "--packets-gt", "2"}, {"!", "--return-nomatch"}}) {
            List<String> w = new ArrayList<>(List.of("-m", "set", "--match-set", IPSET, "src"));
            w.addAll(List.of(o));
            out.add(new Frag("set", w, 2, null));
        }
        out.add(f("set", null, -1, "-m", "set"));
        for (String t : PKTTYPES) out.add(f("pkttype", null, 2, "-m", "pkttype", "--pkt-type", t));
        out.add(f("pkttype", null, -1, "-m", "pkttype"));
        for (String n : CONNLIMITS) {
            out.add(f("connlimit", null, 2, "-m", "connlimit", "--connlimit-above", n));
            out.add(f("connlimit", null, 2, "-m", "connlimit", "--connlimit-upto", n));
        }
        for (String m : List.of("0", "8", "24", "32", "33", "-1", "255.255.255.0", "255.0.255.0", "x", "")) {
            out.add(f("connlimit", null, 2, "-m", "connlimit", "--connlimit-above", "2", "--connlimit-mask", m));
        }
        for (String[] o : new String[][] {{"--connlimit-saddr"}, {"--connlimit-daddr"}, {"--connlimit-upto", "3"},
                {"--connlimit-saddr", "--connlimit-daddr"}, {"--connlimit-mask", "24", "--connlimit-daddr"},
                {"!", "--connlimit-daddr"}, {"!", "--connlimit-mask", "24"}}) {
            List<String> w = new ArrayList<>(List.of("-m", "connlimit", "--connlimit-above", "2"));
            w.addAll(List.of(o));
            out.add(new Frag("connlimit", w, 2, null));
        }
        out.add(f("connlimit", null, -1, "-m", "connlimit"));
        out.add(f("connlimit", null, -1, "-m", "connlimit", "--connlimit-mask", "24"));
        for (String op : List.of("--set", "--rcheck", "--update", "--remove")) {
            out.add(f("recent", null, 2, "-m", "recent", op));
        }
        for (String v : RECENT_SECONDS) out.add(f("recent", null, 2, "-m", "recent", "--rcheck", "--seconds", v));
        for (String v : RECENT_HITCOUNTS) out.add(f("recent", null, 2, "-m", "recent", "--update", "--hitcount", v));
        for (String v : RECENT_NAMES) out.add(f("recent", null, 2, "-m", "recent", "--set", "--name", v));
        for (String v : RECENT_MASKS) out.add(f("recent", null, 2, "-m", "recent", "--set", "--mask", v));
        for (String[] o : new String[][] {{"--rsource"}, {"--rdest"}, {"--rdest", "--rsource"}, {"--rttl"},
                {"--seconds", "5", "--reap"}, {"--reap"}, {"--seconds", "5", "--hitcount", "3", "--rttl", "--reap"},
                {"--set"}, {"--remove"}, {"--name", "a", "--name", "b"}, {"--seconds", "1", "--seconds", "2"},
                {"!", "--seconds", "5"}, {"!", "--rdest"}, {"!", "--name", "x"}, {"--mask"}, {"--name"}}) {
            List<String> w = new ArrayList<>(List.of("-m", "recent", "--rcheck"));
            w.addAll(List.of(o));
            out.add(new Frag("recent", w, 2, null));
        }
        for (String[] o : new String[][] {{"--seconds", "5"}, {"--hitcount", "2"}, {"--rttl"}, {"--reap"}}) {
            List<String> w = new ArrayList<>(List.of("-m", "recent", "--set"));
            w.addAll(List.of(o));
            out.add(new Frag("recent", w, 2, null));
        }
        out.add(f("recent", null, 2, "-m", "recent", "--remove", "--rttl"));
        out.add(f("recent", null, -1, "-m", "recent", "--rttl", "--set"));
        out.add(f("recent", null, -1, "-m", "recent"));
        out.add(f("recent", null, -1, "-m", "recent", "--seconds", "5"));
        out.add(f("recent", null, -1, "-m", "recent", "--set", "--name", "DEFAULT", "--mask", "255.255.255.255", "--rsource"));
        out.add(f("recent", null, -1, "-m", "recent", "--update", "--seconds", "30", "--hitcount", "6", "--name", "DEFAULT",
                "--mask", "255.255.255.255", "--rsource"));
        for (String u : OWNER_UIDS) out.add(f("owner", null, 2, "-m", "owner", "--uid-owner", u));
        for (String g : OWNER_GIDS) out.add(f("owner", null, 2, "-m", "owner", "--gid-owner", g));
        out.add(f("owner", null, 2, "-m", "owner", "--socket-exists"));
        for (String[] o : new String[][] {{"--gid-owner", "50", "--suppl-groups"}, {"--suppl-groups"},
                {"--suppl-groups", "--gid-owner", "1"}, {"--gid-owner", "1", "!", "--suppl-groups"},
                {"--uid-owner", "1", "--suppl-groups"}, {"--uid-owner", "1", "--uid-owner", "2"},
                {"--socket-exists", "--socket-exists"}, {"--socket-exists", "--uid-owner", "1", "!", "--gid-owner", "2"},
                {"!", "--socket-exists", "!", "--uid-owner", "0"}, {"--gid-owner", "2", "--uid-owner", "1"},
                {"--pid-owner", "1"}, {"--cmd-owner", "sh"}, {"--socket-exists", "foo"}}) {
            List<String> w = new ArrayList<>(List.of("-m", "owner"));
            w.addAll(List.of(o));
            out.add(new Frag("owner", w, -1, null));
        }
        out.add(f("owner", null, -1, "-m", "owner"));
        out.add(f("unknown", null, -1, "-m", "nosuchmatch"));
        out.add(f("unknown", null, -1, "--nosuchoption", "1"));
        out.add(f("unknown", null, -1, "strayword"));
        return out;
    }

    /** Every target nflab's front end knows (Extensions.target), with its options. */
    static List<Frag> targetFrags() {
        List<Frag> out = new ArrayList<>();
        for (String t : List.of("ACCEPT", "DROP", "RETURN", "DOCKER", "DOCKER-USER", "NOSUCHCHAIN", "QUEUE", "accept")) {
            out.add(f("-j", null, -1, "-j", t));
        }
        out.add(f("-j", null, -1, "--jump", "ACCEPT"));
        out.add(f("-g", null, -1, "-g", "DOCKER"));
        out.add(f("-g", null, -1, "--goto", "DOCKER"));
        out.add(f("-g", null, -1, "-g", "ACCEPT"));
        out.add(f("-g", null, -1, "-g", "NOSUCHCHAIN"));
        for (String nat : List.of("DNAT", "SNAT")) {
            String opt = nat.equals("DNAT") ? "--to-destination" : "--to-source";
            for (String v : List.of("1.1.1.1", "1.1.1.1:80", "1.1.1.1:80-90", "1.1.1.1-1.1.1.5", "1.1.1.1-1.1.1.5:80-90",
                    "1.1.1.1:ssh", "1.1.1.1:ssh-http", ":80", "1.1.1.1:90-80", "1.1.1.1:0", "1.1.1.1:65536", "1.1.1.5-1.1.1.1",
                    "1.1.1.1:", "foo", "1.1.1.1/24", "")) {
                out.add(f(nat, null, -1, "-j", nat, opt, v));
                out.add(f(nat, "tcp", -1, "-j", nat, opt, v));
            }
            out.add(f(nat, null, -1, "-j", nat));
            out.add(f(nat, null, -1, "-j", nat, opt, "1.1.1.1", opt, "2.2.2.2"));
            for (String o : List.of("--random", "--persistent", "--random-fully")) {
                out.add(f(nat, null, -1, "-j", nat, opt, "1.1.1.1", o));
                out.add(f(nat, "tcp", -1, "-j", nat, opt, "1.1.1.1:80", o));
            }
        }
        for (String t : List.of("MASQUERADE", "REDIRECT")) {
            for (String v : List.of("1024", "1024-2048", "ftp-data", "ssh-http", "2048-1024", "0", "65536", "foo", "1024:2048", "")) {
                out.add(f(t, null, -1, "-j", t, "--to-ports", v));
                out.add(f(t, "tcp", -1, "-j", t, "--to-ports", v));
                out.add(f(t, "udp", -1, "-j", t, "--to-ports", v));
            }
            out.add(f(t, null, -1, "-j", t));
            out.add(f(t, "tcp", -1, "-j", t));
            for (String o : List.of("--random", "--random-fully")) {
                out.add(f(t, null, -1, "-j", t, o));
                out.add(f(t, "tcp", -1, "-j", t, "--to-ports", "1024", o));
            }
        }
        for (String w : List.of("icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable",
                "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited", "icmp-admin-prohibited",
                "tcp-reset", "net-unreach", "host-unreach", "port-unreach", "proto-unreach", "net-prohib", "host-prohib",
                "admin-prohib", "tcp-rst", "foo", "")) {
            out.add(f("REJECT", null, -1, "-j", "REJECT", "--reject-with", w));
            out.add(f("REJECT", "tcp", -1, "-j", "REJECT", "--reject-with", w));
        }
        out.add(f("REJECT", null, -1, "-j", "REJECT"));
        for (String p : List.of("x", "with space ", "x".repeat(29), "x".repeat(30), "", "it's", "--log-level")) {
            out.add(f("LOG", null, -1, "-j", "LOG", "--log-prefix", p));
        }
        for (String l : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "-1", "emerg", "alert", "crit", "error", "err",
                "warning", "warn", "notice", "info", "debug", "panic", "foo", "")) {
            out.add(f("LOG", null, -1, "-j", "LOG", "--log-level", l));
        }
        for (String o : List.of("--log-tcp-sequence", "--log-tcp-options", "--log-ip-options", "--log-uid", "--log-macdecode")) {
            out.add(f("LOG", null, -1, "-j", "LOG", o));
        }
        out.add(f("LOG", null, -1, "-j", "LOG"));
        out.add(f("LOG", null, -1, "-j", "LOG", "--log-prefix", "x", "--log-level", "7", "--log-uid", "--log-tcp-sequence"));
        out.add(f("LOG", null, -1, "-j", "LOG", "--log-macdecode", "--log-uid", "--log-ip-options", "--log-tcp-options",
                "--log-tcp-sequence", "--log-level", "1", "--log-prefix", "a b"));
        out.add(f("LOG", null, -1, "-j", "LOG", "--log-prefix", "[UFW BLOCK] "));
        for (String l : List.of("0x3", "03", "INFO")) out.add(f("LOG", null, -1, "-j", "LOG", "--log-level", l));
        out.add(f("LOG", null, -1, "-j", "LOG", "--log-uid", "--log-uid"));
        for (String[] o : new String[][] {{"--set-mark", "1"}, {"--set-mark", "0x1/0xff"}, {"--set-mark", "foo"},
                {"--set-mark", "4294967296"}, {"--set-xmark", "0x1/0xff"}, {"--set-xmark", "1"}, {"--and-mark", "0xff"},
                {"--or-mark", "1"}, {"--xor-mark", "1"}, {"--set-mark", ""}}) {
            out.add(f("MARK", null, -1, "-j", "MARK", o[0], o[1]));
        }
        out.add(f("MARK", null, -1, "-j", "MARK"));
        out.add(f("MARK", null, -1, "-j", "MARK", "--set-mark", "1", "--set-mark", "2"));
        out.add(f("TRACE", null, -1, "-j", "TRACE"));
        out.add(f("CHECKSUM", null, -1, "-j", "CHECKSUM", "--checksum-fill"));
        out.add(f("CHECKSUM", null, -1, "-j", "CHECKSUM"));
        for (String[] o : new String[][] {{"--notrack"}, {"--notrack", "--notrack"}, {"--ctevents", "new"},
                {"--ctevents", "new,related,destroy,reply,assured,protoinfo,helper,mark,natseqinfo,secmark"},
                {"--ctevents", "secmark,new"}, {"--ctevents", "foo"}, {"--ctevents", ""}, {"--expevents", "new"},
                {"--expevents", "related"}, {"--zone", "0"}, {"--zone", "1"}, {"--zone", "mark"}, {"--zone", "65536"},
                {"--zone-orig", "2"}, {"--zone-reply", "3"}, {"--helper", "ftp"}, {"--timeout", "x"},
                {"--notrack", "--ctevents", "new", "--expevents", "new"}}) {
            List<String> w = new ArrayList<>(List.of("-j", "CT"));
            w.addAll(List.of(o));
            out.add(new Frag("CT", w, -1, null));
        }
        out.add(f("CT", null, -1, "-j", "CT"));
        out.add(f("CT", "tcp", -1, "-j", "CT", "--helper", "ftp"));
        out.add(f("NOTRACK", null, -1, "-j", "NOTRACK"));
        out.add(f("NOTRACK", null, -1, "-j", "NOTRACK", "--notrack"));
        for (String v : List.of("1400", "0", "65515", "65516", "0x10", "abc", "")) {
            out.add(f("TCPMSS", "tcp", -1, "--tcp-flags", "SYN,RST", "SYN", "-j", "TCPMSS", "--set-mss", v));
        }
        out.add(f("TCPMSS", "tcp", -1, "--tcp-flags", "SYN,RST", "SYN", "-j", "TCPMSS", "--clamp-mss-to-pmtu"));
        out.add(f("TCPMSS", "tcp", -1, "--syn", "-j", "TCPMSS", "--set-mss", "1400", "--clamp-mss-to-pmtu"));
        out.add(f("TCPMSS", "tcp", -1, "--tcp-flags", "SYN,RST", "SYN", "-j", "TCPMSS"));
        out.add(f("TCPMSS", "tcp", -1, "-j", "TCPMSS", "--set-mss", "1400"));
        out.add(f("TCPMSS", null, -1, "-j", "TCPMSS", "--clamp-mss-to-pmtu"));
        out.add(f("unknown", null, -1, "-j", "NOSUCHTARGET", "--nosuchoption"));
        out.add(f("unknown", null, -1, "-j"));
        return out;
    }

    /** The generated specs, in order. */
    static List<OracleSpec> generated() {
        List<OracleSpec> out = new ArrayList<>();
        List<Frag> matches = matchFrags();
        List<Frag> targets = targetFrags();
        // 1. each match option alone, as a reader would write it, then negated
        for (Frag m : matches) {
            String[] tc = chainFor(m);
            out.add(spec("option", tc, withProto(m.proto(), m.words(), List.of("-j", "ACCEPT"))));
            if (m.negAt() >= 0) out.add(spec("negated", tc, withProto(m.proto(), m.negated(), List.of("-j", "ACCEPT"))));
        }
        // 2. each protocol-bound option without its -p, with -p after it, with ! -p, with another -p,
        //    and without -m (the protocol's match loaded implicitly)
        for (Frag m : matches) {
            if (m.proto() == null) continue;
            String[] tc = chainFor(m);
            out.add(spec("context", tc, concat(m.words(), List.of("-j", "ACCEPT"))));
            out.add(spec("context", tc, concat(m.words(), List.of("-p", m.proto(), "-j", "ACCEPT"))));
            out.add(spec("context", tc, concat(List.of("!", "-p", m.proto()), m.words(), List.of("-j", "ACCEPT"))));
            String other = m.proto().equals("udp") ? "tcp" : "udp";
            out.add(spec("context", tc, concat(List.of("-p", other), m.words(), List.of("-j", "ACCEPT"))));
            if (m.words().get(1).equals(m.proto())) {
                List<String> implicit = m.words().subList(2, m.words().size());
                if (!implicit.isEmpty()) {
                    out.add(spec("context", tc, concat(List.of("-p", m.proto()), implicit, List.of("-j", "ACCEPT"))));
                    if (m.negAt() >= 0) {
                        List<String> neg = new ArrayList<>(implicit);
                        neg.add(m.negAt() - 2, "!");
                        out.add(spec("context", tc, concat(List.of("-p", m.proto()), neg, List.of("-j", "ACCEPT"))));
                    }
                }
            }
        }
        // 3. every target with each of its values in the chains it is for, and the first form of
        //    each target in every table and chain
        Set<String> everywhere = new LinkedHashSet<>();
        for (Frag t : targets) {
            List<String> words = withProto(t.proto(), List.of(), t.words());
            if (everywhere.add(t.ext() + " " + t.proto())) {
                for (String[] tc : CHAINS) out.add(spec("target", tc, words));
            } else {
                for (String[] tc : home(t.ext())) out.add(spec("target", tc, words));
            }
        }
        // 4. random combinations, in random option orders
        Random r = new Random(SEED);
        List<Frag> validish = matches.stream().filter(m -> !m.ext().equals("unknown")).toList();
        for (int i = 0; i < COMBINATIONS; i++) {
            String[] tc = CHAINS.get(r.nextInt(CHAINS.size()));
            String proto = switch (r.nextInt(6)) {
                case 0, 1 -> "tcp"; case 2 -> "udp"; case 3 -> "icmp"; case 4 -> "sctp"; default -> null;
            };
            List<List<String>> groups = new ArrayList<>();
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                Frag m = validish.get(r.nextInt(validish.size()));
                if (m.proto() != null && r.nextInt(4) > 0) proto = m.proto();
                boolean neg = m.negAt() >= 0 && r.nextInt(4) == 0;
                groups.add(neg ? m.negated() : m.words());
            }
            Frag t = targets.get(r.nextInt(targets.size()));
            if (t.proto() != null && proto == null) proto = t.proto();
            if (proto != null) groups.add(0, r.nextInt(8) == 0 ? List.of("!", "-p", proto) : List.of("-p", proto));
            groups.add(t.words());
            if (r.nextInt(3) == 0) Collections.shuffle(groups, r);
            List<String> words = new ArrayList<>();
            for (List<String> g : groups) words.addAll(g);
            out.add(spec("combination", tc, words));
        }
        return out;
    }

    /** The chains a target is written for (where the kernel accepts it). */
    private static List<String[]> home(String target) {
        return switch (target) {
            case "DNAT", "REDIRECT" -> List.of(new String[] {"nat", "PREROUTING"}, new String[] {"nat", "OUTPUT"});
            case "SNAT" -> List.of(new String[] {"nat", "POSTROUTING"}, new String[] {"nat", "INPUT"});
            case "MASQUERADE" -> List.<String[]>of(new String[] {"nat", "POSTROUTING"});
            case "MARK" -> List.of(new String[] {"mangle", "PREROUTING"}, new String[] {"mangle", "OUTPUT"});
            case "TRACE", "CT", "NOTRACK" -> List.of(new String[] {"raw", "PREROUTING"}, new String[] {"raw", "OUTPUT"});
            case "CHECKSUM" -> List.<String[]>of(new String[] {"mangle", "POSTROUTING"});
            case "TCPMSS" -> List.of(new String[] {"mangle", "FORWARD"}, new String[] {"mangle", "POSTROUTING"});
            default -> List.of(new String[] {"filter", "INPUT"}, new String[] {"filter", "FORWARD"});
        };
    }

    private static String[] chainFor(Frag m) {
        // owner is only for locally sent packets: OUTPUT and POSTROUTING
        if (m.ext().equals("owner")) return new String[] {"filter", "OUTPUT"};
        boolean out = m.words().contains("-o") || m.words().contains("--out-interface")
                || m.words().contains("--physdev-out") || m.words().contains("--physdev-is-out");
        return out ? new String[] {"filter", "FORWARD"} : new String[] {"filter", "INPUT"};
    }

    private static List<String> withProto(String proto, List<String> a, List<String> b) {
        List<String> w = new ArrayList<>();
        if (proto != null) w.addAll(List.of("-p", proto));
        w.addAll(a);
        w.addAll(b);
        return w;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> w = new ArrayList<>();
        for (List<String> p : parts) w.addAll(p);
        return w;
    }

    private static OracleSpec spec(String section, String[] tc, List<String> words) {
        return new OracleSpec(section, tc[0], tc[1], words);
    }

    /**
     * Every rule line ({@code -A CHAIN ...}) of the recorded iptables-save files (data/real-docker-20.10,
     * lab/recorded), with its table, in file order; the user chains they declare go to {@code chains}.
     */
    public static List<OracleSpec> recordedDockerRules(Path root, Set<SpecFile.Chain> chains) throws IOException, IptablesException {
        List<Path> files = new ArrayList<>();
        for (String d : List.of("data/real-docker-20.10", "lab/recorded")) {
            Path dir = root.resolve(d);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(SpecGenerator::isIpv4Save).sorted().forEach(files::add);
            }
        }
        List<OracleSpec> out = new ArrayList<>();
        for (Path p : files) {
            String table = null;
            for (String line : Files.readAllLines(p)) {
                if (line.startsWith("*")) table = line.substring(1).trim();
                if (line.startsWith("[")) line = line.substring(line.indexOf(']') + 1).strip();
                if (table != null && line.startsWith(":") && line.contains(" - ")) {
                    chains.add(new SpecFile.Chain(table, line.substring(1, line.indexOf(' '))));
                }
                if (table == null || !line.startsWith("-A ")) continue;
                OracleSpec s = OracleSpec.parse("docker " + table + " " + line.substring(3));
                out.add(s);
            }
        }
        return out;
    }

    /**
     * An IPv4 iptables-save recording: {@code NAME.expected}, {@code before.rules}, {@code after.rules},
     * a watched run's {@code steps/N.rules}; not the ufw cases' IPv6 save ({@code ip6tables.rules})
     * nor ufw's own rule files ({@code user.rules}, {@code user6.rules}), whose rules the
     * {@code .expected} beside them holds as iptables printed them.
     */
    private static boolean isIpv4Save(Path p) {
        String name = p.getFileName().toString();
        if (name.equals("ip6tables.rules") || name.equals("user.rules") || name.equals("user6.rules")) return false;
        return name.endsWith(".expected") || name.endsWith(".rules");
    }

    /** The whole spec file: hand-picked, Docker's recorded rules (as recorded now), generated; each spec once. */
    public static SpecFile build(Path root) throws IOException, IptablesException {
        Set<SpecFile.Chain> chains = new LinkedHashSet<>();
        List<OracleSpec> docker = recordedDockerRules(root, chains);
        return build(root, docker, chains);
    }

    /**
     * The spec file with the given Docker rules and the user chains they need (a test passes
     * those of the committed specs.txt, so that a new recording does not make it stale).
     */
    public static SpecFile build(Path root, List<OracleSpec> docker, Set<SpecFile.Chain> dockerChains)
            throws IOException, IptablesException {
        Path dir = root.resolve("data/iptables-oracle");
        Set<SpecFile.Chain> chains = new LinkedHashSet<>();
        for (String[] tc : CHAINS) {
            if (tc[1].startsWith("DOCKER")) chains.add(new SpecFile.Chain(tc[0], tc[1]));
        }
        chains.addAll(dockerChains);
        Map<String, OracleSpec> byKey = new LinkedHashMap<>();
        List<OracleSpec> all = new ArrayList<>();
        List<String> hand = Files.readAllLines(dir.resolve("handpicked.txt"));
        for (int i = 0; i < hand.size(); i++) {
            String l = hand.get(i);
            if (l.isBlank() || l.startsWith("#")) continue;
            try {
                all.add(OracleSpec.parse("handpicked " + l));
            } catch (IptablesException e) {
                throw new IptablesException("handpicked.txt:" + (i + 1) + ": " + e.getMessage(), 2);
            }
        }
        all.addAll(docker);
        all.addAll(generated());
        for (OracleSpec s : all) {
            String key = s.table() + " " + s.chain() + " " + String.join("\u0000", s.words());
            byKey.putIfAbsent(key, s);
        }
        List<SpecFile.Chain> sorted = new ArrayList<>(chains);
        sorted.sort((a, b) -> (a.table() + " " + a.name()).compareTo(b.table() + " " + b.name()));
        return new SpecFile(sorted, IPSETS, new ArrayList<>(byKey.values()));
    }

    public static final String HEADER = """
            # The iptables oracle's rule specifications: `iptables -t TABLE -A CHAIN WORDS' for each
            # `spec SECTION TABLE CHAIN WORDS' line, after the `chain TABLE NAME' user chains and the
            # `ipset ARGS' sets exist.
            # Written by `./nflab iptables-diff --write-specs' (SpecGenerator): do not edit; edit
            # handpicked.txt or the generator and write it again. Format: data/reference/formats.md.
            """;

    /** Writes {@code data/iptables-oracle/specs.txt} under {@code root}. */
    public static int write(Path root) {
        try {
            SpecFile f = build(root);
            Files.writeString(root.resolve("data/iptables-oracle/specs.txt"), f.format(HEADER));
            return f.specs().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IptablesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
