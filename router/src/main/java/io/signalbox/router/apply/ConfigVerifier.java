package io.signalbox.router.apply;

import io.signalbox.haproxy.CheckResult;
import io.signalbox.haproxy.ConfigChecker;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.render.PoolLayout;
import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.state.RouterSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders, stages and checks a snapshot with {@code haproxy -c}. When the check fails it finds the routes
 * responsible and renders again without them, so one bad route never holds back the others: first by the line
 * numbers HAProxy names, then, when the lines point at no route's backend, by bisecting the routes that changed
 * since the last config that passed.
 */
public final class ConfigVerifier {
    /** A check failure can only be pinned on this many routes in one apply; more means something global is wrong. */
    private static final int MAX_ROUNDS = 16;
    public static final String CONF_ENV = "SIGNALBOX_CONF";

    private final ConfigRenderer renderer;
    private final ConfigChecker checker;
    private final ConfigGenerations generations;
    private PoolLayout layout = PoolLayout.NONE;

    public ConfigVerifier(ConfigRenderer renderer, ConfigChecker checker, ConfigGenerations generations) {
        this.renderer = renderer;
        this.checker = checker;
        this.generations = generations;
    }

    /** A folder whose changes change what renders (the default certificate's), to be watched. */
    public Optional<Path> watchedFolder() {
        return renderer.watchedFolder();
    }

    /**
     * The outcome: a staged folder that passed (empty when nothing passes), the config in it, and the routes left
     * out with the reason for each.
     */
    public record Verified(Optional<Path> staged, RenderedConfig config, Map<ObjectRef, String> rejected, String failure) {
    }

    /**
     * @param lastGood the routes of the last config that passed; a route equal to its entry there is not suspected
     */
    public Verified verify(RouterSnapshot snapshot, Map<ObjectRef, Route> lastGood) throws IOException {
        return verify(snapshot, lastGood, PoolLayout.NONE);
    }

    /**
     * @param layout where the routes of the running config live, so that they keep their backends
     */
    public Verified verify(RouterSnapshot snapshot, Map<ObjectRef, Route> lastGood, PoolLayout layout) throws IOException {
        // Every render of this verify (bisection included) places routes the same way; one verify at a time.
        this.layout = layout;
        Map<ObjectRef, String> rejected = new LinkedHashMap<>();
        Map<ObjectRef, Route> routes = new HashMap<>(snapshot.routes());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            RenderedConfig rendered = render(snapshot.withRoutes(routes));
            Path staged = generations.stage(rendered);
            CheckResult result = check(staged);
            if (result.valid()) {
                return new Verified(Optional.of(staged), rendered, rejected, "");
            }
            generations.discard(staged);
            Map<ObjectRef, String> blamed = blameByLine(rendered, result, staged);
            if (blamed.isEmpty()) {
                blamed = bisect(snapshot, routes, lastGood);
            }
            if (blamed.isEmpty()) {
                return new Verified(Optional.empty(), rendered, rejected, summary(result.output()));
            }
            blamed.keySet().forEach(routes::remove);
            rejected.putAll(blamed);
        }
        return new Verified(Optional.empty(), render(snapshot.withRoutes(routes)), rejected,
                "the configuration check kept failing after " + MAX_ROUNDS + " routes were left out");
    }

    /** A render for the runtime API: no new spare backends, since HAProxy could not get them without a reload. */
    public RenderedConfig renderForRuntime(RouterSnapshot snapshot, PoolLayout running) {
        return renderer.render(snapshot, running, false);
    }

    private RenderedConfig render(RouterSnapshot snapshot) {
        return renderer.render(snapshot, layout, true);
    }

    /** {@code haproxy -c} on a staged folder, map paths pointing into it, at low CPU priority: nothing waits for it. */
    public CheckResult check(Path staged) throws IOException {
        return checker.checkInBackground(staged.resolve(RenderedConfig.CONFIG_FILE),
                Map.of(CONF_ENV, staged.toString()));
    }

    private static Map<ObjectRef, String> blameByLine(RenderedConfig rendered, CheckResult result, Path staged) {
        Map<ObjectRef, String> blamed = new LinkedHashMap<>();
        String prefix = "[" + staged.resolve(RenderedConfig.CONFIG_FILE) + ":";
        for (int line : result.errorLines()) {
            rendered.routeAtLine(line).ifPresent(ref -> blamed.putIfAbsent(ref, alertFor(result.output(), prefix + line + "]")));
        }
        return blamed;
    }

    /** The ALERT text HAProxy wrote for one line, without the staging path. */
    private static String alertFor(String output, String marker) {
        for (String line : output.split("\n")) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                String rest = line.substring(at + marker.length()).replaceFirst("^\\s*:\\s*", "");
                return "haproxy -c rejected the backend this route renders: " + rest.strip();
            }
        }
        return "haproxy -c rejected the backend this route renders";
    }

    private Map<ObjectRef, String> bisect(RouterSnapshot snapshot, Map<ObjectRef, Route> routes,
                                          Map<ObjectRef, Route> lastGood) throws IOException {
        Map<ObjectRef, Route> base = new HashMap<>();
        List<ObjectRef> suspects = new ArrayList<>();
        routes.forEach((ref, route) -> {
            if (route.equals(lastGood.get(ref))) {
                base.put(ref, route);
            } else {
                suspects.add(ref);
            }
        });
        suspects.sort(null);
        // If the routes that passed before fail on their own, the fault is not in any changed route.
        if (suspects.isEmpty() || !passes(snapshot, base)) {
            return Map.of();
        }
        Map<ObjectRef, String> bad = new LinkedHashMap<>();
        for (ObjectRef ref : findBad(snapshot, base, suspects, routes)) {
            bad.put(ref, "haproxy -c rejected the configuration with this route in it, and accepted it without");
        }
        return bad;
    }

    private List<ObjectRef> findBad(RouterSnapshot snapshot, Map<ObjectRef, Route> base, List<ObjectRef> suspects,
                                    Map<ObjectRef, Route> routes) throws IOException {
        if (passes(snapshot, with(base, suspects, routes))) {
            return List.of();
        }
        if (suspects.size() == 1) {
            return suspects;
        }
        List<ObjectRef> first = suspects.subList(0, suspects.size() / 2);
        List<ObjectRef> second = suspects.subList(suspects.size() / 2, suspects.size());
        List<ObjectRef> badFirst = findBad(snapshot, base, first, routes);
        List<ObjectRef> goodFirst = first.stream().filter(r -> !badFirst.contains(r)).toList();
        List<ObjectRef> bad = new ArrayList<>(badFirst);
        bad.addAll(findBad(snapshot, with(base, goodFirst, routes), second, routes));
        return bad;
    }

    private static Map<ObjectRef, Route> with(Map<ObjectRef, Route> base, List<ObjectRef> add, Map<ObjectRef, Route> routes) {
        Map<ObjectRef, Route> result = new HashMap<>(base);
        add.forEach(ref -> result.put(ref, routes.get(ref)));
        return result;
    }

    private boolean passes(RouterSnapshot snapshot, Map<ObjectRef, Route> routes) throws IOException {
        Path staged = generations.stage(render(snapshot.withRoutes(routes)));
        try {
            return check(staged).valid();
        } finally {
            generations.discard(staged);
        }
    }

    private static String summary(String output) {
        return output.lines().filter(l -> l.contains("ALERT")).limit(5).reduce((a, b) -> a + "; " + b)
                .orElse(output.strip());
    }

    /** Routes that need not be suspected in the next verify: what passed now. */
    public static Map<ObjectRef, Route> passed(RouterSnapshot snapshot, Set<ObjectRef> rejected) {
        Map<ObjectRef, Route> result = new HashMap<>(snapshot.routes());
        rejected.forEach(result::remove);
        return result;
    }
}
