package dev.nflab.exercises.sandbox;

/** Misbehaving learner code: each method does what a learner's bug might. */
public final class Sandbox {
    private Sandbox() {}

    public static int correct() {
        return 42; // TODO(learner) (already right: the grader must give its points)
    }

    public static int loop() {
        long x = 0;
        while (x >= 0) x = (x + 1) % 1000; // never ends
        return (int) x;
    }

    public static int exit() {
        System.out.println("bye");
        System.exit(3);
        return 0;
    }

    public static int boom() {
        throw new IllegalStateException("learner bug");
    }
}
