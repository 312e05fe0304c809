package io.signalbox.router.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HaproxyExporterTest {
    /** A show stat row: proxy, server, type, and column=value pairs; every other column empty. */
    private static String row(String proxy, String server, int type, Object... columnValues) {
        String[] columns = new String[100];
        java.util.Arrays.fill(columns, "");
        columns[0] = proxy;
        columns[1] = server;
        columns[32] = Integer.toString(type);
        for (int i = 0; i < columnValues.length; i += 2) {
            columns[(Integer) columnValues[i]] = String.valueOf(columnValues[i + 1]);
        }
        return String.join(",", columns) + "\n";
    }

    private static final String HEADER = "# pxname,svname,qcur,qmax,scur\n";

    private final AtomicReference<String> csv = new AtomicReference<>();

    private String scrape(HaproxyExporter exporter) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(exporter);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void routesPodsAndServicesBecomeLabelsAsInOpenShift() throws Exception {
        csv.set(HEADER
                + row("public", "FRONTEND", 0, 4, 3, 79, 120, 40, 100)
                + row("be_http:shop:web", "BACKEND", 1, 7, 110, 17, "UP")
                + row("be_http:shop:web", "pod:web-1:web:http:10.0.0.1:8080", 2, 7, 55, 17, "UP", 40, 50)
                + row("be_edge_http:shop:secure", "ept:secure:https:fd01:0:0:0:0:0:0:5:8443", 2, 17, "DOWN"));
        String text = scrape(new HaproxyExporter(csv::get, 500));
        assertThat(text).contains("haproxy_up 1.0");
        assertThat(text).contains("haproxy_frontend_current_sessions{frontend=\"public\"} 3.0");
        assertThat(text).contains("haproxy_frontend_connections_total{frontend=\"public\"} 120.0");
        assertThat(text).contains("haproxy_backend_connections_total{backend=\"http\",namespace=\"shop\",route=\"web\"} 110.0");
        assertThat(text).contains("haproxy_backend_up{backend=\"http\",namespace=\"shop\",route=\"web\"} 1.0");
        assertThat(text).contains("haproxy_server_http_responses_total{code=\"2xx\",namespace=\"shop\",pod=\"web-1\","
                + "route=\"web\",server=\"10.0.0.1:8080\",service=\"web\"} 50.0");
        assertThat(text).contains("haproxy_server_up{namespace=\"shop\",pod=\"\",route=\"secure\","
                + "server=\"[fd01:0:0:0:0:0:0:5]:8443\",service=\"secure\"} 0.0");
    }

    @Test
    void aPoolBackendIsLabelledAsTheRouteItServesAndASparePoolBackendIsLeftOut() throws Exception {
        csv.set(HEADER
                + row("be_pool_http_1", "BACKEND", 1, 7, 110)
                + row("be_pool_http_1", "ept:web:http:10.0.0.1:8080", 2, 7, 110)
                + row("be_pool_http_2", "BACKEND", 1, 7, 0));
        String text = scrape(new HaproxyExporter(csv::get, 500,
                be -> be.equals("be_pool_http_1") ? "be_http:shop:web" : be));
        assertThat(text).contains("haproxy_backend_connections_total{backend=\"http\",namespace=\"shop\",route=\"web\"} 110.0")
                .contains("haproxy_server_connections_total{namespace=\"shop\",pod=\"\",route=\"web\","
                        + "server=\"10.0.0.1:8080\",service=\"web\"} 110.0")
                .doesNotContain("be_pool");
    }

    @Test
    void countersCarryAcrossAReload() throws Exception {
        HaproxyExporter exporter = new HaproxyExporter(csv::get, 500);
        csv.set(HEADER + row("be_http:shop:web", "BACKEND", 1, 7, 100));
        scrape(exporter);
        // A reload: the new worker counts from zero again.
        csv.set(HEADER + row("be_http:shop:web", "BACKEND", 1, 7, 5));
        assertThat(scrape(exporter)).contains("haproxy_backend_connections_total{backend=\"http\",namespace=\"shop\",route=\"web\"} 105.0");
    }

    @Test
    void aboveTheServerThresholdServerMetricsAreDroppedAndBackendsReduced() throws Exception {
        StringBuilder rows = new StringBuilder(HEADER).append(row("be_http:shop:web", "BACKEND", 1, 7, 9, 8, 1000));
        for (int i = 0; i < 3; i++) {
            rows.append(row("be_http:shop:web", "ept:web:http:10.0.0." + i + ":80", 2, 7, 3));
        }
        csv.set(rows.toString());
        String text = scrape(new HaproxyExporter(csv::get, 2));
        assertThat(text).doesNotContain("haproxy_server_");
        assertThat(text).contains("haproxy_backend_connections_total").doesNotContain("haproxy_backend_bytes_in_total");
        assertThat(text).contains("haproxy_exporter_server_threshold{type=\"current\"} 3.0");
        assertThat(text).contains("haproxy_exporter_server_threshold{type=\"limit\"} 2.0");
    }

    @Test
    void anUnreachableHaproxyIsDown() throws Exception {
        String text = scrape(new HaproxyExporter(() -> {
            throw new java.io.IOException("connection refused");
        }, 500));
        assertThat(text).contains("haproxy_up 0.0");
    }
}
