package io.signalbox.router.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.state.RouterSnapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders a snapshot into haproxy.config (through a Pebble template) and the lookup maps. A pure function. */
public final class ConfigRenderer {
    static final String DEFAULT_TEMPLATE = "io/signalbox/haproxy/haproxy-config.peb";

    private final RenderSettings settings;
    private final BackendPlanner planner;
    private final PebbleTemplate template;

    public ConfigRenderer(RenderSettings settings) {
        this.settings = settings;
        this.planner = new BackendPlanner(settings);
        this.template = loadTemplate(settings);
    }

    private static PebbleTemplate loadTemplate(RenderSettings settings) {
        // HAProxy syntax is not HTML: no escaping, and keep the template's own line breaks.
        PebbleEngine.Builder builder = new PebbleEngine.Builder()
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

    public RenderedConfig render(RouterSnapshot snapshot) {
        List<BackendModel> backends = new ArrayList<>();
        Map<ObjectRef, String> backendNames = new HashMap<>();
        Map<String, ObjectRef> owners = new HashMap<>();
        // Sorted by namespace and name, as OpenShift's template ranges over its state: the same input, the same bytes.
        for (Route route : new TreeMap<>(snapshot.routes()).values()) {
            BackendModel backend = planner.plan(route, snapshot.endpoints());
            backends.add(backend);
            backendNames.put(route.ref(), backend.name());
            owners.put(backend.name(), route.ref());
        }
        RouteMaps.Maps maps = RouteMaps.build(snapshot.routes(), backendNames);

        Map<String, Object> context = new HashMap<>();
        context.put("backends", backends);
        context.put("bindAddress", settings.bindAddress());
        context.put("httpPort", settings.httpPort());
        context.put("statsSocket", settings.statsSocket().toString());
        context.put("maxConnections", settings.maxConnections().orElse(null));
        context.put("errorFile503", settings.errorFile503().toString());
        context.put("errorFile404", settings.errorFile404().map(Object::toString).orElse(null));
        StringWriter out = new StringWriter(4096 + backends.size() * 1024);
        try {
            template.evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String config = out.toString();
        Map<String, String> files = new TreeMap<>();
        files.put(RenderedConfig.CONFIG_FILE, config);
        files.put("http_exact.map", maps.exactFile());
        files.put("http_prefix.map", maps.prefixFile());
        return new RenderedConfig(files, BackendLines.find(config, owners));
    }
}
