package dev.nflab.extensions;

import dev.nflab.netfilter.Match;
import java.util.function.Supplier;

/**
 * A match extension as {@code -m NAME} loads it: its name and a fresh option parser per rule. The
 * match it builds knows the rest (how it matches, prints itself, whether it needs conntrack).
 */
public record MatchExtension(String name, Supplier<OptionParser<Match>> parser) {}
