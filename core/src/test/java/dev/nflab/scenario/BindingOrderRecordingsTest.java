package dev.nflab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.docker.DockerHost;
import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.OpenOrder;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.testing.Recorded;
import dev.nflab.traffic.RecordingProcedure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -p 172.31.37.164:8080:80/tcp -p 5000:5000/udp}: real Docker 20.10 wrote the TCP
 * binding's rules first in most runs and the UDP binding's in some (lab/README.md). The lab's
 * recordings of both orders (lab/recorded/BACKEND/two-bindings-order and
 * lab/recorded/order/BACKEND/two-bindings-order; the Docker case 29-two-bindings-order likewise)
 * are each explained by the one prediction, whose rules are matched by content.
 */
class BindingOrderRecordingsTest {
    private static final Path SCENARIO = Recorded.root().resolve("lab/scenarios/two-bindings-order.scenario");
    private static final Path CASE = Recorded.root().resolve("lab/docker-cases/29-two-bindings-order.docker");

    /** The recordings of the scenario on a back end, whichever order each has. */
    private static List<Path> snapshots(String backend) {
        List<Path> dirs = new ArrayList<>();
        for (String root : List.of("lab/recorded/", "lab/recorded/order/")) {
            Path d = Recorded.root().resolve(root + backend + "/two-bindings-order");
            if (Files.isDirectory(d)) dirs.add(d);
        }
        return dirs;
    }

    /** Whether a recording's rules have the TCP binding's DNAT before the UDP binding's. */
    private static boolean tcpFirst(String rules) {
        int tcp = rules.indexOf("--dport 8080 -j DNAT"), udp = rules.indexOf("--dport 5000 -j DNAT");
        assertTrue(tcp >= 0 && udp >= 0, "both DNAT rules recorded");
        return tcp < udp;
    }

    @Test
    void theModelSaysTheOrderIsOpen() throws Exception {
        DockerHost docker = DockerScript.run(Recorded.read(CASE), CASE.toString(), HostLayout.LAB_NFT);
        List<OpenOrder> open = docker.openOrders();
        assertEquals(1, open.size(), "containers whose order is open");
        assertEquals("web", open.get(0).container());
        assertEquals(2, open.get(0).orders().size(), "possible orders");
        assertEquals(List.of("172.31.37.164:8080:80/tcp", "5000:5000/udp"), open.get(0).moving());
    }

    /** Between them, the recordings hold both orders (on at least one back end). */
    @Test
    void bothOrdersWereRecorded() {
        boolean both = false;
        for (String backend : List.of("nft", "legacy")) {
            List<Boolean> orders = new ArrayList<>();
            for (Path d : snapshots(backend)) orders.add(tcpFirst(Recorded.read(d.resolve("before.rules"))));
            both |= orders.contains(true) && orders.contains(false);
        }
        assertTrue(both, "a recording of each order");
    }

    /**
     * Each recording's rules (before.rules, counters zeroed) are, line for line, one of the orders
     * the model says are possible: the printed one when TCP came first, the other when UDP did.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void eachRecordedOrderIsOneTheModelAllows(String backend) throws Exception {
        HostLayout layout = backend.equals("nft") ? HostLayout.LAB_NFT : HostLayout.LAB_LEGACY;
        for (Path d : snapshots(backend)) {
            DockerHost docker = DockerScript.run(Recorded.read(CASE), CASE.toString(), layout);
            RecordingProcedure.prepare(docker.ruleset());
            String model = IptablesSave.write(docker.ruleset(), false, null);
            OpenOrder open = docker.openOrders().get(0);
            String real = Recorded.withoutComments(Recorded.read(d.resolve("before.rules")))
                    .replaceAll("(?m)^\\[0:0\\] ", "").replaceAll("(?m)^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1 [0:0]");
            boolean tcp = tcpFirst(real);
            assertEquals(real, open.reorder(model, open.orders().get(tcp ? 0 : 1)), d.toString());
        }
    }

    /** The Docker case's recordings (lab/docker-rules.sh) hold both orders on each back end. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void theDockerCaseWasRecordedInBothOrders(String backend) {
        List<Boolean> orders = new ArrayList<>();
        for (String root : List.of("lab/recorded/docker-rules/", "lab/recorded/order/docker-rules/")) {
            Path f = Recorded.root().resolve(root + backend + "/29-two-bindings-order/29-two-bindings-order.expected");
            if (Files.isRegularFile(f)) orders.add(tcpFirst(Recorded.read(f)));
        }
        // (a refresh of lab/recorded/docker-rules may bring either order there: the pair must hold both)
        assertTrue(orders.contains(true) && orders.contains(false), "TCP first in one recording, UDP first in the other");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void comparisonExplainsEveryRecordedOrder(String backend) throws Exception {
        List<Path> dirs = snapshots(backend);
        assertFalse(dirs.isEmpty(), "no recording of two-bindings-order on " + backend);
        for (Path d : dirs) {
            Comparison c = Comparison.of(d, SCENARIO);
            assertTrue(c.allExplained(), d + ":\n" + c.toText(true));
            boolean sameAsModel = tcpFirst(Recorded.read(d.resolve("before.rules")));
            assertEquals(List.of("container web's port rules matched by content (real Docker may write them in another"
                    + " order): measured " + (sameAsModel ? "in the same order as" : "in another order than") + " the model's"),
                    c.orders(), d.toString());
        }
    }
}
