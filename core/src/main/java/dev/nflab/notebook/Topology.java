package dev.nflab.notebook;

import dev.nflab.docker.BridgeNetwork;
import dev.nflab.docker.Container;
import dev.nflab.docker.DockerHost;
import dev.nflab.host.Address;
import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.host.NetworkInterface;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's wiring as an SVG picture, drawn from the model as {@code ip a}, {@code ip link} and
 * {@code brctl show} describe it: the host's own interfaces (lo, eth0) with their addresses, each
 * bridge (docker0, br-…) with its address and its ports, each veth port joined to its peer inside a
 * container's namespace (with the container's address), and docker-proxy's listening sockets with
 * the container address they relay to.
 *
 * <pre>{@code
 * Topology.of(SeedHost.nginxStarted().docker()).title("after docker run").show();
 * Topology.of(dockerHost).links()   // ["eth0 -- LAN", "veth3ce1bed -- docker0", "veth3ce1bed -- nginx:eth0", ...]
 * }</pre>
 *
 * Plain SVG (no ids, no scripts), like {@link FlowDiagram}: many can share a page and the HTML export.
 */
public final class Topology {
    /** A box of the picture: where it is drawn, what it names. */
    public record Node(String kind, String name, List<String> lines) {}

    private static final int W = 860;
    private static final String HOST_FILL = "#f8f9fa";
    private static final String LINE = "#5f6368";
    private static final String BRIDGE = "#1a73e8";
    private static final String BRIDGE_FILL = "#d2e3fc";
    private static final String NS_FILL = "#e6f4ea";
    private static final String NS = "#188038";
    private static final String PROXY = "#b06000";
    private static final String PROXY_FILL = "#feefc3";

    private final Host host;
    private final DockerHost docker;
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> links = new ArrayList<>();
    private String title = "the host's network wiring";

    private Topology(Host host, DockerHost docker) {
        this.host = host;
        this.docker = docker;
        describe();
    }

    /** A host without Docker (or whose Docker part is not to be drawn). */
    public static Topology of(Host host) {
        return new Topology(host, null);
    }

    /** A Docker host: its host's interfaces plus the containers' namespaces and docker-proxy. */
    public static Topology of(DockerHost docker) {
        return new Topology(docker.host(), docker);
    }

    public Topology title(String text) {
        this.title = text;
        return this;
    }

    /** Every box: kind (interface, bridge, port, container, proxy), name, the lines it shows. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Every wire or relation, "a -- b" (eth0 -- LAN, veth -- bridge, veth -- container:eth0, docker-proxy … -> ADDR:PORT). */
    public List<String> links() {
        return List.copyOf(links);
    }

    private static String addrs(NetworkInterface i) {
        List<String> out = new ArrayList<>();
        for (Address a : i.addresses()) if (!a.inet6()) out.add(a.text() + "/" + a.prefixLength());
        return String.join(", ", out);
    }

    private Container containerOfPeer(NetworkInterface veth) {
        if (docker == null) return null;
        for (Container c : docker.containers().values()) {
            for (Container.Endpoint e : c.endpoints().values()) {
                if (e.veth().equals(veth.name())) return c;
            }
        }
        return null;
    }

    private String containerIfName(Container c, Container.Endpoint e) {
        int n = 0;
        if (e.network().equals(c.firstNetwork())) return "eth0";
        for (Container.Endpoint o : c.endpoints().values()) {
            if (o.network().equals(c.firstNetwork())) continue;
            n++;
            if (o == e) return "eth" + n;
        }
        return "eth" + n;
    }

    private void describe() {
        for (NetworkInterface i : host.interfaces()) {
            if (i.kind() == InterfaceKind.LOOPBACK || i.kind() == InterfaceKind.ETHERNET) {
                nodes.add(new Node("interface", i.name(), List.of(i.name() + (i.isUp() ? "" : " (down)"), addrs(i))));
                if (i.kind() == InterfaceKind.ETHERNET) links.add(i.name() + " -- LAN");
            }
        }
        for (NetworkInterface b : host.interfaces()) {
            if (b.kind() != InterfaceKind.BRIDGE) continue;
            nodes.add(new Node("bridge", b.name(), List.of(b.name() + " (bridge" + (b.hasCarrier() ? "" : ", no carrier") + ")", addrs(b))));
            for (NetworkInterface p : host.portsOf(b.name())) {
                nodes.add(new Node("port", p.name(), List.of(p.name() + "@if" + p.peerIndex())));
                links.add(p.name() + " -- " + b.name());
                Container c = containerOfPeer(p);
                if (c == null) continue;
                for (Container.Endpoint e : c.endpoints().values()) {
                    if (!e.veth().equals(p.name())) continue;
                    String inner = containerIfName(c, e);
                    int prefix = docker.networks().values().stream().filter(n -> n.name().equals(e.network()))
                            .map(n -> n.subnet().prefixLength()).findFirst().orElse(32);
                    nodes.add(new Node("container", c.name() + ":" + inner,
                            List.of("container " + c.name(), inner + "@if" + e.vethIndex() + " " + Ipv4.format(e.address()) + "/" + prefix)));
                    links.add(p.name() + " -- " + c.name() + ":" + inner);
                }
            }
        }
        if (docker != null) {
            for (DockerHost.Listener l : docker.listeners()) {
                String sock = l.protocol() + " " + (l.ipv6() ? "[::]" : Ipv4.format(l.address())) + ":" + l.port();
                String to = "";
                for (Container c : docker.containers().values()) {
                    for (Container.PortMapping m : c.mappings()) {
                        if (m.hostPort() == l.port() && m.protocol().equals(l.protocol())) {
                            to = Ipv4.format(m.containerIp()) + ":" + m.containerPort();
                        }
                    }
                }
                nodes.add(new Node("proxy", l.program() + " " + l.pid(), List.of(l.program() + " (pid " + l.pid() + ")", "listens " + sock)));
                if (!to.isEmpty()) links.add(l.program() + " " + sock + " -> " + to);
            }
        }
    }

    /** The picture. */
    public String svg() {
        // columns: host interfaces and docker-proxy | bridges and their ports | containers
        int xA = 40, xB = 300, xC = 600, bw = 220, cw = 230;
        int rowH = 44;
        Map<String, int[]> at = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        StringBuilder wires = new StringBuilder(); // drawn first, under the boxes
        int yA = 60;
        for (Node n : nodes) {
            if (!n.kind().equals("interface")) continue;
            at.put(n.name(), new int[] {xA, yA});
            box(body, xA, yA, bw, 36, n.lines(), LINE, "#ffffff", false);
            yA += rowH;
        }
        int yP = yA + 10;
        for (Node n : nodes) {
            if (!n.kind().equals("proxy")) continue;
            at.put(n.name(), new int[] {xA, yP});
            box(body, xA, yP, bw, 36, n.lines(), PROXY, PROXY_FILL, false);
            yP += rowH;
        }
        int yB = 60;
        int yMax = Math.max(yA, yP);
        String lastBridge = null;
        int yC = 60;
        for (Node n : nodes) {
            switch (n.kind()) {
                case "bridge" -> {
                    at.put(n.name(), new int[] {xB, yB});
                    box(body, xB, yB, bw, 36, n.lines(), BRIDGE, BRIDGE_FILL, false);
                    lastBridge = n.name();
                    yB += rowH;
                }
                case "port" -> {
                    int[] b = at.get(lastBridge);
                    at.put(n.name(), new int[] {xB + 40, yB});
                    line(wires, xB + 20, b[1] + 36, xB + 20, yB + 14, BRIDGE, false);
                    line(wires, xB + 20, yB + 14, xB + 40, yB + 14, BRIDGE, false);
                    box(body, xB + 40, yB, bw - 40, 28, n.lines(), BRIDGE, "#ffffff", false);
                    yB += 44;
                }
                case "container" -> {
                    int[] p = at.get(links.stream().filter(l -> l.endsWith(" -- " + n.name())).map(l -> l.split(" -- ")[0]).findFirst().orElse(""));
                    int y = Math.max(p == null ? yB : p[1] - 4, yC);
                    yC = y + 42;
                    at.put(n.name(), new int[] {xC, y});
                    box(body, xC, y, cw, 36, n.lines(), NS, NS_FILL, true);
                    if (p != null) line(wires, xB + bw, p[1] + 14, xC, y + 18, NS, false);
                    yMax = Math.max(yMax, yC);
                }
                default -> { }
            }
            yMax = Math.max(yMax, yB);
        }
        // eth0 to the LAN
        for (String l : links) {
            if (!l.endsWith(" -- LAN")) continue;
            int[] e = at.get(l.substring(0, l.indexOf(" -- ")));
            line(wires, 10, e[1] + 18, xA, e[1] + 18, LINE, false);
            body.append(text(12, e[1] + 12, "LAN", 11, LINE, false));
        }
        // docker-proxy relays
        for (Node n : nodes) {
            if (!n.kind().equals("proxy")) continue;
            String sock = n.lines().get(1).substring("listens ".length());
            String rel = links.stream().filter(l -> l.startsWith(n.name().split(" ")[0] + " " + sock + " -> ")).findFirst().orElse(null);
            if (rel == null) continue;
            String target = rel.substring(rel.indexOf(" -> ") + 4);
            String ip = target.substring(0, target.indexOf(':'));
            Node c = nodes.stream().filter(x -> x.kind().equals("container") && x.lines().get(1).contains(" " + ip + "/")).findFirst().orElse(null);
            if (c == null) continue;
            int[] from = at.get(n.name());
            int[] to = at.get(c.name());
            line(wires, xA + bw, from[1] + 18, xC, to[1] + 30, PROXY, true);
        }
        int h = yMax + 30;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(h)
                .append("\" font-family=\"DejaVu Sans Mono, monospace\">");
        s.append("<rect x=\"24\" y=\"36\" width=\"").append(xC - 40).append("\" height=\"").append(h - 44)
                .append("\" rx=\"8\" fill=\"").append(HOST_FILL).append("\" stroke=\"").append(LINE).append("\"/>");
        s.append(text(30, 52, "host: root network namespace", 11, LINE, true));
        if (docker != null && !docker.containers().isEmpty()) s.append(text(xC, 52, "containers' namespaces", 11, NS, true));
        s.append(text(10, 20, title, 14, "#202124", true));
        s.append(wires).append(body);
        s.append("</svg>");
        return s.toString();
    }

    private static void box(StringBuilder b, int x, int y, int w, int h, List<String> lines, String stroke, String fill, boolean round) {
        b.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" rx=\"").append(round ? 10 : 3).append("\" fill=\"").append(fill).append("\" stroke=\"").append(stroke).append("\"/>");
        int ty = y + 15;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) continue;
            b.append(text(x + 6, ty, lines.get(i), i == 0 ? 12 : 11, i == 0 ? "#202124" : "#3c4043", i == 0));
            ty += 15;
        }
    }

    private static void line(StringBuilder b, int x1, int y1, int x2, int y2, String color, boolean dashed) {
        b.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                .append("\" stroke=\"").append(color).append("\" stroke-width=\"1.5\"")
                .append(dashed ? " stroke-dasharray=\"5,3\"" : "").append("/>");
    }

    private static String text(int x, int y, String t, int size, String color, boolean bold) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"" + size + "\" fill=\"" + color + "\""
                + (bold ? " font-weight=\"bold\"" : "") + ">" + Show.escape(t) + "</text>";
    }

    /** The wiring in words, one line per wire (the picture's text/plain fallback). */
    public String text() {
        return title + "\n  " + String.join("\n  ", links);
    }

    /** Publishes the picture (text/plain: the wires in words). */
    public void show() {
        Show.svg(svg(), text());
    }
}
