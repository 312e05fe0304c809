package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Grafana dashboard and alert rules are valid and ask only for metrics the daemon really exports;
 * the daemon's scrape passes promtool's own parser and linter.
 */
class MonitoringTest {
    private static final Path MONITORING = Path.of("..", "router", "monitoring").toAbsolutePath().normalize();
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "histogram_quantile", "absent", "by", "without", "on", "ignoring", "or", "and", "unless", "le");
    /** Exported only when IP failover is configured; the failover tests check them. */
    private static final Set<String> FAILOVER_ONLY = Set.of("signalbox_vip_master");

    @TempDir
    Path root;

    @Test
    void alertRulesPassPromtool() throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "rules",
                MONITORING.resolve("prometheus-rules.yaml").toString()).redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void theDashboardAndRulesAskOnlyForExportedMetrics() throws Exception {
        Set<String> exported;
        String scrape;
        try (TestBackend app = new TestBackend("app"); RouterHarness router = new RouterHarness(root).start()) {
            router.write("app.yaml",
                    Manifests.slice("apps", "app", "app-1", app.port(), "127.0.0.1", "127.0.0.2"),
                    Manifests.route("apps", "app", "app.example.com", "", "app"));
            router.await("app.example.com", "/", r -> r.status() == 200);
            scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + router.statsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        exported = metricNames(scrape);

        Process lint = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        lint.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        lint.getOutputStream().close();
        String lintOutput = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // promtool parses the whole scrape; a parse error is fatal, lint remarks are not.
        assertThat(lintOutput).doesNotContain("error while linting").doesNotContain("text format parsing error");

        List<String> queries = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        assertThat(dashboard.path("panels")).isNotEmpty();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        JsonNode rules = new YAMLMapper().readTree(MONITORING.resolve("prometheus-rules.yaml").toFile());
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> queries.add(r.path("expr").asText())));
        assertThat(queries).hasSizeGreaterThan(10);
        for (String query : queries) {
            for (String metric : metricsIn(query)) {
                assertThat(exported.contains(metric) || FAILOVER_ONLY.contains(metric))
                        .as("%s in %s is exported", metric, query).isTrue();
            }
        }
    }

    /** Sample names and family names (from # TYPE lines) of a scrape. */
    private static Set<String> metricNames(String scrape) {
        Set<String> names = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    /** The metric names a PromQL expression reads: label matchers, strings, ranges and grouping removed. */
    static Set<String> metricsIn(String query) {
        String bare = query.replaceAll("\"[^\"]*\"", "").replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
                .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> metrics = new HashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!PROMQL.contains(m.group()) && !m.group().matches("\\d.*")) {
                metrics.add(m.group());
            }
        }
        return metrics;
    }

    @Test
    void metricNamesAreFoundInQueries() {
        assertThat(metricsIn("histogram_quantile(0.99, sum by (le) (rate(signalbox_change_apply_seconds_bucket[5m])))"))
                .containsExactly("signalbox_change_apply_seconds_bucket");
        assertThat(metricsIn("sum by (vip) (signalbox_vip_master{state=\"MASTER\"}) > 1"))
                .containsExactly("signalbox_vip_master");
    }
}
