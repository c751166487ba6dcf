package dev.nflab.exercises.e06;

/**
 * Exercise 06: does the LAN client's SYN to 172.31.37.164:8080 still reach the web container
 * once the question's rule is added? (see README.md). true = still reaches, false = stopped.
 */
public final class DockerUser {
    private DockerUser() {}

    /** Q1: -I INPUT -p tcp --dport 8080 -j DROP. */
    public static Boolean q1() {
        return null; // TODO(learner)
    }

    /** Q2: -I DOCKER-USER -p tcp --dport 8080 -j DROP. */
    public static Boolean q2() {
        return null; // TODO(learner)
    }

    /** Q3: -I DOCKER-USER -p tcp --dport 80 -j DROP. */
    public static Boolean q3() {
        return null; // TODO(learner)
    }

    /** Q4: -I DOCKER-USER -d 172.31.37.164 -j DROP. */
    public static Boolean q4() {
        return null; // TODO(learner)
    }

    /** Q5: -I DOCKER-USER -i eth0 -s 172.31.32.0/24 -j DROP. */
    public static Boolean q5() {
        return null; // TODO(learner)
    }

    /** Q6: with Q3's rule, the rule that drops the SYN, as "filter:CHAIN#N DROP". */
    public static String q6() {
        return null; // TODO(learner)
    }
}
