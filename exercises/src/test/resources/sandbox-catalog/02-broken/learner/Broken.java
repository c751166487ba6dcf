package dev.nflab.exercises.broken;

public final class Broken {
    public static int value() {
        return 1 // TODO(learner): the missing semicolon is the learner's mistake
    }
}
