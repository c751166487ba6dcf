/**
 * ufw 0.36 (Debian 12's 0.36.2) on a Docker host: from {@code ufw} commands as typed to what ufw
 * prints, refuses and writes in its files ({@code user.rules}, {@code user6.rules},
 * {@code /etc/default/ufw}, {@code ufw.conf}), starting from the package's pristine configuration
 * ({@code data/ufw-0.36.2}). Checked against real ufw recorded in the lab next to real Docker
 * ({@code lab/recorded/ufw-rules/{nft,legacy}}).
 *
 * <p>{@link dev.nflab.ufw.Ufw} keeps ufw's state and files and prints its words;
 * {@link dev.nflab.ufw.UfwFirewall} is {@code ufw-init} on the host's IPv4 filter rules (start,
 * stop, live rule changes); {@code DockerScript} runs {@code ufw} lines before and after
 * {@code dockerd} on one ruleset. ufw's rules use the {@code limit} match and LOG's
 * {@code --log-prefix} (every enabled ruleset) and {@code ufw limit} the {@code recent} match,
 * all modelled; an extension the model lacks would be refused ({@code Couldn't load match}), and
 * the script with it.
 */
package dev.nflab.ufw;
