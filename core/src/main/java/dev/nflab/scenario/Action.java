package dev.nflab.scenario;

import java.util.List;

/**
 * One traffic line of a scenario: {@code FROM VERB ARGS} (lab/SCENARIOS.md).
 *
 * @param from {@code peer}, {@code lan}, {@code host} or {@code container:NAME}
 * @param verb {@code http}, {@code tcp}, {@code udp} or {@code ping}
 */
public record Action(int line, String from, String verb, List<String> args) {

    @Override public String toString() {
        return from + " " + verb + " " + String.join(" ", args);
    }
}
