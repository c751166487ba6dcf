/**
 * The match and target extensions, one unit per file as iptables keeps {@code libxt_NAME.c} and
 * the kernel {@code xt_NAME.c}: a {@link dev.nflab.netfilter.Match} or
 * {@link dev.nflab.netfilter.Target} with its option parser (iptables' own error messages), its
 * iptables-save and {@code -L} text, the tables and hooks it is valid in and whether it needs
 * conntrack. {@link dev.nflab.extensions.Extensions} is the one list of them.
 *
 * <p>Adding one: a new file here (see {@code LengthMatch.java}) and one line in Extensions; then
 * its cases in {@code lab/iptables-cases/NAME.cases}, recorded on real iptables with
 * {@code lab/record-iptables.sh} into {@code data/real-iptables-1.8.9/extensions/}, which
 * {@code RealIptablesTranscriptsTest} replays on the model.
 */
package dev.nflab.extensions;
