package dev.nflab.extensions;

/**
 * The NAT targets' {@code --random}, {@code --random-fully} and {@code --persistent}
 * (NF_NAT_RANGE_PROTO_RANDOM, _RANDOM_FULLY, NF_NAT_RANGE_PERSISTENT): how the kernel chooses the
 * port (at random, from a hash or a full random draw) and the address of a range. They change
 * which free port a connection gets, never whether it is translated; the model keeps the
 * original port when it is free and says the port is chosen at random when one of them is set.
 */
record NatFlags(boolean random, boolean randomFully, boolean persistent) {
    static final NatFlags NONE = new NatFlags(false, false, false);

    /** The option that makes the port random ({@code --random-fully} first), or null. */
    String randomPort() {
        return randomFully ? "--random-fully" : random ? "--random" : null;
    }

    boolean any() {
        return random || randomFully || persistent;
    }

    /** As iptables-save prints them, in libxt_NAT's order. */
    String toSave() {
        return (random ? " --random" : "") + (randomFully ? " --random-fully" : "") + (persistent ? " --persistent" : "");
    }

    /** As {@code -L} prints them. */
    String toListing() {
        return (random ? " random" : "") + (randomFully ? " random-fully" : "") + (persistent ? " persistent" : "");
    }

    /** Takes the flags one target accepts, each once. */
    static final class Builder {
        private final String target;
        private final boolean takesRandom, takesFully, takesPersistent;
        private boolean random, fully, persistent;

        Builder(String target, boolean takesRandom, boolean takesFully, boolean takesPersistent) {
            this.target = target;
            this.takesRandom = takesRandom;
            this.takesFully = takesFully;
            this.takesPersistent = takesPersistent;
        }

        boolean parse(String o) throws ParameterProblem {
            switch (o) {
                case "--random" -> {
                    if (!takesRandom) return false;
                    random = once(random, o);
                }
                case "--random-fully" -> {
                    if (!takesFully) return false;
                    fully = once(fully, o);
                }
                case "--persistent" -> {
                    if (!takesPersistent) return false;
                    persistent = once(persistent, o);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private boolean once(boolean seen, String o) throws ParameterProblem {
            if (seen) throw new ParameterProblem(target + ": option \"" + o + "\" can only be used once.");
            return true;
        }

        NatFlags build() {
            return new NatFlags(random, fully, persistent);
        }
    }
}
