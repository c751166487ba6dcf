package dev.nflab.host.listing;

import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.host.NetworkInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code brctl show} (bridge-utils 1.6): tab-separated, as brctl writes it (a terminal or a copied
 * listing shows the tabs as spaces to the next multiple of 8). Bridges and their ports in
 * alphabetical order (brctl scans /sys/class/net and brif with alphasort); the bridge id is the
 * priority 8000 and the bridge's MAC; STP is off on Docker's bridges.
 */
public final class Brctl {
    private Brctl() {}

    public static String show(Host host) {
        StringBuilder b = new StringBuilder("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
        List<NetworkInterface> bridges = new ArrayList<>();
        for (NetworkInterface dev : host.interfaces()) {
            if (dev.kind() == InterfaceKind.BRIDGE) bridges.add(dev);
        }
        bridges.sort(Comparator.comparing(NetworkInterface::name));
        for (NetworkInterface br : bridges) {
            b.append(br.name()).append("\t\t").append(bridgeId(br)).append('\t').append("no").append("\t\t");
            List<NetworkInterface> ports = new ArrayList<>(host.portsOf(br.name()));
            ports.sort(Comparator.comparing(NetworkInterface::name));
            for (int i = 0; i < ports.size(); i++) {
                if (i > 0) b.append("\n\t\t\t\t\t\t\t");
                b.append(ports.get(i).name());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** {@code 8000.} and the MAC without colons. */
    public static String bridgeId(NetworkInterface br) {
        return "8000." + br.mac().replace(":", "");
    }

    /** Tabs expanded to the next multiple of 8, as a terminal shows them. */
    public static String expandTabs(String text) {
        StringBuilder b = new StringBuilder();
        int col = 0;
        for (char ch : text.toCharArray()) {
            if (ch == '\t') {
                do {
                    b.append(' ');
                    col++;
                } while (col % 8 != 0);
            } else {
                b.append(ch);
                col = ch == '\n' ? 0 : col + 1;
            }
        }
        return b.toString();
    }
}
