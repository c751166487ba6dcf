package dev.nflab.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.iptables.IptablesSave;
import dev.nflab.snapshot.Snapshot;
import dev.nflab.testing.Recorded;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two real runs of one scenario side by side ({@code ./nflab compare} shows a VM recording beside the
 * local lab's): the lab's container-to-outside and the watched one (lab/recorded/watch), whose IGMP
 * report makes a few counters differ by exactly that background.
 */
class ComparisonBesideTest {

    @Test
    void anotherRunOfTheScenarioIsAColumnMatchedRuleByRule() throws Exception {
        for (String backend : new String[] {"nft", "legacy"}) {
            Path lab = Recorded.root().resolve("lab/recorded/" + backend + "/container-to-outside");
            Path watched = Recorded.root().resolve("lab/recorded/watch/" + backend + "/container-to-outside");
            Comparison c = Comparison.of(lab, Comparison.scenarioOf(lab, Recorded.root()));
            assertNull(c.besideSummary());
            c.beside("watched", watched);
            Snapshot w = Snapshot.open(watched);
            Map<CounterKey, long[]> other = Counters.of(IptablesSave.read(w.afterRules(), "after.rules", w.dialect()));
            Map<String, String> names = Comparison.randomNames(other.keySet(), c.rows().stream().map(Comparison.Row::key).toList());
            for (Map.Entry<CounterKey, long[]> e : other.entrySet()) {
                long[] shown = c.besideCount(Comparison.rename(e.getKey(), names));
                assertNotNull(shown, e.getKey().toString());
                assertArrayEquals(e.getValue(), shown, e.getKey().toString());
            }
            String text = c.toText(false);
            assertTrue(text.contains("watched"), text);
            String summary = c.besideSummary();
            assertTrue(summary.startsWith("beside: watched (" + watched + "): "), summary);
            assertTrue(summary.contains(" of " + c.rows().size() + " counters equal"), summary);
            // the watched run's IGMP report is outside the lab run's prediction, which had no background
            assertTrue(summary.contains("outside the prediction"), summary);
            assertTrue(c.toHtml().contains("<th>watched</th>"), "the HTML table has the column");
        }
    }
}
