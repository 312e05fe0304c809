package io.signalbox.router.render;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places the routes of one render into backends. A route keeps the backend it had in the previous render while its
 * shape still fits there; a new route whose backend has the shape of a spare kind takes the lowest free spare of that
 * kind (so it can be served without a reload); every other route gets OpenShift's backend name. A render that will be
 * reloaded tops each kind back up to the configured number of spares. One instance per render.
 */
final class PoolPlacement {
    private final PoolLayout previous;
    private final int spares;
    private final String balance;
    private final String fixedCookie;
    private final RenderSettings settings;
    /** The spare of each kind, by kind; insertion order is the order kinds are tried. */
    private final Map<String, BackendModel> kinds = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Map<ObjectRef, String> backends = new HashMap<>();
    private final Map<String, String> openshiftNames = new HashMap<>();
    /** Pool backends the previous render gave to a route: not free in this render even if that route went away. */
    private final Set<String> claimed;

    PoolPlacement(PoolLayout previous, int spares, RenderSettings settings) {
        this.previous = previous;
        this.spares = spares;
        this.balance = settings.loadBalanceAlgorithm();
        this.fixedCookie = settings.cookieName();
        this.settings = settings;
        this.claimed = new HashSet<>(previous.backends().values());
        kinds.put("http", spare("http", "http", false, null));
        kinds.put("edge", spare("edge", "http", true, null));
        kinds.put("tcp", spare("tcp", "tcp", false, null));
        // Its servers carry ssl and the options that verify the pod; the CA file is loaded when a server needs it.
        kinds.put("reencrypt", spare("reencrypt", "http", true,
                new ServerTls(!settings.tls().disableHttp2(), null, null)));
    }

    /** Places a route's planned backend (named the OpenShift way) and returns it under the name it gets. */
    BackendModel place(Route route, BackendModel planned) {
        String before = previous.backends().get(route.ref());
        String name = planned.name();
        // The kind only when it matters: most routes keep the backend they had, which is not a pool backend.
        if (before != null && PoolLayout.isSlot(before)) {
            // A route whose shape changed leaves its pool backend; the render differs and is reloaded.
            if (PoolLayout.kindOf(before).equals(kindOf(planned))) {
                name = before;
            }
        } else if (before == null && spares > 0) {
            String kind = kindOf(planned);
            if (kind != null) {
                name = previous.slots().stream()
                        .filter(s -> PoolLayout.kindOf(s).equals(kind) && !used.contains(s) && !claimed.contains(s))
                        .findFirst().orElse(name);
            }
        }
        backends.put(route.ref(), name);
        if (!PoolLayout.isSlot(name)) {
            return planned;
        }
        used.add(name);
        openshiftNames.put(name, planned.name());
        return planned.placedIn(name, cookie(name));
    }

    /**
     * The empty pool backends to render: the previous config's spares (HAProxy has them), and for a render that will
     * be reloaded, new ones until each kind has the configured number free.
     */
    List<BackendModel> spares(boolean reload) {
        TreeSet<String> slots = new TreeSet<>(previous.slots());
        if (reload) {
            for (String kind : kinds.keySet()) {
                long free = slots.stream().filter(s -> PoolLayout.kindOf(s).equals(kind) && !used.contains(s)).count();
                int next = slots.stream().filter(s -> PoolLayout.kindOf(s).equals(kind))
                        .mapToInt(PoolLayout::numberOf).max().orElse(0) + 1;
                for (; free < spares; free++) {
                    slots.add(PoolLayout.slotName(kind, next++));
                }
            }
        }
        List<BackendModel> result = new ArrayList<>();
        for (String slot : slots) {
            if (!used.contains(slot)) {
                BackendModel kind = kinds.get(PoolLayout.kindOf(slot));
                result.add(BackendModel.spare(slot, kind.mode(), kind.balance(), cookie(slot), kind.secureCookie(),
                        kind.serverTls()));
            }
        }
        return result;
    }

    /** The layout this render produced; call after {@link #spares}. */
    PoolLayout layout(List<BackendModel> spareBackends) {
        TreeSet<String> slots = new TreeSet<>(used);
        spareBackends.forEach(b -> slots.add(b.name()));
        return new PoolLayout(slots, backends, openshiftNames);
    }

    private String kindOf(BackendModel planned) {
        BackendModel shape = planned.shape();
        for (Map.Entry<String, BackendModel> kind : kinds.entrySet()) {
            if (kind.getValue().shape().equals(shape)) {
                return kind.getKey();
            }
        }
        return null;
    }

    private BackendModel spare(String kind, String mode, boolean secureCookie, ServerTls serverTls) {
        // Passthrough routes balance by ROUTER_TCP_BALANCE_SCHEME, so their spares do too.
        String kindBalance = mode.equals("tcp") ? settings.tuning().tcpBalanceScheme() : balance;
        return BackendModel.spare(PoolLayout.slotName(kind, 0), mode, kindBalance, "", secureCookie, serverTls);
    }

    /** Spare backends have no route key to hash, so their cookie is named after the pool backend. */
    private String cookie(String slot) {
        return fixedCookie != null ? fixedCookie : BackendPlanner.md5(slot);
    }
}
