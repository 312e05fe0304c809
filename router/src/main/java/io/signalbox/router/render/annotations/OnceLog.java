package io.signalbox.router.render.annotations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once per route, annotation and value: every render reads every route's annotations again, and an operator
 * wants one line per mistake, not one per reload.
 */
public final class OnceLog {
    private static final Logger LOG = LoggerFactory.getLogger(OnceLog.class);
    private static final int REMEMBERED = 10_000;

    /** Oldest first, so that a flood of distinct mistakes forgets the oldest rather than growing without end. */
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    private final Consumer<String> sink;

    public OnceLog() {
        this(LOG::warn);
    }

    public OnceLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Logs the message the first time this key is seen. */
    public synchronized void warn(String key, String message) {
        if (seen.add(key)) {
            sink.accept(message);
        }
    }
}
