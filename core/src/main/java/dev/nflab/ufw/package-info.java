/**
 * ufw 0.36 (Debian 12's 0.36.2) on a Docker host: from {@code ufw} commands as typed to what ufw
 * prints, refuses and writes in its files ({@code user.rules}, {@code user6.rules},
 * {@code /etc/default/ufw}, {@code ufw.conf}), starting from the package's pristine configuration
 * ({@code data/ufw-0.36.2}). Checked against real ufw recorded in the lab next to real Docker
 * ({@code lab/recorded/ufw-rules/{nft,legacy}}).
 */
package dev.nflab.ufw;
