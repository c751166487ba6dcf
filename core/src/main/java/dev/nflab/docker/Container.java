package dev.nflab.docker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container: its networks (endpoints), its published ports, whether it runs. */
public final class Container {
    private final String name;
    private final String id;
    private final String image;
    private final List<PortBinding> ports;
    private String firstNetwork;
    private String publishedOn;
    private int netnsId = -1;
    private final int requestedIp;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final List<PortMapping> mappings = new ArrayList<>();
    private final List<String> extraNetworks = new ArrayList<>();
    private boolean running;

    /** The container's side on one network. */
    public record Endpoint(String network, int address, String veth, int vethIndex, int peerIndex, String mac) {}

    /** A published port as programmed: host address and port to container address and port. */
    public record PortMapping(String protocol, int hostIp, int hostPort, int containerIp, int containerPort,
                              String bridge) {}

    Container(String name, String id, String image, List<PortBinding> ports, String firstNetwork, int requestedIp) {
        this.name = name;
        this.id = id;
        this.image = image;
        this.ports = List.copyOf(ports);
        this.firstNetwork = firstNetwork;
        this.requestedIp = requestedIp;
    }

    public String name() { return name; }
    public String id() { return id; }
    public String image() { return image; }
    public List<PortBinding> ports() { return ports; }
    public String firstNetwork() { return firstNetwork; }
    void firstNetwork(String n) { firstNetwork = n; }
    /** The network whose endpoint carries the published ports (libnetwork's gateway endpoint), or null. */
    public String publishedOn() { return publishedOn; }
    void publishedOn(String n) { publishedOn = n; }
    /** The id of the container's namespace as the host sees it ("link-netnsid"), -1 when stopped. */
    public int netnsId() { return netnsId; }
    void netnsId(int id) { netnsId = id; }
    int requestedIp() { return requestedIp; }
    public boolean running() { return running; }
    void running(boolean r) { running = r; }
    public Map<String, Endpoint> endpoints() { return Collections.unmodifiableMap(endpoints); }
    Map<String, Endpoint> endpointsMutable() { return endpoints; }
    public List<PortMapping> mappings() { return Collections.unmodifiableList(mappings); }
    List<PortMapping> mappingsMutable() { return mappings; }
    /** Networks joined with {@code docker network connect}, in order. */
    List<String> extraNetworks() { return extraNetworks; }

    /** The container's address on its first network, or 0 when it is not running. */
    public int address() {
        Endpoint e = firstNetwork == null ? null : endpoints.get(firstNetwork);
        return e == null ? 0 : e.address();
    }
}
