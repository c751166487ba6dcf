package dev.nflab.snapshot;

import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import dev.nflab.trace.TracedPacket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a capture ({@code tcpdump -i any -y LINUX_SLL2}, or Ethernet / LINUX_SLL) to fill in what
 * an nf_tables trace does not print: the ICMP type, code and id, the header an ICMP error quotes,
 * and the protocol of what is neither TCP, UDP nor ICMP. Packets are matched by source,
 * destination, IP id and length.
 */
final class Pcap {
    private Pcap() {}

    static void enrich(List<TracedPacket> packets, byte[] file) {
        Map<String, byte[]> captured = new HashMap<>();
        for (byte[] ip : ipPackets(file)) {
            if (ip.length < 20 || (ip[0] >> 4) != 4) continue;
            int proto = ip[9] & 0xff;
            if (proto == Protocol.TCP || proto == Protocol.UDP) continue; // the trace says all of these
            captured.putIfAbsent(key(ip), ip);
        }
        for (int i = 0; i < packets.size(); i++) {
            TracedPacket tp = packets.get(i);
            Packet p = tp.packet();
            if (!p.isIcmp()) continue;
            String k = p.source() + "/" + p.destination() + "/" + p.id() + "/" + p.length();
            byte[] ip = captured.get(k);
            if (ip == null) continue;
            int proto = ip[9] & 0xff;
            if (proto != Protocol.ICMP) {
                // nf_tables' trace prints no protocol for what is neither TCP, UDP nor ICMP (IGMP,
                // for one): the capture tells it.
                Packet other = Packet.raw(p.source(), p.destination(), proto, p.length()).withTtl(p.ttl())
                        .withId(p.id()).withTos(p.tos()).withDontFragment(p.dontFragment());
                packets.set(i, new TracedPacket(other, tp.inDevice(), tp.events(), tp.outDevice()));
                continue;
            }
            int ihl = (ip[0] & 0x0f) * 4;
            if (ip.length < ihl + 8) continue;
            int type = ip[ihl] & 0xff, code = ip[ihl + 1] & 0xff;
            int id = ((ip[ihl + 4] & 0xff) << 8) | (ip[ihl + 5] & 0xff);
            boolean error = type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
            p.setIcmpId(id);
            p.overwriteIcmp(type, code, error ? innerHeader(ip, ihl + 8) : null);
        }
    }

    /**
     * When each traced packet passed, in nanoseconds from the capture's first packet, or null
     * when the capture has no packet of the trace: a packet is found by source, destination, IP id
     * and length (captured on each interface it crossed, the first not before the previous packet's).
     */
    static long[] times(List<TracedPacket> packets, byte[] file) {
        Map<String, List<Long>> captured = new HashMap<>();
        long start = -1;
        List<byte[]> ips = new java.util.ArrayList<>();
        List<Long> stamps = new java.util.ArrayList<>();
        ipPackets(file, ips, stamps);
        for (int i = 0; i < ips.size(); i++) {
            byte[] ip = ips.get(i);
            if (ip.length < 20 || (ip[0] >> 4) != 4) continue;
            if (start < 0) start = stamps.get(i);
            captured.computeIfAbsent(key(ip), k -> new java.util.ArrayList<>()).add(stamps.get(i) - start);
        }
        long[] times = new long[packets.size()];
        long previous = 0;
        int found = 0;
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i).packet();
            List<Long> at = captured.get(p.source() + "/" + p.destination() + "/" + p.id() + "/" + p.length());
            long t = previous;
            if (at != null) {
                for (long c : at) {
                    if (c >= previous) {
                        t = c;
                        found++;
                        break;
                    }
                }
            }
            times[i] = previous = t;
        }
        return found == 0 ? null : times;
    }

    private static Packet innerHeader(byte[] ip, int at) {
        if (ip.length < at + 28) return null;
        int ihl = (ip[at] & 0x0f) * 4;
        int proto = ip[at + 9] & 0xff;
        int src = ByteBuffer.wrap(ip, at + 12, 4).getInt();
        int dst = ByteBuffer.wrap(ip, at + 16, 4).getInt();
        int len = ((ip[at + 2] & 0xff) << 8) | (ip[at + 3] & 0xff);
        int t = at + ihl;
        if (ip.length < t + 4) return null;
        int sport = ((ip[t] & 0xff) << 8) | (ip[t + 1] & 0xff);
        int dport = ((ip[t + 2] & 0xff) << 8) | (ip[t + 3] & 0xff);
        return switch (proto) {
            case Protocol.UDP -> Packet.udp(src, sport, dst, dport, len);
            case Protocol.TCP -> Packet.tcp(src, sport, dst, dport, ip.length > t + 13 ? ip[t + 13] & 0xff : 0, len);
            case Protocol.ICMP -> Packet.icmp(src, dst, ip[t] & 0xff, ip[t + 1] & 0xff,
                    ip.length >= t + 6 ? ((ip[t + 4] & 0xff) << 8) | (ip[t + 5] & 0xff) : 0, len);
            default -> Packet.raw(src, dst, proto, len);
        };
    }

    private static String key(byte[] ip) {
        int src = ByteBuffer.wrap(ip, 12, 4).getInt();
        int dst = ByteBuffer.wrap(ip, 16, 4).getInt();
        int id = ((ip[4] & 0xff) << 8) | (ip[5] & 0xff);
        int len = ((ip[2] & 0xff) << 8) | (ip[3] & 0xff);
        return src + "/" + dst + "/" + id + "/" + len;
    }

    /** The IPv4 packets of a classic pcap file, whatever its link type (SLL2, SLL, Ethernet). */
    static List<byte[]> ipPackets(byte[] file) {
        List<byte[]> out = new java.util.ArrayList<>();
        ipPackets(file, out, new java.util.ArrayList<>());
        return out;
    }

    /** As {@link #ipPackets(byte[])}, with each packet's capture time in nanoseconds. */
    static void ipPackets(byte[] file, List<byte[]> out, List<Long> stamps) {
        if (file.length < 24) return;
        ByteBuffer b = ByteBuffer.wrap(file);
        int magic = b.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) b.order(ByteOrder.LITTLE_ENDIAN);
        else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) return;
        // The second field counts microseconds, or nanoseconds in the nanosecond format.
        long fraction = magic == 0x4d3cb2a1 || magic == 0xa1b23c4d ? 1 : 1000;
        int linkType = b.getInt(20) & 0x0fffffff;
        int off = 24;
        while (off + 16 <= file.length) {
            int incl = b.getInt(off + 8);
            int start = off + 16;
            if (incl < 0 || start + incl > file.length) break;
            int l2 = switch (linkType) {
                case 276 -> 20; // LINUX_SLL2
                case 113 -> 16; // LINUX_SLL
                case 1 -> 14;   // Ethernet
                case 101 -> 0;  // raw IP
                default -> -1;
            };
            if (l2 >= 0 && incl > l2) {
                int proto = linkType == 276 ? ((file[start] & 0xff) << 8) | (file[start + 1] & 0xff)
                        : linkType == 113 ? ((file[start + 14] & 0xff) << 8) | (file[start + 15] & 0xff)
                        : linkType == 1 ? ((file[start + 12] & 0xff) << 8) | (file[start + 13] & 0xff) : 0x0800;
                if (proto == 0x0800) {
                    byte[] ip = new byte[incl - l2];
                    System.arraycopy(file, start + l2, ip, 0, ip.length);
                    out.add(ip);
                    stamps.add((b.getInt(off) & 0xFFFFFFFFL) * 1_000_000_000L + (b.getInt(off + 4) & 0xFFFFFFFFL) * fraction);
                }
            }
            off = start + incl;
        }
    }
}
