package dev.nflab.exercises.sandbox;

public final class Sandbox {
    private Sandbox() {}

    public static int correct() { return 42; }
    public static int loop() { return 1; }
    public static int exit() { return 2; }
    public static int boom() { return 3; }
}
