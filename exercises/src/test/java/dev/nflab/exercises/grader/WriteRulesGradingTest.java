package dev.nflab.exercises.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exercise 19 grades commands against a policy, not against the reference's text: another right
 * answer earns full marks, the classic mistakes earn exactly the questions they do not break, and
 * a command of a form the statement does not take (a policy, a flush, `ufw disable`, another
 * chain) costs every question, whatever right rules come with it, so it cannot buy points.
 * Q1 (172.31.32.1 gets in) is worth 3, Q2 (the others stay out) 4, Q3 (the container's own
 * connections) 3.
 */
class WriteRulesGradingTest {
    static final String RIGHT_UFW = "\"ufw route allow proto tcp from 172.31.32.1 to 172.17.0.2 port 80\", "
            + "\"ufw route deny proto tcp from any to 172.17.0.2 port 80\", \"iptables -I DOCKER-USER -j ufw-user-forward\"";

    static AnswersGradingTest.Graded grade(Path dir, String commands) throws Exception {
        Path ex = Files.createDirectories(dir.resolve("19-ufw-close-published-port"));
        Files.writeString(ex.resolve("ClosePort.java"), """
                package dev.nflab.exercises.e19;
                import java.util.List;
                public final class ClosePort {
                    private ClosePort() {}
                    public static List<String> commands() { return List.of(%s); }
                }
                """.formatted(commands));
        return AnswersGradingTest.grade(dir, "19");
    }

    @Test
    void anotherRightAnswerEarnsFullMarks(@TempDir Path dir) throws Exception {
        // DOCKER-USER alone: replies and the container's own traffic first, then the drop
        AnswersGradingTest.Graded g = grade(dir, "\"iptables -I DOCKER-USER -i eth0 ! -s 172.31.32.1 -j DROP\", "
                + "\"-I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\"");
        assertEquals(10, g.score(), g.table());
        assertEquals(10, g.max(), g.table());
    }

    @Test
    void classicMistakesEarnOnlyWhatTheyKeep(@TempDir Path dir) throws Exception {
        // drops the replies to the container's own connections
        AnswersGradingTest.Graded g = grade(dir.resolve("a"), "\"iptables -I DOCKER-USER -i eth0 ! -s 172.31.32.1 -j DROP\"");
        assertEquals(7, g.score(), g.table());
        assertTrue(g.output("19-ufw-close-published-port: Q3").contains("the reply was dropped"), g.table());
        // the port before DNAT: closes nothing, so the "keeps working" questions do not count either
        g = grade(dir.resolve("b"), "\"iptables -I DOCKER-USER -i eth0 -p tcp --dport 8080 ! -s 172.31.32.1 -j DROP\"");
        assertEquals(0, g.score(), g.table());
        assertTrue(g.output("19-ufw-close-published-port: Q2").contains("(the published port)"), g.table());
        // ufw route rules that FORWARD reaches only after Docker accepted the packet
        g = grade(dir.resolve("c"), RIGHT_UFW.substring(0, RIGHT_UFW.lastIndexOf(", \"iptables")));
        assertEquals(0, g.score(), g.table());
        // the deny before the allow
        g = grade(dir.resolve("d"), "\"ufw route deny proto tcp from any to 172.17.0.2 port 80\", "
                + "\"ufw route allow proto tcp from 172.31.32.1 to 172.17.0.2 port 80\", \"iptables -I DOCKER-USER -j ufw-user-forward\"");
        assertEquals(7, g.score(), g.table());
    }

    @Test
    void commandsOfOtherFormsCostEveryQuestion(@TempDir Path dir) throws Exception {
        List<String> refused = List.of("\"ufw disable\"", "\"ufw default allow routed\"", "\"iptables -P FORWARD ACCEPT\"",
                "\"iptables -F DOCKER\"", "\"iptables -I FORWARD -j ACCEPT\"", "\"-t nat -I DOCKER-USER -j RETURN\"",
                "\"iptables -A DOCKER-USER -X\"", "\"ufw allow 8080\"");
        int n = 0;
        for (String bad : refused) {
            AnswersGradingTest.Graded g = grade(dir.resolve("s" + n++), RIGHT_UFW + ", " + bad);
            assertEquals(0, g.score(), bad + "\n" + g.table());
            String why = g.tests().values().stream().map(t -> t.get("output").getAsString()).collect(Collectors.joining("\n"));
            assertTrue(why.contains("only") || why.contains("refused"), bad + ": says why\n" + g.table());
        }
        // a flood of commands
        AnswersGradingTest.Graded g = grade(dir.resolve("flood"), RIGHT_UFW + ", \"-A DOCKER-USER -j RETURN\"".repeat(1)
                + ", \"-A DOCKER-USER -j RETURN\"".repeat(40));
        assertEquals(0, g.score(), g.table());
    }
}
