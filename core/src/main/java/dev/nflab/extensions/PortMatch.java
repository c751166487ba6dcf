package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import dev.nflab.packet.TcpFlags;

/**
 * The {@code tcp}, {@code udp} and {@code sctp} matches: source and destination port ranges, and
 * for tcp the flags ({@code --tcp-flags MASK COMP}, {@code --syn}) and an option's presence
 * ({@code [!] --tcp-option N}, 1-255). {@code -p tcp} loads tcp by itself for {@code --dport}.
 *
 * <p>The model's TCP segments carry the options Linux puts in them ({@link #linuxOptions}, with
 * its defaults: timestamps and SACK on): a SYN or SYN-ACK MSS (2), SACK permitted (4), timestamps
 * (8), a NOP (1) and window scale (3); an RST none; every other segment two NOPs and timestamps.
 * Peers that are not Linux may send others.
 *
 * <p>sctp's {@code [!] --chunk-types all|any|only CHUNK,...} is parsed, saved and listed as
 * libxt_sctp does (chunk flags, {@code DATA:B}, are not modelled); the model makes no SCTP packets,
 * so the chunks are never looked at.
 */
final class PortMatch implements Match {
    static final MatchExtension TCP = new MatchExtension("tcp", () -> new Parser("tcp"));
    static final MatchExtension UDP = new MatchExtension("udp", () -> new Parser("udp"));
    static final MatchExtension SCTP = new MatchExtension("sctp", () -> new Parser("sctp"));

    private final String protocolName;
    private final PortRange sourcePorts;
    private final PortRange destinationPorts;
    private final int flagMask;
    private final int flagCompare;
    private final boolean flagsInverted;
    /** iptables-nft's native form: payload expressions, which the kernel checks against no -p. */
    private final boolean nftPayload;
    /** --chunk-types: all, any or only (null for none), the chunk types, and its {@code !}. */
    private String chunkMatch;
    private java.util.SortedSet<Integer> chunks;
    private boolean chunksInverted;
    /** --tcp-option's number, 0 for none, and its {@code !}. */
    private final int option;
    private final boolean optionInverted;

    PortMatch(String protocolName, PortRange sourcePorts, PortRange destinationPorts,
                     int flagMask, int flagCompare, boolean flagsInverted) {
        this(protocolName, sourcePorts, destinationPorts, flagMask, flagCompare, flagsInverted, false, 0, false);
    }

    private PortMatch(String protocolName, PortRange sourcePorts, PortRange destinationPorts,
                     int flagMask, int flagCompare, boolean flagsInverted, boolean nftPayload) {
        this(protocolName, sourcePorts, destinationPorts, flagMask, flagCompare, flagsInverted, nftPayload, 0, false);
    }

    private PortMatch(String protocolName, PortRange sourcePorts, PortRange destinationPorts, int flagMask,
            int flagCompare, boolean flagsInverted, boolean nftPayload, int option, boolean optionInverted) {
        this.option = option;
        this.optionInverted = optionInverted;
        this.nftPayload = nftPayload;
        this.protocolName = protocolName;
        this.sourcePorts = sourcePorts;
        this.destinationPorts = destinationPorts;
        this.flagMask = flagMask;
        this.flagCompare = flagCompare;
        this.flagsInverted = flagsInverted;
    }

    /**
     * iptables-nft: the native matches this one was read back from, when it is several (see
     * {@link #nftMerge}); the kernel still holds and tests every one of them.
     */
    private java.util.List<PortMatch> parts;

    @Override public boolean matches(PacketContext ctx) {
        if (parts != null) {
            for (PortMatch m : parts) {
                if (!m.matches(ctx)) return false;
            }
            return true;
        }
        Packet p = ctx.packet();
        if (!p.hasPorts()) return false;
        if (sourcePorts != null && !sourcePorts.contains(p.sourcePort())) return false;
        if (destinationPorts != null && !destinationPorts.contains(p.destinationPort())) return false;
        if (flagMask != 0 || flagsInverted) {
            boolean hit = (p.tcpFlags() & flagMask) == flagCompare;
            if (hit == flagsInverted) return false;
        }
        // tcp_mt's tcp_find_option: an option that is not there matches only inverted
        if (option != 0 || optionInverted) {
            boolean found = linuxOptions(p.tcpFlags()).contains(option);
            if (found == optionInverted) return false;
        }
        return true;
    }

    /** libxt_sctp's chunk names by type, as it prints and parses them. */
    private static final java.util.Map<Integer, String> CHUNK_NAMES = new java.util.TreeMap<>(java.util.Map.ofEntries(
            java.util.Map.entry(0, "DATA"), java.util.Map.entry(1, "INIT"), java.util.Map.entry(2, "INIT_ACK"),
            java.util.Map.entry(3, "SACK"), java.util.Map.entry(4, "HEARTBEAT"), java.util.Map.entry(5, "HEARTBEAT_ACK"),
            java.util.Map.entry(6, "ABORT"), java.util.Map.entry(7, "SHUTDOWN"), java.util.Map.entry(8, "SHUTDOWN_ACK"),
            java.util.Map.entry(9, "ERROR"), java.util.Map.entry(10, "COOKIE_ECHO"), java.util.Map.entry(11, "COOKIE_ACK"),
            java.util.Map.entry(12, "ECN_ECNE"), java.util.Map.entry(13, "ECN_CWR"),
            java.util.Map.entry(14, "SHUTDOWN_COMPLETE"), java.util.Map.entry(0xC1, "ASCONF"),
            java.util.Map.entry(0x80, "ASCONF_ACK"), java.util.Map.entry(0xC0, "FORWARD_TSN")));

    /** The chunk types, by name (save) or as 0xNNNN (-L -n), comma-separated; NONE for none. */
    private String chunkList(boolean numeric) {
        if (chunks.isEmpty()) return "NONE";
        StringBuilder b = new StringBuilder();
        for (int t : chunks) {
            if (b.length() > 0) b.append(',');
            String name = CHUNK_NAMES.get(t);
            b.append(numeric || name == null ? String.format("0x%04X", t) : name);
        }
        return b.toString();
    }

    /** The options Linux's TCP writes in a segment with these flags (see the class comment). */
    static java.util.Set<Integer> linuxOptions(int flags) {
        if ((flags & TcpFlags.RST) != 0) return java.util.Set.of();
        if ((flags & TcpFlags.SYN) != 0) return java.util.Set.of(2, 4, 8, 1, 3);
        return java.util.Set.of(1, 8);
    }

    @Override public int protocol() {
        if (nftPayload) return 0;
        return switch (protocolName) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            default -> Protocol.SCTP;
        };
    }

    /**
     * nft.c's add_nft_tcp/add_nft_udp (1.8.9): ports and tcp flags become payload expressions
     * unless every field is zero (no ranges but 0:65535, no flags, nothing inverted); a 0:65535
     * range, and flags with an empty mask, are then left out, inverted or not. sctp stays an xt
     * match.
     */
    @Override public Match nftNative() {
        // sctp is never native; a tcp match with --tcp-option stays an xt match (add_nft_tcp has no expression for it)
        if (protocolName.equals("sctp") || nftPayload || option != 0 || optionInverted) return this;
        boolean allZero = flagMask == 0 && !flagsInverted
                && (sourcePorts == null || sourcePorts.isFull() && !sourcePorts.inverted())
                && (destinationPorts == null || destinationPorts.isFull() && !destinationPorts.inverted());
        if (allZero) return this;
        PortRange s = nftRange(sourcePorts);
        PortRange d = nftRange(destinationPorts);
        boolean flags = flagMask != 0;
        if (s == null && d == null && !flags) return null;
        return new PortMatch(protocolName, s, d, flags ? flagMask : 0, flags ? flagCompare : 0,
                flags && flagsInverted, true);
    }

    /**
     * Two native port matches of one protocol read back as one (nft-shared.c fills one xt_tcp or
     * xt_udp from every payload expression): a later field's ports or flags replace the earlier
     * ones, and its inversion is added to theirs, never cleared ({@code ! --sport 0 -m tcp --sport
     * 1:1024} reads back as {@code ! --sport 1:1024}; recorded in data/iptables-oracle). That is
     * only how it prints: the rule still tests every expression, so the merged match does too.
     */
    @Override public Match nftMerge(Match next) {
        if (!nftPayload || !(next instanceof PortMatch o) || !o.nftPayload || !o.protocolName.equals(protocolName)) {
            return null;
        }
        boolean flags = o.flagMask != 0;
        PortMatch merged = new PortMatch(protocolName, later(sourcePorts, o.sourcePorts),
                later(destinationPorts, o.destinationPorts),
                flags ? o.flagMask : flagMask, flags ? o.flagCompare : flagCompare,
                flagsInverted || o.flagsInverted, true);
        merged.parts = new java.util.ArrayList<>(parts != null ? parts : java.util.List.of(this));
        merged.parts.add(o);
        return merged;
    }

    /**
     * A later field read into the match: one port or a range sets both ends; a comparison sets
     * one: {@code >= L} and {@code > L-1} (an open range {@code L:}, an inverted {@code 0:L-1})
     * only the low end, {@code <= H} ({@code :H}) only the high one ({@code --sport 5 -m tcp !
     * --sport 0:1023} reads back as {@code --sport 1024:5}).
     */
    private static PortRange later(PortRange earlier, PortRange later) {
        if (later == null) return earlier;
        PortRange base = earlier != null ? earlier : new PortRange(0, 65535, false);
        int low = later.low(), high = later.high();
        if (low != high && high == 65535) high = base.high();
        else if (low != high && low == 0) low = base.low();
        return new PortRange(low, high, later.inverted() || base.inverted());
    }

    /**
     * A range as nf_tables holds it and iptables-nft reads it back: none for 0:65535; an inverted
     * 0:H becomes "greater than H", read back as H+1:65535 not inverted.
     */
    private static PortRange nftRange(PortRange r) {
        if (r == null || r.isFull()) return null;
        if (r.inverted() && r.low() == 0 && r.high() > 0 && r.high() < 65535) return new PortRange(r.high() + 1, 65535, false);
        return r;
    }

    /** xt_TCPMSS's find_syn_match: a tcp match whose --tcp-flags comparison has SYN, not inverted. */
    boolean requiresSyn() {
        return protocolName.equals("tcp") && (flagCompare & TcpFlags.SYN) != 0 && !flagsInverted;
    }

    @Override public int requiredDestinationPort() {
        if (parts != null) {
            for (PortMatch m : parts) {
                if (m.requiredDestinationPort() >= 0) return m.requiredDestinationPort();
            }
            return -1;
        }
        return destinationPorts != null && destinationPorts.isSingle() ? destinationPorts.low() : -1;
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m ").append(protocolName);
        // libxt_tcp/udp save a range only when it is not 0:65535, inverted or not (libxt_sctp always)
        boolean sctp = protocolName.equals("sctp");
        if (sourcePorts != null && (sctp || !sourcePorts.isFull())) {
            b.append(sourcePorts.inverted() ? " ! --sport " : " --sport ").append(sourcePorts.toSave());
        }
        if (destinationPorts != null && (sctp || !destinationPorts.isFull())) {
            b.append(destinationPorts.inverted() ? " ! --dport " : " --dport ").append(destinationPorts.toSave());
        }
        if (option != 0 || optionInverted) b.append(optionInverted ? " ! --tcp-option " : " --tcp-option ").append(option);
        if (chunkMatch != null) {
            b.append(chunksInverted ? " ! --chunk-types " : " --chunk-types ").append(chunkMatch).append(' ')
                    .append(chunkList(false));
        }
        if (flagMask != 0 || flagsInverted) {
            b.append(flagsInverted ? " ! --tcp-flags " : " --tcp-flags ")
                    .append(TcpFlags.listString(flagMask)).append(' ').append(TcpFlags.listString(flagCompare));
        }
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder(" ").append(protocolName);
        // ... and list it unless it is 0:65535 and not inverted
        if (sourcePorts != null && (!sourcePorts.isFull() || sourcePorts.inverted())) {
            b.append(' ').append(sourcePorts.toListing("spt"));
        }
        if (destinationPorts != null && (!destinationPorts.isFull() || destinationPorts.inverted())) {
            b.append(' ').append(destinationPorts.toListing("dpt"));
        }
        if (option != 0 || optionInverted) b.append(" option=").append(optionInverted ? "!" : "").append(option);
        if (chunkMatch != null) {
            b.append(chunksInverted ? " ! " : " ").append(chunkMatch).append(' ').append(chunkList(true));
        }
        if (flagMask != 0 || flagsInverted) {
            b.append(" flags:").append(flagsInverted ? "!" : "")
                    .append(String.format("0x%02X/0x%02X", flagMask, flagCompare));
        }
        return b.toString();
    }

    private static final class Parser implements OptionParser<Match> {
        private final String protocol;
        private PortRange sport, dport;
        private int mask, compare;
        private boolean flagsInverted, flagsSet;
        private int option;
        private boolean optionInverted, optionSet;
        private String chunkMatch;
        private java.util.SortedSet<Integer> chunks;
        private boolean chunksInverted;

        Parser(String protocol) { this.protocol = protocol; }

        @Override public java.util.List<String> options() {
            return protocol.equals("tcp")
                    ? java.util.List.of("--source-port", "--sport", "--destination-port", "--dport", "--syn", "--tcp-flags",
                            "--tcp-option")
                    : protocol.equals("sctp")
                    ? java.util.List.of("--source-port", "--sport", "--destination-port", "--dport", "--chunk-types")
                    : java.util.List.of("--source-port", "--sport", "--destination-port", "--dport");
        }

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--sport", "--source-port" -> {
                    String v = args.value(o);
                    if (sport != null && protocol.equals("tcp")) throw new ParameterProblem("Only one `--source-port' allowed");
                    sport = ports(v, inv);
                }
                case "--dport", "--destination-port" -> {
                    String v = args.value(o);
                    if (dport != null && protocol.equals("tcp")) {
                        throw new ParameterProblem("Only one `--destination-port' allowed");
                    }
                    dport = ports(v, inv);
                }
                case "--tcp-flags" -> {
                    if (!protocol.equals("tcp")) return false;
                    if (flagsSet) throw onlyOneFlags();
                    String maskText = args.value(o);
                    String compareText;
                    try {
                        compareText = args.value(o);
                    } catch (ParameterProblem e) {
                        compareText = null;
                    }
                    // libxt_tcp: the second word must be there and be no option
                    if (compareText == null || compareText.startsWith("-") || compareText.startsWith("!")) {
                        throw new ParameterProblem("--tcp-flags requires two args.");
                    }
                    try {
                        mask = TcpFlags.parseList(maskText);
                        compare = TcpFlags.parseList(compareText);
                    } catch (IllegalArgumentException e) {
                        throw new ParameterProblem(e.getMessage());
                    }
                    flagsInverted = inv;
                    flagsSet = true;
                }
                case "--syn" -> {
                    if (!protocol.equals("tcp")) return false;
                    if (flagsSet) throw onlyOneFlags();
                    mask = TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK;
                    compare = TcpFlags.SYN;
                    flagsInverted = inv;
                    flagsSet = true;
                }
                case "--chunk-types" -> {
                    if (!protocol.equals("sctp")) return false;
                    if (chunkMatch != null) throw new ParameterProblem("Only one `--chunk-types' allowed");
                    String type = args.value(o);
                    String list = args.peek();
                    if (list == null || list.startsWith("-") || list.startsWith("!")) {
                        throw new ParameterProblem("--chunk-types requires two args");
                    }
                    args.skip();
                    String t = type.toLowerCase(java.util.Locale.ROOT);
                    if (!t.equals("all") && !t.equals("any") && !t.equals("only")) {
                        throw new ParameterProblem("Match type has to be one of \"all\", \"any\", \"only\"");
                    }
                    chunks = new java.util.TreeSet<>();
                    if (list.equalsIgnoreCase("ALL")) {
                        for (int i = 0; i < 256; i++) chunks.add(i);
                    } else if (!list.equalsIgnoreCase("NONE")) {
                        for (String c : list.split(",", -1)) {
                            if (c.indexOf(':') >= 0) {
                                throw new ParameterProblem("sctp: chunk flags (" + c + ") are not modelled by nflab");
                            }
                            Integer found = null;
                            for (var e : CHUNK_NAMES.entrySet()) {
                                if (e.getValue().equalsIgnoreCase(c)) found = e.getKey();
                            }
                            if (found == null) throw new ParameterProblem("Unknown sctp chunk `" + c + "'");
                            chunks.add(found);
                        }
                    }
                    chunkMatch = t;
                    chunksInverted = inv;
                }
                case "--tcp-option" -> {
                    if (!protocol.equals("tcp")) return false;
                    if (optionSet) throw new ParameterProblem("Only one `--tcp-option' allowed");
                    String v = args.value(o);
                    long[] n = LengthMatch.Parser.strtoul(v, 0);
                    // xtables_strtoui(option, NULL, &ret, 1, UINT8_MAX)
                    if (n == null || n[1] != v.length() || n[0] < 1 || n[0] > 255 || v.startsWith("-")) {
                        throw new ParameterProblem("Bad TCP option \"" + v + "\"");
                    }
                    option = (int) n[0];
                    optionInverted = inv;
                    optionSet = true;
                }
                default -> { return false; }
            }
            return true;
        }

        /** libxt_tcp: --syn is --tcp-flags SYN,RST,ACK,FIN SYN, and the two share one flag (its two spaces). */
        private static ParameterProblem onlyOneFlags() {
            return new ParameterProblem("Only one of `--syn' or `--tcp-flags'  allowed");
        }

        /** udp reads ports as libxtables' port-range type, tcp and sctp with their own parser. */
        private PortRange ports(String text, boolean inv) throws ParameterProblem {
            return protocol.equals("udp") ? PortRange.parseByName(text, inv) : PortRange.parse(text, inv, protocol);
        }

        @Override public Match build() {
            PortMatch m = new PortMatch(protocol, sport, dport, flagsSet ? mask : 0, compare, flagsInverted, false, option,
                    optionInverted);
            m.chunkMatch = chunkMatch;
            m.chunks = chunks;
            m.chunksInverted = chunksInverted;
            return m;
        }
    }
}
