package dev.nflab.docker;

import java.util.ArrayList;
import java.util.List;

/** {@code docker run} options that matter to the network: name, network, address, published ports. */
public record RunOptions(String name, String network, int ip, List<String> publish, String image) {

    public static RunOptions named(String name) {
        return new RunOptions(name, null, 0, List.of(), "nginx");
    }

    /** Adds a {@code -p SPEC}. */
    public RunOptions publish(String spec) {
        List<String> p = new ArrayList<>(publish);
        p.add(spec);
        return new RunOptions(name, network, ip, p, image);
    }

    public RunOptions network(String net) {
        return new RunOptions(name, net, ip, publish, image);
    }

    public RunOptions image(String img) {
        return new RunOptions(name, network, ip, publish, img);
    }
}
