package dev.nflab.extensions;

import dev.nflab.netfilter.Target;
import java.util.function.Supplier;

/**
 * A target extension as {@code -j NAME} loads it: its name and a fresh option parser per rule. The
 * target it builds knows the rest (what it does, how it prints, the tables and hooks it is valid
 * in, whether it needs conntrack).
 */
public record TargetExtension(String name, Supplier<OptionParser<Target>> parser) {}
