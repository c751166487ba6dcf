package dev.nflab.exercises.broken;

public final class Broken {
    public static int value() {
        return 1 // the reference solution is broken too: --solutions must report a grader error
    }
}
