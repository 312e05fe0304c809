package io.signalbox.router.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a snapshot into haproxy.config (through a Pebble template), the lookup maps, the crt-list and the
 * certificate files they name. A function of the snapshot and the default certificate.
 */
public final class ConfigRenderer {
    static final String DEFAULT_TEMPLATE = "io/signalbox/haproxy/haproxy-config.peb";
    static final String CERT_LIST = RenderedConfig.CERT_LIST;

    private final RenderSettings settings;
    private final RuntimeSettings runtime;
    private final BackendPlanner planner;
    private final RenderCache<Object, String> sections = new RenderCache<>();
    private final PebbleTemplate template;
    private final CertificateFiles certificateFiles;
    /** The template's inputs other than the backends at the last render: cached sections hold while they do. */
    private Map<String, Object> lastGlobals = Map.of();

    public ConfigRenderer(RenderSettings settings) {
        this(settings, RuntimeSettings.RELOAD_ONLY);
    }

    public ConfigRenderer(RenderSettings settings, RuntimeSettings runtime) {
        this.settings = settings;
        this.runtime = runtime;
        this.planner = new BackendPlanner(settings);
        this.template = loadTemplate(settings, sections);
        this.certificateFiles = new CertificateFiles(settings.tls().certDir());
    }

    private static PebbleTemplate loadTemplate(RenderSettings settings, RenderCache<Object, String> sections) {
        // HAProxy syntax is not HTML: no escaping, and keep the template's own line breaks.
        PebbleEngine.Builder builder = new PebbleEngine.Builder()
                .extension(new CachedTag(sections))
                .autoEscaping(false)
                .newLineTrimming(false)
                .strictVariables(true)
                .cacheActive(false);
        try {
            if (settings.templateFile().isPresent()) {
                Path file = settings.templateFile().get().toAbsolutePath();
                return builder.loader(new FileLoader(file.getParent().toString())).build()
                        .getTemplate(file.getFileName().toString());
            }
            return builder.loader(new ClasspathLoader()).build().getTemplate(DEFAULT_TEMPLATE);
        } catch (PebbleException e) {
            throw new IllegalArgumentException("TEMPLATE_FILE: cannot load the template: " + e.getMessage(), e);
        }
    }

    /** The default certificate's folder, when it comes from one: a change there changes the next render. */
    public Optional<Path> watchedFolder() {
        return settings.tls().defaultCertificate().watchedDirectory();
    }

    public RenderedConfig render(RouterSnapshot snapshot) {
        return render(snapshot, PoolLayout.NONE, true);
    }

    /**
     * Synchronized because what one render works out is kept for the next: certificate file names, each route's
     * backend and each backend's section, reused while their inputs are the same.
     *
     * @param previous where the routes of the running config live; routes keep their backends
     * @param reload   the config will be loaded by a reload, so new spare backends may be added
     */
    public synchronized RenderedConfig render(RouterSnapshot snapshot, PoolLayout previous, boolean reload) {
        try {
            return renderOnce(snapshot, previous, reload);
        } finally {
            sections.renderDone();
            planner.renderDone();
            certificateFiles.renderDone();
        }
    }

    private RenderedConfig renderOnce(RouterSnapshot snapshot, PoolLayout previous, boolean reload) {
        PoolPlacement placement = new PoolPlacement(previous, runtime.spareBackends(), settings);
        Map<String, String> certificates = new HashMap<>();
        String defaultPem = settings.tls().defaultCertificate().pem();
        String defaultFile = CertificateFiles.name(defaultPem);
        certificates.put(defaultFile, defaultPem);

        List<BackendModel> backends = new ArrayList<>();
        Map<ObjectRef, String> backendNames = new HashMap<>();
        Map<ObjectRef, String> servingFiles = new HashMap<>();
        Map<String, ObjectRef> owners = new HashMap<>();
        // Sorted by namespace and name, as OpenShift's template ranges over its state: the same input, the same bytes.
        for (Route route : new TreeMap<>(snapshot.routes()).values()) {
            String destinationCa = null;
            if (route.tls() != null) {
                CertificateFiles.RouteFiles files = certificateFiles.forRoute(route.tls());
                if (files.serving() != null && RouteTls.terminated(route)) {
                    certificates.put(files.serving(), files.servingPem());
                    servingFiles.put(route.ref(), certificateFiles.path(files.serving()));
                }
                if (files.destinationCa() != null && RouteTls.reencrypt(route)) {
                    certificates.put(files.destinationCa(), files.destinationCaPem());
                    destinationCa = certificateFiles.path(files.destinationCa());
                }
            }
            BackendModel backend = placement.place(route, planner.plan(route, snapshot.endpoints(), destinationCa));
            backends.add(backend);
            backendNames.put(route.ref(), backend.name());
            owners.put(backend.name(), route.ref());
        }
        List<BackendModel> spares = placement.spares(reload);
        Set<String> routeBackends = new HashSet<>(owners.keySet());
        spares.forEach(b -> routeBackends.add(b.name()));
        backends.addAll(spares);
        Collection<Route> routes = snapshot.routes().values();
        FrontendMaps maps = FrontendMaps.build(routes, backendNames);

        TlsSettings tls = settings.tls();
        Map<String, Object> context = new HashMap<>();
        context.put("bindAddress", settings.bindAddress());
        context.put("httpPort", settings.httpPort());
        context.put("httpsPort", tls.httpsPort());
        context.put("sniSocket", tls.sniSocket().toString());
        context.put("noSniSocket", tls.noSniSocket().toString());
        context.put("defaultCertificate", certificateFiles.path(defaultFile));
        context.put("strictSni", tls.strictSni());
        context.put("sslMinVersion", tls.ciphers().minVersion());
        context.put("sslMaxVersion", tls.ciphers().maxVersion().orElse(null));
        context.put("ciphers", tls.ciphers().ciphers());
        context.put("cipherSuites", tls.ciphers().cipherSuites().orElse(null));
        context.put("statsSocket", settings.statsSocket().toString());
        context.put("maxConnections", settings.maxConnections().orElse(null));
        context.put("errorFile503", settings.errorFile503().toString());
        context.put("errorFile404", settings.errorFile404().map(Object::toString).orElse(null));
        context.put("tuning", settings.tuning());
        context.put("hardStopAfter", runtime.hardStopAfter());
        context.put("idleCloseOnResponse", runtime.idleCloseOnResponse());
        // Servers added through the runtime API cannot carry a cookie value: HAProxy derives it (OpenShift's DCM too).
        context.put("dynamicCookies", runtime.runtimeApi());
        if (!context.equals(lastGlobals)) {
            sections.clear();
            lastGlobals = new HashMap<>(context); // values may be null
        }
        context.put("backends", backends);
        JoiningWriter out = new JoiningWriter();
        try {
            template.evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String config = out.toString();
        Map<String, String> files = new TreeMap<>();
        files.put(RenderedConfig.CONFIG_FILE, config);
        maps.addFiles(files);
        files.put(CERT_LIST, CertList.render(routes, servingFiles, defaultPem, tls.disableHttp2()));
        // Long allowlists live beside the config, so the check covers them and a generation is complete on its own.
        backends.stream().filter(b -> b.allowlistFile() != null)
                .forEach(b -> files.put(b.allowlistFile(), b.options().allowlist().fileContents()));
        return new RenderedConfig(files, certificates, BackendLines.find(config, owners), placement.layout(spares),
                routeBackends);
    }
}
