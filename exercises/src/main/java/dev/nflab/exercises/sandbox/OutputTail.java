package dev.nflab.exercises.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes written to it: what learner code or a worker JVM printed, bounded however
 * much it prints (a huge write is cut to its tail before it is buffered). In the sandbox package
 * because the learner's JVM (LearnerHost) uses it too, and only that package is copied there.
 */
public final class OutputTail extends OutputStream {
    private final int limit;
    private ByteArrayOutputStream buf = new ByteArrayOutputStream();

    public OutputTail(int limit) {
        this.limit = limit;
    }

    @Override public synchronized void write(int b) {
        buf.write(b);
        trim();
    }

    @Override public synchronized void write(byte[] b, int off, int len) {
        if (len > 4 * limit) {
            off += len - limit;
            len = limit;
        }
        buf.write(b, off, len);
        trim();
    }

    private void trim() {
        if (buf.size() > 4 * limit) {
            byte[] all = buf.toByteArray();
            buf = new ByteArrayOutputStream();
            buf.write(all, all.length - limit, limit);
        }
    }

    /** Forgets what was written so far. */
    public synchronized void reset() {
        buf = new ByteArrayOutputStream();
    }

    /** The last {@code limit} characters written, with "..." before them if more came first. */
    public synchronized String text() {
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.length() > limit ? "..." + s.substring(s.length() - limit) : s;
    }
}
