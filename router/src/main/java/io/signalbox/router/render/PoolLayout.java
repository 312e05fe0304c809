package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which backend each route rendered into, and which spare pool backends ({@code be_pool_<kind>_<n>}) the config
 * holds. The next render reads it so that a route keeps its backend name: a route served from a pool backend at
 * runtime is written in that same pool backend on disk, so a reload at any moment gives the same routing.
 *
 * @param slots    every pool backend of the config, used or spare
 * @param backends the backend name of every route in the config (an OpenShift name or a pool backend)
 */
public record PoolLayout(SortedSet<String> slots, Map<ObjectRef, String> backends, Map<String, String> openshiftNames) {
    public static final PoolLayout NONE = new PoolLayout(new TreeSet<>(), Map.of(), Map.of());
    static final String PREFIX = "be_pool_";

    /**
     * @param openshiftNames for each used pool backend, the OpenShift name of the route backend it stands in for
     *                       (metrics label it as that route)
     */
    public PoolLayout {
        slots = Collections.unmodifiableSortedSet(new TreeSet<>(slots));
        backends = Map.copyOf(backends);
        openshiftNames = Map.copyOf(openshiftNames);
    }

    static String slotName(String kind, int number) {
        return PREFIX + kind + "_" + number;
    }

    /** A pool backend, used or spare. */
    public static boolean isSlot(String backend) {
        return backend.startsWith(PREFIX);
    }

    /** "http" for be_pool_http_3. */
    static String kindOf(String slot) {
        return slot.substring(PREFIX.length(), slot.lastIndexOf('_'));
    }

    static int numberOf(String slot) {
        return Integer.parseInt(slot.substring(slot.lastIndexOf('_') + 1));
    }
}
