package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files one snapshot renders to (file name → contents, all inside one configuration folder), and which route
 * owns which lines of haproxy.config so that a failed check can be traced to a route.
 */
public record RenderedConfig(Map<String, String> files, Map<ObjectRef, LineRange> routeLines) {
    public static final String CONFIG_FILE = "haproxy.config";

    public RenderedConfig {
        files = Map.copyOf(new TreeMap<>(files));
        routeLines = Map.copyOf(routeLines);
    }

    /** Lines first..last (1-based, inclusive) of haproxy.config. */
    public record LineRange(int first, int last) {
        boolean contains(int line) {
            return line >= first && line <= last;
        }
    }

    public String config() {
        return files.get(CONFIG_FILE);
    }

    /** The route whose backend holds this line of haproxy.config, if any. */
    public Optional<ObjectRef> routeAtLine(int line) {
        return routeLines.entrySet().stream().filter(e -> e.getValue().contains(line)).map(Map.Entry::getKey).findFirst();
    }
}
