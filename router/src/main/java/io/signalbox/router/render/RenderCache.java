package io.signalbox.router.render;

import java.util.HashMap;
import java.util.Map;

/**
 * What one render worked out, kept for the next: a change to one route of 10,000 then plans and renders one backend
 * instead of all of them. What a render did not use is gone once it ends: between renders the cache holds the last
 * render's entries and nothing else. Not thread-safe: the renderer renders one snapshot at a time.
 */
final class RenderCache<K, V> {
    private Map<K, V> previous = new HashMap<>();
    private Map<K, V> current = new HashMap<>();

    /** The value kept for this key, or null. */
    V get(K key) {
        V value = current.get(key);
        if (value == null) {
            value = previous.remove(key);
            if (value != null) {
                current.put(key, value);
            }
        }
        return value;
    }

    void put(K key, V value) {
        current.put(key, value);
    }

    /** A render ended: what it used is kept for the next one, the rest goes. */
    void renderDone() {
        previous = current;
        current = new HashMap<>(previous.size() * 4 / 3 + 16);
    }

    /** Everything goes: an input the values depend on, other than their keys, changed. */
    void clear() {
        previous = new HashMap<>();
        current = new HashMap<>();
    }
}
