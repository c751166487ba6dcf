package dev.nflab.host;

/** The kinds of network device the model knows. */
public enum InterfaceKind {
    LOOPBACK, ETHERNET, BRIDGE, VETH
}
