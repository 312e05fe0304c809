package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files one snapshot renders to (file name → contents, all inside one configuration folder), the certificate
 * files they refer to (file name → PEM, in the certificate folder, named by their contents), and which route owns
 * which lines of haproxy.config so that a failed check can be traced to a route.
 */
public record RenderedConfig(Map<String, String> files, Map<String, String> certificates,
                             Map<ObjectRef, LineRange> routeLines) {
    public static final String CONFIG_FILE = "haproxy.config";

    public RenderedConfig {
        files = Map.copyOf(new TreeMap<>(files));
        certificates = Map.copyOf(certificates);
        routeLines = Map.copyOf(routeLines);
    }

    /** Lines first..last (1-based, inclusive) of haproxy.config. */
    public record LineRange(int first, int last) {
        boolean contains(int line) {
            return line >= first && line <= last;
        }
    }

    /** Never prints the certificates: they hold private keys. */
    @Override
    public String toString() {
        return "RenderedConfig" + files.keySet() + " with " + certificates.size() + " certificate files";
    }

    public String config() {
        return files.get(CONFIG_FILE);
    }

    /** The route whose backend holds this line of haproxy.config, if any. */
    public Optional<ObjectRef> routeAtLine(int line) {
        return routeLines.entrySet().stream().filter(e -> e.getValue().contains(line)).map(Map.Entry::getKey).findFirst();
    }
}
