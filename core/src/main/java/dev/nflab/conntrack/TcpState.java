package dev.nflab.conntrack;

/** TCP connection tracking states, as {@code conntrack -L} prints them, with their timeouts. */
public enum TcpState {
    NONE(0), SYN_SENT(120), SYN_RECV(60), ESTABLISHED(432000), FIN_WAIT(120), CLOSE_WAIT(60),
    LAST_ACK(30), TIME_WAIT(120), CLOSE(10);

    private final int timeoutSeconds;

    TcpState(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }
}
