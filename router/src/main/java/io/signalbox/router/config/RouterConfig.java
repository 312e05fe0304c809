package io.signalbox.router.config;

import io.signalbox.ipfailover.FailoverConfig;
import io.signalbox.ipfailover.FailoverConfigException;
import io.signalbox.router.admission.AdmissionSettings;
import io.signalbox.router.admission.LabelSelector;
import io.signalbox.router.render.BackendPlanner;
import io.signalbox.router.render.RenderSettings;
import io.signalbox.router.render.RuntimeSettings;
import io.signalbox.router.source.KubeSettings;
import io.signalbox.router.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.signalbox.router.source.ManifestParser;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every setting of the router, read once from the environment (OpenShift's names where one exists, SIGNALBOX_*
 * otherwise) and validated: a bad value stops start-up with a message that names the variable. Routes come from
 * {@code manifestsDir} when SIGNALBOX_MANIFESTS_DIR is set, otherwise from the cluster in {@code kube} (then
 * {@code manifestsDir} is null).
 */
public record RouterConfig(
        Path manifestsDir,
        Duration manifestsRescanInterval,
        int manifestMaxBytes,
        Path workDir,
        Path statusDir,
        String routerName,
        String canonicalHostname,
        Duration reloadInterval,
        boolean bindPortsAfterSync,
        String haproxyBinary,
        AdmissionSettings admission,
        RenderSettings render,
        RuntimeSettings runtime,
        StatsSettings stats,
        Optional<KubeSettings> kube,
        Optional<FailoverConfig> failover) {

    private static final Pattern COOKIE_NAME = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/._-]+");
    private static final Pattern BIND_ADDRESS = Pattern.compile("[0-9a-fA-F.:\\[\\]]*");

    public static RouterConfig fromEnv(Map<String, String> environment) {
        EnvReader env = new EnvReader(environment);
        // A manifests folder wins over a cluster; without either there is nothing to serve.
        Optional<Path> manifestsSetting = env.path("SIGNALBOX_MANIFESTS_DIR");
        Optional<KubeSettings> kube = manifestsSetting.isPresent() ? Optional.empty() : KubeSettings.fromEnv(env);
        if (manifestsSetting.isEmpty() && kube.isEmpty()) {
            throw new ConfigException("SIGNALBOX_MANIFESTS_DIR: not set, and no cluster is configured; point it (or "
                    + "--manifests) at a folder of Route, Service and EndpointSlice manifests, or set KUBECONFIG or "
                    + "KUBERNETES_MASTER");
        }
        Path manifests = manifestsSetting.orElse(null);
        if (manifests != null && !Files.isDirectory(manifests)) {
            throw new ConfigException("SIGNALBOX_MANIFESTS_DIR=" + manifests + ": not a directory");
        }
        Path workDir = env.path("SIGNALBOX_WORK_DIR").orElse(Path.of("/var/lib/signalbox")).toAbsolutePath();
        if (!SAFE_PATH.matcher(workDir.toString()).matches()) {
            // The work dir reaches HAProxy's config (sockets, error page), so keep it to plain path characters.
            throw new ConfigException("SIGNALBOX_WORK_DIR=" + workDir + ": use only letters, digits, '/', '.', '_' and '-'");
        }
        String routerSubdomain = stripQuotes(env.string("ROUTER_SUBDOMAIN", ""));
        boolean overrideHostname = env.bool("ROUTER_OVERRIDE_HOSTNAME", false);
        var overrideDomains = env.domainList("ROUTER_OVERRIDE_DOMAINS");
        if ((overrideHostname || !overrideDomains.isEmpty()) && routerSubdomain.isEmpty()) {
            throw new ConfigException("ROUTER_OVERRIDE_HOSTNAME and ROUTER_OVERRIDE_DOMAINS need ROUTER_SUBDOMAIN");
        }
        AdmissionSettings admission = new AdmissionSettings(
                env.domainList("ROUTER_ALLOWED_DOMAINS"),
                env.domainList("ROUTER_DENIED_DOMAINS"),
                env.bool("ROUTER_ALLOW_WILDCARD_ROUTES", false),
                env.bool("ROUTER_DISABLE_NAMESPACE_OWNERSHIP_CHECK", false),
                routerSubdomain,
                env.string("ROUTER_DOMAIN", ""),
                overrideHostname,
                overrideDomains,
                selector(env, "ROUTE_LABELS"),
                selector(env, "NAMESPACE_LABELS"),
                env.bool("EXTENDED_VALIDATION", true));

        Path errorFile503 = env.path("ROUTER_ERRORFILE_503").map(p -> readable("ROUTER_ERRORFILE_503", p))
                .orElse(workDir.resolve("error-page-503.http"));
        Optional<Path> errorFile404 = env.path("ROUTER_ERRORFILE_404").map(p -> readable("ROUTER_ERRORFILE_404", p));
        String algorithm = env.string("ROUTER_LOAD_BALANCE_ALGORITHM", "random");
        if (!BackendPlanner.isValidAlgorithm(algorithm)) {
            throw new ConfigException("ROUTER_LOAD_BALANCE_ALGORITHM=" + algorithm
                    + ": use roundrobin, leastconn, source or random");
        }
        String cookieName = env.get("ROUTER_COOKIE_NAME").orElse(null);
        if (cookieName != null && !COOKIE_NAME.matcher(cookieName).matches()) {
            throw new ConfigException("ROUTER_COOKIE_NAME=" + cookieName + ": only letters, digits, '_' and '-'");
        }
        String bindAddress = env.string("SIGNALBOX_BIND_ADDRESS", "");
        if (!BIND_ADDRESS.matcher(bindAddress).matches()) {
            throw new ConfigException("SIGNALBOX_BIND_ADDRESS=" + bindAddress + ": not an IP address");
        }
        RenderSettings render = new RenderSettings(
                env.path("TEMPLATE_FILE").map(p -> readable("TEMPLATE_FILE", p)),
                bindAddress,
                env.port("ROUTER_SERVICE_HTTP_PORT", 80),
                workDir.resolve("run").resolve("haproxy.sock"),
                maxConnections(env),
                errorFile503,
                errorFile404,
                algorithm,
                env.haproxyTime("ROUTER_BACKEND_CHECK_INTERVAL", "5000ms"),
                cookieName,
                env.bool("SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS", false),
                TlsSettings.fromEnv(env, workDir, env.string("ROUTER_DOMAIN", "")),
                TuningSettings.fromEnv(env, algorithm));

        Duration reloadInterval = env.goDuration("RELOAD_INTERVAL", Duration.ofSeconds(5));
        return new RouterConfig(
                manifests == null ? null : manifests.toAbsolutePath(),
                env.goDuration("SIGNALBOX_MANIFESTS_RESCAN_INTERVAL", Duration.ofSeconds(10)),
                env.positiveInt("SIGNALBOX_MANIFESTS_MAX_FILE_BYTES", ManifestParser.DEFAULT_MAX_BYTES),
                workDir,
                env.path("SIGNALBOX_STATUS_DIR").orElse(workDir.resolve("status")).toAbsolutePath(),
                env.string("ROUTER_SERVICE_NAME", "public"),
                env.string("ROUTER_CANONICAL_HOSTNAME", ""),
                reloadInterval,
                // OpenShift takes only the exact string "true" here; anything else binds at once.
                "true".equals(env.string("ROUTER_BIND_PORTS_AFTER_SYNC", "")),
                env.string("SIGNALBOX_HAPROXY_BINARY", "haproxy"),
                admission,
                render,
                new RuntimeSettings(env.bool("SIGNALBOX_RUNTIME_API", true),
                        env.nonNegativeInt("SIGNALBOX_SPARE_BACKENDS", RuntimeSettings.DEFAULT_SPARE_BACKENDS),
                        env.haproxyTime("ROUTER_HARD_STOP_AFTER", RuntimeSettings.DEFAULT_HARD_STOP_AFTER),
                        env.bool("ROUTER_IDLE_CLOSE_ON_RESPONSE", true)),
                StatsSettings.fromEnv(env),
                kube,
                failover(environment));
    }

    /** IP failover runs when OPENSHIFT_HA_VIRTUAL_IPS is set; it keeps its files under SIGNALBOX_WORK_DIR too. */
    private static Optional<FailoverConfig> failover(Map<String, String> environment) {
        if (!FailoverConfig.isConfigured(environment)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FailoverConfig.fromEnv(environment));
        } catch (FailoverConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Optional<LabelSelector> selector(EnvReader env, String name) {
        try {
            return env.get(name).map(LabelSelector::parse);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }

    /** OpenShift writes maxconn only for an integer; "auto" (or any non-integer) leaves HAProxy's own default. */
    private static Optional<Integer> maxConnections(EnvReader env) {
        String value = env.string("ROUTER_MAX_CONNECTIONS", "50000");
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new ConfigException("ROUTER_MAX_CONNECTIONS=" + value + ": must be positive (or auto)");
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path readable(String name, Path path) {
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new ConfigException(name + "=" + path + ": not a readable file");
        }
        if (path.toString().chars().anyMatch(c -> c < 0x20 || c == '"')) {
            throw new ConfigException(name + "=" + path + ": the path holds a quote or control character");
        }
        return path.toAbsolutePath();
    }

    /** OpenShift trims quotes around the hostname template (os.Expand input). */
    private static String stripQuotes(String value) {
        return value.replaceAll("^[\"']+|[\"']+$", "");
    }
}
