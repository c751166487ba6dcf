package dev.nflab.netfilter.target;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;

/** {@code -j MARK --set-xmark VALUE/MASK} (and {@code --set-mark}): sets the packet's mark. */
public final class MarkTarget implements Target {
    private final int value;
    private final int mask;

    public MarkTarget(int value, int mask) {
        this.value = value;
        this.mask = mask;
    }

    @Override public Verdict apply(PacketContext ctx) {
        ctx.packet().setMark((ctx.packet().mark() & ~mask) ^ value);
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "MARK"; }

    @Override public String toSave() {
        return "-j MARK --set-xmark 0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
    }

    @Override public String toListing(Dialect dialect) {
        return mask == -1 ? " MARK set 0x" + Integer.toHexString(value)
                : " MARK xset 0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
    }
}
