package io.signalbox.router.stats;

import java.util.List;

/**
 * Which {@code show stat} columns become which haproxy_* metric, for which proxy types: OpenShift's default
 * selection (defaultSelectedMetrics 2,4,5,7,8,9,13,14,17,21,24,33,35,39-44,58,59,60,79,85) with its names.
 */
final class HaproxyMetricColumns {
    /** A metric family from one column (or, for http_responses_total, one column per code). */
    record Column(int index, String name, String help, boolean counter, boolean frontend, boolean backend,
                  boolean server, String code) {
    }

    static final List<Column> DEFAULT = List.of(
            gauge(2, "current_queue", "Current number of queued requests.", false, true, true),
            gauge(4, "current_sessions", "Current number of active sessions.", true, true, true),
            gauge(5, "max_sessions", "Maximum observed number of active sessions.", true, true, true),
            counter(7, "connections_total", "Total number of connections.", false, true, true),
            counter(79, "connections_total", "Total number of connections.", true, false, false),
            counter(8, "bytes_in_total", "Current total of incoming bytes.", true, true, true),
            counter(9, "bytes_out_total", "Current total of outgoing bytes.", true, true, true),
            counter(13, "connection_errors_total", "Total of connection errors.", false, true, true),
            counter(14, "response_errors_total", "Total of response errors.", false, true, true),
            gauge(17, "up", "Current health status (1 = UP).", false, true, true),
            counter(21, "check_failures_total", "Total number of failed health checks.", false, false, true),
            counter(24, "downtime_seconds_total", "Total downtime in seconds.", false, false, true),
            gauge(33, "current_session_rate", "Current number of sessions per second over the last second.", true, true, true),
            gauge(35, "max_session_rate", "Maximum observed number of sessions per second.", true, true, true),
            code(39, "1xx"), code(40, "2xx"), code(41, "3xx"), code(42, "4xx"), code(43, "5xx"), code(44, "other"),
            gauge(58, "http_average_queue_latency_milliseconds", "Average queue time of the last 1024 requests.", false, true, true),
            gauge(59, "http_average_connect_latency_milliseconds", "Average connect time of the last 1024 requests.", false, true, true),
            gauge(60, "http_average_response_latency_milliseconds", "Average response time of the last 1024 requests.", false, true, true),
            counter(85, "connections_reused_total", "Total number of connection reuses.", false, true, true));

    /** OpenShift's reduced backend set once the server threshold is passed: columns 2, 3, 7 and 17. */
    static final List<Column> REDUCED_BACKEND = List.of(
            gauge(2, "current_queue", "Current number of queued requests.", false, true, false),
            gauge(3, "max_queue", "Maximum observed number of queued requests.", false, true, false),
            counter(7, "connections_total", "Total number of connections.", false, true, false),
            gauge(17, "up", "Current health status (1 = UP).", false, true, false));

    private HaproxyMetricColumns() {
    }

    private static Column gauge(int index, String name, String help, boolean fe, boolean be, boolean srv) {
        return new Column(index, name, help, false, fe, be, srv, null);
    }

    private static Column counter(int index, String name, String help, boolean fe, boolean be, boolean srv) {
        return new Column(index, name, help, true, fe, be, srv, null);
    }

    private static Column code(int index, String code) {
        return new Column(index, "http_responses_total", "Total of HTTP responses.", true, true, true, true, code);
    }
}
