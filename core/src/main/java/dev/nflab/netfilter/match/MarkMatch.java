package dev.nflab.netfilter.match;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/** {@code -m mark --mark VALUE[/MASK]}: the packet's firewall mark. */
public final class MarkMatch implements Match {
    private final int value;
    private final int mask;
    private final boolean inverted;

    public MarkMatch(int value, int mask, boolean inverted) {
        this.value = value;
        this.mask = mask;
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        return ((ctx.packet().mark() & mask) == value) != inverted;
    }

    private String text() {
        return mask == -1 ? "0x" + Integer.toHexString(value)
                : "0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
    }

    @Override public String toSave() {
        return "-m mark " + (inverted ? "! " : "") + "--mark " + text();
    }

    @Override public String toListing(Dialect dialect) {
        return " mark match " + (inverted ? "! " : "") + text();
    }
}
