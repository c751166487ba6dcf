package dev.nflab.netfilter.match;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;

/** {@code -m icmp --icmp-type TYPE[/CODE]} (code -1: any code). */
public final class IcmpMatch implements Match {
    private final int type;
    private final int code;
    private final boolean inverted;

    public IcmpMatch(int type, int code, boolean inverted) {
        this.type = type;
        this.code = code;
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        Packet p = ctx.packet();
        if (!p.isIcmp()) return false;
        boolean hit = p.icmpType() == type && (code < 0 || p.icmpCode() == code);
        return hit != inverted;
    }

    private String value() {
        return code < 0 ? String.valueOf(type) : type + "/" + code;
    }

    @Override public String toSave() {
        return "-m icmp " + (inverted ? "! " : "") + "--icmp-type " + value();
    }

    @Override public String toListing(Dialect dialect) {
        return " icmptype " + (inverted ? "!" : "") + type + (code < 0 ? "" : " code " + code);
    }
}
