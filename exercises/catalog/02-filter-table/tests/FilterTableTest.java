package dev.nflab.exercises.e02;

import static dev.nflab.exercises.support.Lab.CACHE;
import static dev.nflab.exercises.support.Lab.GATEWAY;
import static dev.nflab.exercises.support.Lab.HOST;
import static dev.nflab.exercises.support.Lab.LAN_CLIENT;
import static dev.nflab.exercises.support.Lab.WEB;
import static dev.nflab.exercises.support.Lab.syn;
import static dev.nflab.exercises.support.Lab.synAck;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.netfilter.TableName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected answers: the model, on the rules real Docker 20.10 wrote for the seed. */
class FilterTableTest {

    @Test @Points(2) @DisplayName("Q1 LAN SYN to the published port")
    void q1() {
        Expect.sameRules("Q1", Lab.seed().fromLan(syn(GATEWAY, 50000, HOST, 80)).matched(TableName.FILTER),
                FilterTable.q1(), "after DNAT the packet goes out docker0; a RETURN rule counts too.");
    }

    @Test @Points(2) @DisplayName("Q2 container SYN to the internet")
    void q2() {
        Expect.sameRules("Q2", Lab.seed().fromContainer(syn(WEB, 40000, "93.184.216.34", 443)).matched(TableName.FILTER),
                FilterTable.q2(), "in docker0, out eth0: STAGE-1#1 holds, so the packet visits STAGE-2 and comes back.");
    }

    @Test @Points(2) @DisplayName("Q3 container to container")
    void q3() {
        Expect.sameRules("Q3", Lab.seed().fromContainer(syn(CACHE, 40004, WEB, 80)).matched(TableName.FILTER),
                FilterTable.q3(), "with br_netfilter the bridged packet has in=docker0 and out=docker0.");
    }

    @Test @Points(2) @DisplayName("Q4 LAN SYN routed to an unpublished port")
    void q4() {
        Expect.same("Q4", Lab.seed().fromLan(syn(LAN_CLIENT, 40006, WEB, 22)).decision(TableName.FILTER),
                Expect.answered(FilterTable.q4(), "Q4").strip(), "no rule accepts it: what happens at the end of FORWARD?");
    }

    @Test @Points(2) @DisplayName("Q5 the reply to a container's connection")
    void q5() {
        Lab lab = Lab.seed();
        lab.fromContainer(syn(WEB, 40000, "93.184.216.34", 443));
        Expect.same("Q5", lab.fromLan(synAck("93.184.216.34", 443, HOST, 40000)).decision(TableName.FILTER),
                Expect.answered(FilterTable.q5(), "Q5").strip(),
                "conntrack un-masquerades the reply before routing; what is its state?");
    }

    @Test @Points(2) @DisplayName("Q6 LAN SYN routed to the container's port 80")
    void q6() {
        Expect.same("Q6", Lab.seed().fromLan(syn(LAN_CLIENT, 40005, WEB, 80)).decision(TableName.FILTER),
                Expect.answered(FilterTable.q6(), "Q6").strip(),
                "filter DOCKER#1 checks the destination address and port, not whether DNAT happened.");
    }
}
