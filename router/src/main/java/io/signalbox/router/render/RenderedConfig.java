package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files one snapshot renders to (file name → contents, all inside one configuration folder), the certificate
 * files they refer to (file name → PEM, in the certificate folder, named by their contents), and which route owns
 * which lines of haproxy.config so that a failed check can be traced to a route.
 */
public record RenderedConfig(Map<String, String> files, Map<String, String> certificates,
                             Map<ObjectRef, LineRange> routeLines, PoolLayout pool, Set<String> routeBackends) {
    public static final String CONFIG_FILE = "haproxy.config";
    /** The crt-list of the SNI frontend; OpenShift's name for it. */
    public static final String CERT_LIST = "cert_config.map";

    /**
     * @param pool          where each route was placed, and the pool backends the config holds
     * @param routeBackends the backends that hold route endpoints (routes' and spare pool backends): the runtime API
     *                      may change their servers
     */
    public RenderedConfig {
        files = Map.copyOf(new TreeMap<>(files));
        certificates = Map.copyOf(certificates);
        routeLines = Map.copyOf(routeLines);
        routeBackends = Set.copyOf(routeBackends);
    }

    public RenderedConfig(Map<String, String> files, Map<String, String> certificates, Map<ObjectRef, LineRange> routeLines) {
        this(files, certificates, routeLines, PoolLayout.NONE, Set.of());
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
