package io.signalbox.router.config;

import io.signalbox.router.model.HeaderAction;
import io.signalbox.router.render.annotations.ForwardedHeaders;
import io.signalbox.router.render.annotations.HaproxyTime;
import io.signalbox.router.render.annotations.HeaderRule;
import io.signalbox.router.render.annotations.HeaderRules;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HAProxy tuning from OpenShift's template variables (SPEC §4.1, §4.7, §4.8, §6): default timeouts, threads,
 * compression, syslog, forwarded headers, global header actions, captures and the unique id. Read once; a bad
 * value stops start-up with a message naming the variable.
 *
 * @param timeouts              the defaults section's timeouts, by HAProxy keyword (connect, client, ...)
 * @param tcpBalanceScheme      ROUTER_TCP_BALANCE_SCHEME, else ROUTER_LOAD_BALANCE_ALGORITHM, else source
 * @param threads               ROUTER_THREADS (nbthread), or null for HAProxy's default
 * @param compressionMime       ROUTER_COMPRESSION_MIME when ROUTER_ENABLE_COMPRESSION is true, else null
 * @param syslog                the log line's target, or null for no logging
 * @param syslogFormat          ROUTER_SYSLOG_FORMAT single-quoted, or null for option httplog
 * @param forwardedHeaders      ROUTER_SET_FORWARDED_HEADERS
 * @param h1CaseAdjust          ROUTER_H1_CASE_ADJUST header names (Proper-Case)
 * @param requestHeaders        ROUTER_HTTP_REQUEST_HEADERS
 * @param responseHeaders       ROUTER_HTTP_RESPONSE_HEADERS
 * @param proxyProtocol         ROUTER_USE_PROXY_PROTOCOL: the public binds accept the PROXY protocol
 * @param ipMode                ROUTER_IP_V4_V6_MODE: v4, v6 or v4v6
 * @param captureRequestHeaders ROUTER_CAPTURE_HTTP_REQUEST_HEADERS
 * @param captureResponseHeaders ROUTER_CAPTURE_HTTP_RESPONSE_HEADERS
 * @param captureCookie         ROUTER_CAPTURE_HTTP_COOKIE, or null
 * @param uniqueIdFormat        ROUTER_UNIQUE_ID_FORMAT single-quoted, or null (needs the header name too)
 * @param uniqueIdHeader        ROUTER_UNIQUE_ID_HEADER_NAME, or null
 */
public record TuningSettings(
        List<Timeout> timeouts,
        String tcpBalanceScheme,
        Integer threads,
        String compressionMime,
        Syslog syslog,
        String syslogFormat,
        String forwardedHeaders,
        List<String> h1CaseAdjust,
        List<HeaderRule> requestHeaders,
        List<HeaderRule> responseHeaders,
        boolean proxyProtocol,
        String ipMode,
        List<Capture> captureRequestHeaders,
        List<Capture> captureResponseHeaders,
        Capture captureCookie,
        String uniqueIdFormat,
        String uniqueIdHeader) {

    private static final Pattern TOKEN = Pattern.compile("[-!#$%&*+.^_`|~0-9A-Za-z]{1,255}");
    /**
     * OpenShift writes log and unique-id formats unquoted, where HAProxy reads "\ " as a space (its documented
     * unique-id format is "%{+X}o\ %ci:…"); the value is single-quoted here, where a backslash would stay literal.
     */
    private static final Pattern BACKSLASH_ESCAPE = Pattern.compile("\\\\([ #'\"\\\\])");
    private static final Pattern MIME = Pattern.compile("[A-Za-z0-9!#$&^_.+*-]+/[A-Za-z0-9!#$&^_.+*-]+");
    private static final Pattern SYSLOG_ADDRESS = Pattern.compile(
            "/[A-Za-z0-9/._-]+|(udp@|tcp@)?([0-9.]+|\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");
    private static final Set<String> FACILITIES = Set.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7");
    private static final Set<String> LEVELS = Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
    /** HAProxy 2.6's MAX_THREADS on 64-bit machines. */
    private static final int MAX_THREADS = 64;

    public TuningSettings {
        timeouts = List.copyOf(timeouts);
        h1CaseAdjust = List.copyOf(h1CaseAdjust);
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = List.copyOf(responseHeaders);
        captureRequestHeaders = List.copyOf(captureRequestHeaders);
        captureResponseHeaders = List.copyOf(captureResponseHeaders);
    }

    /** One `timeout <name> <value>` line of the defaults section. */
    public record Timeout(String name, String value) {
    }

    /** `log <address> len <maxLength> <facility> <level>`. */
    public record Syslog(String address, int maxLength, String facility, String level) {
    }

    /** A header or cookie to capture for the logs, at most maxLength characters. */
    public record Capture(String name, int maxLength) {
    }

    /** OpenShift's template defaults (what an empty environment gives). */
    public static TuningSettings defaults() {
        return fromEnv(new EnvReader(java.util.Map.of()), "random");
    }

    public static TuningSettings fromEnv(EnvReader env, String loadBalanceAlgorithm) {
        List<Timeout> timeouts = List.of(
                timeout(env, "connect", "ROUTER_DEFAULT_CONNECT_TIMEOUT", "5s"),
                timeout(env, "client", "ROUTER_DEFAULT_CLIENT_TIMEOUT", "30s"),
                timeout(env, "client-fin", "ROUTER_CLIENT_FIN_TIMEOUT", "1s"),
                timeout(env, "server", "ROUTER_DEFAULT_SERVER_TIMEOUT", "30s"),
                timeout(env, "server-fin", "ROUTER_DEFAULT_SERVER_FIN_TIMEOUT", "1s"),
                timeout(env, "http-request", "ROUTER_SLOWLORIS_TIMEOUT", "10s"),
                timeout(env, "http-keep-alive", "ROUTER_SLOWLORIS_HTTP_KEEPALIVE", "300s"),
                timeout(env, "tunnel", "ROUTER_DEFAULT_TUNNEL_TIMEOUT", "1h"));
        String tcpBalance = env.string("ROUTER_TCP_BALANCE_SCHEME",
                env.get("ROUTER_LOAD_BALANCE_ALGORITHM").isPresent() ? loadBalanceAlgorithm : "source");
        if (!Set.of("roundrobin", "leastconn", "source", "random").contains(tcpBalance)) {
            throw new ConfigException("ROUTER_TCP_BALANCE_SCHEME=" + tcpBalance + ": use roundrobin, leastconn, source or random");
        }
        Integer threads = env.get("ROUTER_THREADS").map(v -> {
            int n = env.positiveInt("ROUTER_THREADS", 1);
            if (n > MAX_THREADS) {
                throw new ConfigException("ROUTER_THREADS=" + v + ": HAProxy runs at most " + MAX_THREADS + " threads");
            }
            return n;
        }).orElse(null);
        String forwarded = env.string("ROUTER_SET_FORWARDED_HEADERS", ForwardedHeaders.APPEND);
        if (!ForwardedHeaders.isValid(forwarded)) {
            throw new ConfigException("ROUTER_SET_FORWARDED_HEADERS=" + forwarded + ": use append, replace, if-none or never");
        }
        String ipMode = env.string("ROUTER_IP_V4_V6_MODE", "v4");
        if (!Set.of("v4", "v6", "v4v6").contains(ipMode)) {
            throw new ConfigException("ROUTER_IP_V4_V6_MODE=" + ipMode + ": use v4, v6 or v4v6");
        }
        Optional<String> uniqueFormat = env.get("ROUTER_UNIQUE_ID_FORMAT");
        Optional<String> uniqueHeader = env.get("ROUTER_UNIQUE_ID_HEADER_NAME").map(h -> token("ROUTER_UNIQUE_ID_HEADER_NAME", h));
        // OpenShift writes the unique id only when both are set.
        boolean uniqueId = uniqueFormat.isPresent() && uniqueHeader.isPresent();
        List<Capture> cookies = captures(env, "ROUTER_CAPTURE_HTTP_COOKIE", Pattern.compile("[-!#$%&*+.^_`|~0-9A-Za-z]+=?"));
        if (cookies.size() > 1) {
            throw new ConfigException("ROUTER_CAPTURE_HTTP_COOKIE: HAProxy captures one cookie");
        }
        return new TuningSettings(
                timeouts,
                tcpBalance,
                threads,
                env.bool("ROUTER_ENABLE_COMPRESSION", false) ? compressionMime(env) : null,
                syslog(env),
                env.get("ROUTER_SYSLOG_FORMAT").map(f -> quotedLogFormat("ROUTER_SYSLOG_FORMAT", f)).orElse(null),
                forwarded,
                env.domainList("ROUTER_H1_CASE_ADJUST").stream().map(h -> token("ROUTER_H1_CASE_ADJUST", h)).toList(),
                headerActions(env, "ROUTER_HTTP_REQUEST_HEADERS", false),
                headerActions(env, "ROUTER_HTTP_RESPONSE_HEADERS", true),
                env.bool("ROUTER_USE_PROXY_PROTOCOL", false),
                ipMode,
                captures(env, "ROUTER_CAPTURE_HTTP_REQUEST_HEADERS", TOKEN),
                captures(env, "ROUTER_CAPTURE_HTTP_RESPONSE_HEADERS", TOKEN),
                cookies.isEmpty() ? null : cookies.get(0),
                uniqueId ? quotedLogFormat("ROUTER_UNIQUE_ID_FORMAT", uniqueFormat.get()) : null,
                uniqueId ? uniqueHeader.get() : null);
    }

    /** tune.http.cookielen must hold the longest captured cookie (HAProxy's default is 63). */
    public Integer cookieCaptureLength() {
        return captureCookie != null && captureCookie.maxLength() > 63 ? captureCookie.maxLength() : null;
    }

    private static Timeout timeout(EnvReader env, String name, String variable, String fallback) {
        String value = env.haproxyTime(variable, fallback);
        return new Timeout(name, HaproxyTime.clip(value).orElse(fallback));
    }

    private static String compressionMime(EnvReader env) {
        String mime = env.string("ROUTER_COMPRESSION_MIME", "text/html text/plain text/css");
        for (String type : mime.split("\\s+")) {
            if (!MIME.matcher(type).matches()) {
                throw new ConfigException("ROUTER_COMPRESSION_MIME=" + mime + ": '" + type + "' is not a MIME type");
            }
        }
        return String.join(" ", mime.split("\\s+"));
    }

    private static Syslog syslog(EnvReader env) {
        Optional<String> address = env.get("ROUTER_SYSLOG_ADDRESS");
        if (address.isEmpty()) {
            return null;
        }
        if (!SYSLOG_ADDRESS.matcher(address.get()).matches()) {
            throw new ConfigException("ROUTER_SYSLOG_ADDRESS=" + address.get() + ": use host:port, an IP or a socket path");
        }
        int length = env.positiveInt("ROUTER_LOG_MAX_LENGTH", 1024);
        if (length < 80 || length > 65535) {
            throw new ConfigException("ROUTER_LOG_MAX_LENGTH=" + length + ": HAProxy takes 80 to 65535");
        }
        String facility = env.string("ROUTER_LOG_FACILITY", "local1");
        if (!FACILITIES.contains(facility)) {
            throw new ConfigException("ROUTER_LOG_FACILITY=" + facility + ": not a syslog facility (local0-7, daemon, ...)");
        }
        String level = env.string("ROUTER_LOG_LEVEL", "warning");
        if (!LEVELS.contains(level)) {
            throw new ConfigException("ROUTER_LOG_LEVEL=" + level + ": use emerg, alert, crit, err, warning, notice, info or debug");
        }
        return new Syslog(address.get(), length, facility, level);
    }

    private static String token(String variable, String name) {
        if (!TOKEN.matcher(name).matches()) {
            throw new ConfigException(variable + "=" + name + ": not an HTTP header name");
        }
        return name;
    }

    private static String quotedLogFormat(String variable, String format) {
        if (format.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ConfigException(variable + ": holds a control character");
        }
        return HeaderRules.quote(BACKSLASH_ESCAPE.matcher(format).replaceAll("$1"));
    }

    /** `name:maxLen,...` (OpenShift's capture format). */
    private static List<Capture> captures(EnvReader env, String variable, Pattern name) {
        List<Capture> result = new ArrayList<>();
        for (String item : env.domainList(variable)) {
            String[] parts = item.split(":");
            if (parts.length != 2 || !name.matcher(parts[0]).matches() || !parts[1].matches("[1-9][0-9]{0,4}")) {
                throw new ConfigException(variable + "=" + item + ": use name:maxLength");
            }
            result.add(new Capture(parts[0], Integer.parseInt(parts[1])));
        }
        return result;
    }

    /** OpenShift's parseHeadersToBeSetOrDeleted: `name:value:Set` or `name:Delete`, each part URL-decoded. */
    private static List<HeaderRule> headerActions(EnvReader env, String variable, boolean response) {
        List<HeaderRule> rules = new ArrayList<>();
        Optional<String> value = env.get(variable);
        if (value.isEmpty()) {
            return rules;
        }
        for (String item : value.get().split(",")) {
            String[] parts = Arrays.stream(item.split(":", -1)).map(p -> decode(variable, p)).toArray(String[]::new);
            HeaderAction action;
            if (parts.length == 3 && parts[2].equals("Set")) {
                action = new HeaderAction(parts[0], "Set", parts[1]);
            } else if (parts.length == 2 && parts[1].equals("Delete")) {
                action = new HeaderAction(parts[0], "Delete", null);
            } else {
                throw new ConfigException(variable + "=" + item + ": use name:value:Set or name:Delete (URL-encode ':' and ',')");
            }
            rules.add(HeaderRules.rule(action, response, why -> {
                throw new ConfigException(variable + ": " + why);
            }).orElseThrow());
        }
        return rules;
    }

    private static String decode(String variable, String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + ": '" + part + "' is not URL-encoded correctly");
        }
    }
}
