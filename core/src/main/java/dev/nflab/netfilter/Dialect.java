package dev.nflab.netfilter;

/**
 * One real-world iptables flavour: a version and a back end. Like Jimfs' {@code Configuration},
 * there is one constant per system the kit compares with.
 *
 * @param numericProtocols whether {@code -L -n} prints protocols as numbers ({@code 0}, {@code 6})
 *     as iptables 1.8.9 does, instead of names ({@code all}, {@code tcp}) as 1.8.4 and 1.8.10 do
 */
public record Dialect(String version, Backend backend, boolean numericProtocols) {
    /** Ubuntu 20.04, the seed's VM: iptables 1.8.4 on the legacy back end. */
    public static final Dialect UBUNTU_20_04 = new Dialect("1.8.4", Backend.LEGACY, false);
    /** Debian 12's default: iptables 1.8.9 on nf_tables (the lab's and the captures' default). */
    public static final Dialect DEBIAN_12_NFT = new Dialect("1.8.9", Backend.NFT, true);
    /** Debian 12 with iptables-legacy. */
    public static final Dialect DEBIAN_12_LEGACY = new Dialect("1.8.9", Backend.LEGACY, true);

    /** {@code iptables v1.8.9 (nf_tables)}: how iptables names itself in messages. */
    public String banner() {
        return "iptables v" + version + " (" + backend.label() + ")";
    }

    /** The version words of iptables-save's header comment. */
    public String saveBanner() {
        return backend == Backend.NFT ? "v" + version + " (nf_tables)" : "v" + version;
    }
}
