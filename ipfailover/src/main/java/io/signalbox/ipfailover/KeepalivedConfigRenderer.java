package io.signalbox.ipfailover;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders this node's keepalived.conf from validated settings and the {@link VipPlan}. A pure function: every
 * value that reaches the template has been parsed into an address, a number or a checked word first.
 */
public final class KeepalivedConfigRenderer {
    private static final Pattern SCRIPT_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    static final String TEMPLATE = "io/signalbox/ipfailover/keepalived.conf.peb";

    private final PebbleTemplate template;

    public KeepalivedConfigRenderer() {
        // keepalived syntax is not HTML: no escaping. Block tags start with {%- to swallow their own line break.
        this.template = new PebbleEngine.Builder()
                .loader(new ClasspathLoader())
                .autoEscaping(false)
                .newLineTrimming(false)
                .strictVariables(true)
                .build()
                .getTemplate(TEMPLATE);
    }

    public String render(FailoverConfig config, VipPlan plan, FailoverPaths paths) {
        int self = config.nodeIndex();
        List<Map<String, Object>> instances = new ArrayList<>();
        for (VipPlan.Instance instance : plan.instances()) {
            instances.add(Map.of(
                    "name", instance.name(),
                    "vrid", instance.vrid(),
                    "priority", instance.priorityOf(self),
                    "home", config.nodes().get(instance.homeNode()).toString(),
                    "vips", instance.vips().stream().map(Object::toString).toList()));
        }
        Map<String, Object> context = new HashMap<>();
        context.put("node", config.self().toString());
        context.put("nodeIndex", self + 1);
        context.put("nodeCount", config.nodes().size());
        context.put("vrrpVersion", config.vrrpVersion());
        context.put("notifyFifo", paths.notifyFifo().toString());
        context.put("trackFile", paths.trackFile().toString());
        context.put("scriptUser", scriptUser());
        context.put("checkScript", checkScript(config));
        context.put("checkInterval", config.checkIntervalSeconds());
        context.put("interface", config.networkInterface());
        context.put("advertInterval", config.advertInterval().keepalivedValue());
        context.put("preemption", config.preemption().keepalivedLine());
        context.put("unicastPeers", config.unicastPeers().stream().map(Object::toString).toList());
        context.put("notifyScript", config.notifyScript().map(ScriptCommand::text).orElse(null));
        context.put("instances", instances);
        StringWriter out = new StringWriter();
        try {
            template.evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Scripts run as the user keepalived runs as, which is the daemon's: root, or a dedicated user with network
     * capabilities. A non-root keepalived refuses to run scripts as root under script security.
     */
    private static String scriptUser() {
        String user = System.getProperty("user.name", "root");
        if (!SCRIPT_USER.matcher(user).matches()) {
            throw new IllegalStateException("the daemon's user name '" + user + "' cannot be keepalived's script_user");
        }
        return user;
    }

    /** ipfailover's check: the custom script, else "does this node's address accept on the monitor port". */
    private static String checkScript(FailoverConfig config) {
        if (config.checkScript().isPresent()) {
            return config.checkScript().get().text();
        }
        if (config.monitorPort() == 0) {
            return null;
        }
        return "/bin/bash -c '</dev/tcp/" + config.self() + "/" + config.monitorPort() + "'";
    }
}
