package dev.nflab.conntrack;

import java.util.ArrayList;
import java.util.List;

/**
 * The connection table: confirmed connections, findable by the tuple of either direction. An
 * open-addressing hash table with two slots per connection (one per direction) and no per-entry
 * objects besides the connection itself, so tracking a connection costs well under 200 bytes.
 */
public final class ConntrackTable {
    private Connection[] slots = new Connection[64];
    /** For each slot, which of its connection's tuples it stands for: 0 original, 1 reply. */
    private byte[] dirs = new byte[64];
    private int used;
    private int size;

    /** A found connection and the direction the looked-up tuple belongs to. */
    public record Hit(Connection connection, boolean replyDirection) {}

    /** The number of confirmed connections. */
    public int size() {
        return size;
    }

    /** Finds the connection one of whose tuples is this one, or null. */
    public Connection find(int protocol, int src, int dst, int sport, int dport) {
        int mask = slots.length - 1;
        for (int i = hash(protocol, src, dst, sport, dport) & mask; ; i = (i + 1) & mask) {
            Connection c = slots[i];
            if (c == null) return null;
            if (c.protocol == protocol && (matchesOriginal(c, src, dst, sport, dport)
                    || matchesReply(c, src, dst, sport, dport))) {
                return c;
            }
        }
    }

    /** Whether the given tuple is the connection's reply direction. */
    public static boolean isReply(Connection c, int src, int dst, int sport, int dport) {
        return !matchesOriginal(c, src, dst, sport, dport) && matchesReply(c, src, dst, sport, dport);
    }

    /** Whether a confirmed connection already uses {@code tuple} in either direction. */
    public boolean inUse(Tuple tuple) {
        return find(tuple.protocol(), tuple.source(), tuple.destination(), tuple.sourcePort(),
                tuple.destinationPort()) != null;
    }

    /** Confirms a connection: from now on both its tuples find it. */
    public void confirm(Connection c) {
        if (c.isConfirmed() || (c.status & Connection.DYING) != 0) return;
        c.status |= Connection.CONFIRMED;
        if ((used + 2) * 2 > slots.length) grow();
        insert(c, (byte) 0);
        insert(c, (byte) 1);
        used += 2;
        size++;
    }

    private int sweepCursor;

    /**
     * Removes up to a few timed-out entries, scanning {@code slotsToScan} slots from where the
     * last sweep stopped: like the kernel's conntrack gc worker, a little at a time.
     */
    public void sweep(long now, int slotsToScan) {
        int mask = slots.length - 1;
        for (int i = 0; i < slotsToScan; i++) {
            int at = sweepCursor++ & mask;
            Connection c = slots[at];
            if (c != null && c.expires() <= now) remove(c);
        }
    }

    /** Removes a connection (its timeout expired, or {@code conntrack -D}). */
    public void remove(Connection c) {
        if (!c.isConfirmed()) return;
        removeSlot(c, (byte) 0);
        removeSlot(c, (byte) 1);
        used -= 2;
        size--;
        c.status = (c.status & ~Connection.CONFIRMED) | Connection.DYING;
    }

    /** Every confirmed connection, in table order. */
    public List<Connection> connections() {
        List<Connection> list = new ArrayList<>(size);
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && dirs[i] == 0) list.add(slots[i]);
        }
        return list;
    }

    public void clear() {
        slots = new Connection[64];
        dirs = new byte[64];
        used = 0;
        size = 0;
    }

    private static boolean matchesOriginal(Connection c, int src, int dst, int sport, int dport) {
        return c.oSrc == src && c.oDst == dst && c.oSport == sport && c.oDport == dport;
    }

    private static boolean matchesReply(Connection c, int src, int dst, int sport, int dport) {
        return c.rSrc == src && c.rDst == dst && c.rSport == sport && c.rDport == dport;
    }

    private static int hash(int protocol, int src, int dst, int sport, int dport) {
        int h = src * 0x9E3779B1;
        h = (h ^ dst) * 0x85EBCA77;
        h = (h ^ ((sport << 16) | (dport & 0xffff))) * 0xC2B2AE3D;
        h ^= protocol;
        return h ^ (h >>> 15);
    }

    private int home(Connection c, byte dir) {
        return dir == 0 ? hash(c.protocol, c.oSrc, c.oDst, c.oSport, c.oDport)
                : hash(c.protocol, c.rSrc, c.rDst, c.rSport, c.rDport);
    }

    private void insert(Connection c, byte dir) {
        int mask = slots.length - 1;
        int i = home(c, dir) & mask;
        while (slots[i] != null) i = (i + 1) & mask;
        slots[i] = c;
        dirs[i] = dir;
    }

    private void removeSlot(Connection c, byte dir) {
        int mask = slots.length - 1;
        int i = home(c, dir) & mask;
        while (slots[i] != c || dirs[i] != dir) {
            if (slots[i] == null) return;
            i = (i + 1) & mask;
        }
        // Backward-shift deletion (Knuth's algorithm R): keeps probe chains whole, no tombstones.
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (slots[j] == null) break;
            int k = home(slots[j], dirs[j]) & mask;
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (stays) continue;
            slots[i] = slots[j];
            dirs[i] = dirs[j];
            i = j;
        }
        slots[i] = null;
    }

    private void grow() {
        Connection[] oldSlots = slots;
        byte[] oldDirs = dirs;
        slots = new Connection[oldSlots.length * 2];
        dirs = new byte[slots.length];
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != null) insert(oldSlots[i], oldDirs[i]);
        }
    }
}
