package io.signalbox.router.source;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.EnvReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the router reaches a Kubernetes API and what it watches there.
 *
 * @param masterUrl        KUBERNETES_MASTER: the API server's URL (overrides the kubeconfig's server)
 * @param kubeconfig       KUBECONFIG: a kubeconfig file (its current context)
 * @param inCluster        running in a pod (KUBERNETES_SERVICE_HOST is set): the service account is used
 * @param namespace        SIGNALBOX_NAMESPACE (--namespace): watch only this namespace; "" watches all
 * @param watchEndpoints   ROUTER_WATCH_ENDPOINTS: watch v1 Endpoints instead of EndpointSlices
 * @param routeLabels      ROUTE_LABELS: label selector on the route watch
 * @param routeFields      ROUTE_FIELDS: field selector on the route watch ("a=b,c!=d")
 * @param namespaceLabels  NAMESPACE_LABELS: label selector on the namespace watch; empty: no namespace watch
 * @param updateStatus     ROUTER_UPDATE_STATUS: write route status to the API (otherwise only log it)
 * @param leaseNamespace   ROUTER_SERVICE_NAMESPACE, else POD_NAMESPACE, else the service account's: the status
 *                         writer lease lives there
 * @param identity         POD_NAME, else the host name: who holds the status writer lease
 * @param resyncInterval   RESYNC_INTERVAL: informer resync, as OpenShift's (default 30m)
 * @param startupTimeout   SIGNALBOX_API_STARTUP_TIMEOUT: how long to wait for the API before serving the state
 *                         persisted by the last run
 */
public record KubeSettings(
        Optional<String> masterUrl,
        Optional<Path> kubeconfig,
        boolean inCluster,
        String namespace,
        boolean watchEndpoints,
        Optional<String> routeLabels,
        Optional<String> routeFields,
        Optional<String> namespaceLabels,
        boolean updateStatus,
        String leaseNamespace,
        String identity,
        Duration resyncInterval,
        Duration startupTimeout) {

    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    /** The cluster settings, or empty when none of KUBERNETES_MASTER, KUBECONFIG or a pod environment is there. */
    public static Optional<KubeSettings> fromEnv(EnvReader env) {
        Optional<String> master = env.get("KUBERNETES_MASTER");
        master.ifPresent(KubeSettings::checkUrl);
        Optional<Path> kubeconfig = env.path("KUBECONFIG");
        kubeconfig.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                throw new ConfigException("KUBECONFIG=" + p + ": not a readable file");
            }
        });
        boolean inCluster = env.get("KUBERNETES_SERVICE_HOST").isPresent();
        if (master.isEmpty() && kubeconfig.isEmpty() && !inCluster) {
            return Optional.empty();
        }
        Optional<String> fields = env.get("ROUTE_FIELDS");
        fields.ifPresent(KubeSettings::checkFieldSelector);
        return Optional.of(new KubeSettings(
                master,
                kubeconfig,
                inCluster,
                env.string("SIGNALBOX_NAMESPACE", ""),
                env.bool("ROUTER_WATCH_ENDPOINTS", false),
                env.get("ROUTE_LABELS"),
                fields,
                env.get("NAMESPACE_LABELS"),
                env.bool("ROUTER_UPDATE_STATUS", true),
                env.get("ROUTER_SERVICE_NAMESPACE").or(() -> env.get("POD_NAMESPACE"))
                        .or(KubeSettings::serviceAccountNamespace).orElse("default"),
                env.get("POD_NAME").orElseGet(KubeSettings::hostName),
                positive(env, "RESYNC_INTERVAL", Duration.ofMinutes(30)),
                positive(env, "SIGNALBOX_API_STARTUP_TIMEOUT", Duration.ofSeconds(30))));
    }

    /** "a=b,c!=d" as name → (negated, value) pairs; fabric8 takes field selectors one by one. */
    public static List<FieldRequirement> fieldRequirements(String selector) {
        List<FieldRequirement> out = new ArrayList<>();
        for (String part : selector.split(",")) {
            String term = part.trim();
            if (term.isEmpty()) {
                continue;
            }
            int not = term.indexOf("!=");
            int eq = term.indexOf('=');
            if (not > 0) {
                out.add(new FieldRequirement(term.substring(0, not).trim(), true, term.substring(not + 2).trim()));
            } else if (eq > 0) {
                int skip = term.startsWith("==", eq) ? 2 : 1;
                out.add(new FieldRequirement(term.substring(0, eq).trim(), false, term.substring(eq + skip).trim()));
            } else {
                throw new IllegalArgumentException("\"" + term + "\" is not field=value or field!=value");
            }
        }
        return out;
    }

    /** One term of a field selector. */
    public record FieldRequirement(String field, boolean negated, String value) {
    }

    private static void checkFieldSelector(String selector) {
        try {
            fieldRequirements(selector);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ROUTE_FIELDS=" + selector + ": " + e.getMessage());
        }
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(url, "needs a scheme and a host");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("KUBERNETES_MASTER=" + url + ": not a URL (example: https://api.example.com:6443)");
        }
    }

    private static Duration positive(EnvReader env, String name, Duration fallback) {
        Duration value = env.goDuration(name, fallback);
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(name + "=" + env.get(name).orElse("") + ": must be positive");
        }
        return value;
    }

    private static Optional<String> serviceAccountNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "signalbox-" + ProcessHandle.current().pid();
        }
    }
}
