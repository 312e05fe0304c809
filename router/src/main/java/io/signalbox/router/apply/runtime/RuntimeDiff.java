package io.signalbox.router.apply.runtime;

import io.signalbox.router.apply.runtime.ChangePlan.NeedsReload;
import io.signalbox.router.apply.runtime.ChangePlan.RuntimePlan;
import io.signalbox.router.apply.runtime.RuntimeOp.AddServer;
import io.signalbox.router.apply.runtime.RuntimeOp.DeleteMapEntry;
import io.signalbox.router.apply.runtime.RuntimeOp.DeleteServer;
import io.signalbox.router.apply.runtime.RuntimeOp.PutMapEntry;
import io.signalbox.router.apply.runtime.RuntimeOp.SetAddress;
import io.signalbox.router.apply.runtime.RuntimeOp.SetWeight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The diff between the running render and a new one, as runtime API operations when every difference is one the
 * runtime API can make: servers of existing route backends, map entries, and the crt-list with its certificates
 * ({@link CertListDiff}). Anything else (global or frontend settings, a new backend, a backend whose settings
 * changed, other files such as allowlists) needs a reload. Pure.
 *
 * <p>Order keeps traffic flowing: servers are added or changed first, so a new route's backend serves before a map
 * points at it; then map entries change; servers leave last, after no map points at their backend any more.
 */
public final class RuntimeDiff {
    private RuntimeDiff() {
    }

    public static ChangePlan plan(RenderModel running, RenderModel next) {
        if (!running.skeleton().equals(next.skeleton())) {
            return new NeedsReload("config-changed", "global, defaults or frontend settings changed");
        }
        for (String file : new TreeSet<>(next.otherFiles().keySet())) {
            if (!next.otherFiles().get(file).equals(running.otherFiles().get(file))) {
                return new NeedsReload("files-changed", file + " changed");
            }
        }
        Optional<CertListDiff.Ops> certOps = CertListDiff.plan(running, next);
        if (certOps.isEmpty()) {
            return new NeedsReload("certificates", "a crt-list entry to delete shares its certificate file");
        }
        for (Map.Entry<String, ConfigLines> section : next.sections().entrySet()) {
            ConfigLines before = running.sections().get(section.getKey());
            if (before == null) {
                return new NeedsReload("backend-added", "new backend " + section.getKey());
            }
            if (!before.equals(section.getValue())) {
                return new NeedsReload("backend-changed", "settings of backend " + section.getKey() + " changed");
            }
        }
        List<RuntimeOp> first = new ArrayList<>();
        List<RuntimeOp> replaced = new ArrayList<>();
        List<RuntimeOp> last = new ArrayList<>();
        // Only backends whose servers differ, in name order: a change touches few of 10,000 backends.
        TreeSet<String> changed = new TreeSet<>();
        running.servers().forEach((backend, servers) -> {
            if (!servers.equals(next.servers().get(backend))) {
                changed.add(backend);
            }
        });
        next.servers().keySet().stream().filter(b -> !running.servers().containsKey(b)).forEach(changed::add);
        for (String backend : changed) {
            // A route backend that left the render stays in HAProxy, empty and unreferenced, until the next reload.
            Map<String, ServerSpec> before = running.servers().getOrDefault(backend, Map.of());
            Map<String, ServerSpec> after = next.servers().getOrDefault(backend, Map.of());
            before.keySet().stream().filter(s -> !after.containsKey(s))
                    .forEach(s -> last.add(new DeleteServer(backend, s)));
            after.forEach((server, spec) -> {
                ServerSpec old = before.get(server);
                if (old != null && !old.optionsButWeight().equals(spec.optionsButWeight())) {
                    // Health checks go on with a second endpoint and off with the last but one (as OpenShift does),
                    // and a server without "check" cannot have them enabled: the server is replaced, after the
                    // servers this plan adds, so the backend keeps serving meanwhile.
                    replaced.add(new DeleteServer(backend, server));
                    replaced.add(new AddServer(backend, server, spec));
                } else {
                    first.addAll(serverOps(backend, server, old, spec));
                }
            });
        }
        List<RuntimeOp> mapOps = mapOps(running.maps(), next.maps());
        List<RuntimeOp> ops = new ArrayList<>(first);
        ops.addAll(replaced);
        ops.addAll(certOps.get().first());
        ops.addAll(mapOps);
        ops.addAll(last);
        ops.addAll(certOps.get().last());
        boolean certificates = !certOps.get().first().isEmpty() || !certOps.get().last().isEmpty();
        List<String> caFiles = new ArrayList<>(caFiles(next));
        caFiles.removeAll(caFiles(running));
        String reason = !mapOps.isEmpty() ? "routes" : certificates ? "certificates" : "endpoints";
        return new RuntimePlan(ops, reason, caFiles);
    }

    /** The CA files the servers of a render name: HAProxy holds these once it runs that render. */
    private static Set<String> caFiles(RenderModel model) {
        Set<String> files = new TreeSet<>();
        model.servers().values().forEach(servers -> servers.values().forEach(s -> s.caFile().ifPresent(files::add)));
        return files;
    }

    private static List<RuntimeOp> serverOps(String backend, String server, ServerSpec before, ServerSpec after) {
        if (before == null) {
            return List.of(new AddServer(backend, server, after));
        }
        List<RuntimeOp> ops = new ArrayList<>();
        if (!before.address().equals(after.address())) {
            ops.add(new SetAddress(backend, server, after));
        }
        if (before.weight() != after.weight()) {
            ops.add(new SetWeight(backend, server, after.weight()));
        }
        return ops;
    }

    private static List<RuntimeOp> mapOps(Map<String, Map<String, String>> running, Map<String, Map<String, String>> next) {
        List<RuntimeOp> puts = new ArrayList<>();
        List<RuntimeOp> deletes = new ArrayList<>();
        TreeSet<String> files = new TreeSet<>(running.keySet());
        files.addAll(next.keySet());
        for (String file : files) {
            Map<String, String> before = running.getOrDefault(file, Map.of());
            Map<String, String> after = next.getOrDefault(file, Map.of());
            after.forEach((key, value) -> {
                String old = before.get(key);
                if (!value.equals(old)) {
                    puts.add(new PutMapEntry(file, key, value, old != null));
                }
            });
            before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> deletes.add(new DeleteMapEntry(file, k)));
        }
        puts.addAll(deletes);
        return puts;
    }
}
