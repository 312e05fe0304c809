package io.signalbox.haproxy;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a long-running program printed, to explain a failed start or reload. */
final class OutputTail {

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private long added;

    OutputTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
        added++;
    }

    /** A position to pass to {@link #since(long)} later. */
    synchronized long mark() {
        return added;
    }

    /** The retained lines added after {@code mark}, joined by newlines. */
    synchronized String since(long mark) {
        long skip = Math.max(0, mark - (added - lines.size()));
        return String.join("\n", lines.stream().skip(skip).toList());
    }
}
