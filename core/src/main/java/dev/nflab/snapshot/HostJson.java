package dev.nflab.snapshot;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.nflab.host.Address;
import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.host.KernelFlavour;
import dev.nflab.host.NetworkInterface;
import dev.nflab.host.Route;
import dev.nflab.host.RouteType;
import dev.nflab.iptables.IptablesException;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Builds a {@link Host} from what {@code ip -j addr show}, {@code ip -j route show table all} and
 * {@code bridge -j link show} printed on a real machine. Routes are taken as listed (not derived),
 * so the model routes exactly as that kernel did.
 */
public final class HostJson {
    private HostJson() {}

    public static Host read(String addrJson, String routeJson, String bridgeJson, KernelFlavour flavour)
            throws IptablesException {
        Host host = new Host(flavour);
        Set<String> bridges = new HashSet<>();
        Set<String> ports = new HashSet<>();
        JsonArray links = array(bridgeJson, "bridge-link.json");
        if (links != null) {
            for (JsonElement e : links) {
                JsonObject o = e.getAsJsonObject();
                if (o.has("master")) {
                    bridges.add(o.get("master").getAsString());
                    ports.add(o.get("ifname").getAsString());
                }
            }
        }
        JsonArray devices = array(addrJson, "ip-addr.json");
        if (devices == null) throw new IptablesException("ip-addr.json: missing or empty", 2);
        for (JsonElement e : devices) {
            JsonObject o = e.getAsJsonObject();
            String name = o.get("ifname").getAsString();
            String linkType = o.has("link_type") ? o.get("link_type").getAsString() : "ether";
            InterfaceKind kind = linkType.equals("loopback") ? InterfaceKind.LOOPBACK
                    : bridges.contains(name) || name.equals("docker0") || name.startsWith("br-") ? InterfaceKind.BRIDGE
                    : ports.contains(name) || name.startsWith("veth") ? InterfaceKind.VETH
                    : InterfaceKind.ETHERNET;
            NetworkInterface dev = host.addInterface(o.get("ifindex").getAsInt(), name, kind);
            if (o.has("address")) dev.mac(o.get("address").getAsString());
            if (o.has("mtu")) dev.mtu(o.get("mtu").getAsInt());
            if (o.has("master")) dev.master(o.get("master").getAsString());
            Set<String> flags = new HashSet<>();
            if (o.has("flags")) o.getAsJsonArray("flags").forEach(f -> flags.add(f.getAsString()));
            dev.up(flags.contains("UP")).carrier(!flags.contains("NO-CARRIER"));
            if (o.has("addr_info")) {
                for (JsonElement a : o.getAsJsonArray("addr_info")) {
                    JsonObject ai = a.getAsJsonObject();
                    String family = ai.get("family").getAsString();
                    String scope = ai.has("scope") ? ai.get("scope").getAsString() : "global";
                    Address addr = family.equals("inet6")
                            ? Address.inet6(ai.get("local").getAsString(), ai.get("prefixlen").getAsInt(), scope)
                            : Address.inet(ai.get("local").getAsString(), ai.get("prefixlen").getAsInt(), scope);
                    dev.addAddress(addr);
                }
            }
        }
        for (String port : ports) {
            NetworkInterface dev = host.interfaceNamed(port);
            if (dev != null && dev.master() == null) {
                for (JsonElement e : links) {
                    JsonObject o = e.getAsJsonObject();
                    if (o.get("ifname").getAsString().equals(port)) dev.master(o.get("master").getAsString());
                }
            }
        }
        JsonArray routes = array(routeJson, "ip-route.json");
        if (routes != null) {
            for (JsonElement e : routes) {
                Route r = route(e.getAsJsonObject());
                if (r != null) host.addRoute(r);
            }
        }
        host.ipForward(true);
        host.bridgeNfCallIptables(true);
        return host;
    }

    private static Route route(JsonObject o) throws IptablesException {
        String dst = o.get("dst").getAsString();
        if (dst.contains(":")) return null; // IPv6: not modelled
        String typeName = o.has("type") ? o.get("type").getAsString() : "unicast";
        RouteType type;
        try {
            type = RouteType.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null; // multicast and other types the IPv4 model does not route by
        }
        if (type == RouteType.MULTICAST) return null;
        Cidr cidr;
        try {
            cidr = dst.equals("default") ? Cidr.ANY : Cidr.parse(dst);
        } catch (IllegalArgumentException e) {
            throw new IptablesException("ip-route.json: " + e.getMessage(), 2);
        }
        String table = o.has("table") ? o.get("table").getAsString() : "main";
        if (!table.equals("main") && !table.equals("local")) return null;
        return new Route(type, cidr, o.has("dev") ? o.get("dev").getAsString() : "",
                o.has("gateway") ? Ipv4.parse(o.get("gateway").getAsString()) : 0,
                o.has("protocol") ? o.get("protocol").getAsString() : "boot",
                o.has("scope") ? o.get("scope").getAsString() : "global",
                o.has("prefsrc") ? Ipv4.parse(o.get("prefsrc").getAsString()) : 0,
                o.has("metric") ? o.get("metric").getAsInt() : -1, table);
    }

    private static JsonArray array(String json, String name) throws IptablesException {
        if (json == null || json.isBlank()) return null;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonArray()) throw new IptablesException(name + ": expected a JSON array", 2);
            return e.getAsJsonArray();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IptablesException(name + ": not valid JSON (" + e.getMessage() + ")", 2);
        }
    }
}
