package io.signalbox.router.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.render.PoolLayout;
import io.signalbox.router.render.RenderedConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a config folder's files do not say themselves: where each route was placed and which backends hold route
 * endpoints. Written into each generation beside the files, so that a daemon that adopts a running HAProxy can
 * rebuild the running config exactly and go on diffing against it (runtime API changes, no needless reload).
 */
final class LayoutFile {
    static final String NAME = "signalbox-layout.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LayoutFile() {
    }

    static String write(RenderedConfig config) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        PoolLayout pool = config.pool();
        pool.slots().forEach(root.putArray("slots")::add);
        ObjectNode backends = root.putObject("backends");
        new TreeMap<>(pool.backends()).forEach((ref, backend) -> backends.put(ref.toString(), backend));
        ObjectNode names = root.putObject("openshiftNames");
        new TreeMap<>(pool.openshiftNames()).forEach(names::put);
        new TreeSet<>(config.routeBackends()).forEach(root.putArray("routeBackends")::add);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** The config whose files are {@code files}, as laid out by {@code text}; no certificates or line ranges. */
    static RenderedConfig read(String text, Map<String, String> files) throws IOException {
        JsonNode root = JSON.readTree(text);
        Set<String> slots = new TreeSet<>();
        root.path("slots").forEach(n -> slots.add(n.asText()));
        Map<ObjectRef, String> backends = new HashMap<>();
        root.path("backends").fields().forEachRemaining(e -> backends.put(ref(e.getKey()), e.getValue().asText()));
        Map<String, String> names = new HashMap<>();
        root.path("openshiftNames").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
        Set<String> routeBackends = new HashSet<>();
        root.path("routeBackends").forEach(n -> routeBackends.add(n.asText()));
        return new RenderedConfig(files, Map.of(), Map.of(), new PoolLayout(new TreeSet<>(slots), backends, names),
                routeBackends);
    }

    private static ObjectRef ref(String text) throws IllegalArgumentException {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not namespace/name: " + text);
        }
        return new ObjectRef(text.substring(0, slash), text.substring(slash + 1));
    }
}
