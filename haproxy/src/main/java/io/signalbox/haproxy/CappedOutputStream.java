package io.signalbox.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code cap} bytes written and drops the rest, so a chatty program cannot exhaust the heap. */
final class CappedOutputStream extends OutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int cap;
    private boolean truncated;

    CappedOutputStream(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    // synchronized: the stdout and stderr pumps write into the same stream
    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int kept = Math.min(len, cap - bytes.size());
        bytes.write(b, off, Math.max(kept, 0));
        truncated |= kept < len;
    }

    synchronized String text() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return truncated ? text + "\n[output truncated at " + cap + " bytes]" : text;
    }
}
