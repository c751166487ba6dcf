package dev.nflab.extensions;

import dev.nflab.netfilter.NatRequest;

/**
 * MASQUERADE's and REDIRECT's {@code --to-ports P[-P]} (the kernel's nf_nat_range: given means
 * NF_NAT_RANGE_PROTO_SPECIFIED, port 0 included), or none.
 */
record ToPorts(int low, int high, boolean given) {
    static final ToPorts NONE = new ToPorts(0, 0, false);

    /** The translation to {@code address} with these ports (none: the original port when it can). */
    NatRequest request(boolean source, int address, NatFlags flags) {
        return new NatRequest(source, address, address, given ? low : NatRequest.NO_PORT,
                given ? high : NatRequest.NO_PORT, flags.randomPort());
    }

    /** The ports as iptables prints them after {@code prefix}, or nothing when none was given. */
    String text(String prefix) {
        return given ? prefix + NatRange.portText(low, high) : "";
    }
}
