package io.signalbox.router.render;

import io.signalbox.router.config.TuningSettings;
import io.signalbox.router.tls.TlsSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Global values the template and planner use, validated when the configuration is read.
 *
 * @param templateFile          TEMPLATE_FILE, or empty for the shipped template
 * @param bindAddress           address the public frontends bind ("" = every address)
 * @param httpPort              ROUTER_SERVICE_HTTP_PORT
 * @param statsSocket           the runtime API socket HAProxy opens
 * @param maxConnections        ROUTER_MAX_CONNECTIONS, or empty (`auto`)
 * @param errorFile503          the 503 page (ROUTER_ERRORFILE_503 or the shipped one)
 * @param errorFile404          ROUTER_ERRORFILE_404: when set, unknown hosts get 404 with this page
 * @param loadBalanceAlgorithm  ROUTER_LOAD_BALANCE_ALGORITHM
 * @param backendCheckInterval  ROUTER_BACKEND_CHECK_INTERVAL, a HAProxy time value
 * @param cookieName            ROUTER_COOKIE_NAME, or null for the hashed route key
 * @param allowLoopbackEndpoints SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS
 * @param tls                   the HTTPS side: port, certificates, SNI and cipher settings
 * @param tuning                timeouts, logging, forwarded headers, global header actions (OpenShift's template variables)
 */
public record RenderSettings(
        Optional<Path> templateFile,
        String bindAddress,
        int httpPort,
        Path statsSocket,
        Optional<Integer> maxConnections,
        Path errorFile503,
        Optional<Path> errorFile404,
        String loadBalanceAlgorithm,
        String backendCheckInterval,
        String cookieName,
        boolean allowLoopbackEndpoints,
        TlsSettings tls,
        TuningSettings tuning) {

    /** With OpenShift's default tuning. */
    public RenderSettings(Optional<Path> templateFile, String bindAddress, int httpPort, Path statsSocket,
                          Optional<Integer> maxConnections, Path errorFile503, Optional<Path> errorFile404,
                          String loadBalanceAlgorithm, String backendCheckInterval, String cookieName,
                          boolean allowLoopbackEndpoints, TlsSettings tls) {
        this(templateFile, bindAddress, httpPort, statsSocket, maxConnections, errorFile503, errorFile404,
                loadBalanceAlgorithm, backendCheckInterval, cookieName, allowLoopbackEndpoints, tls,
                TuningSettings.defaults());
    }
}
