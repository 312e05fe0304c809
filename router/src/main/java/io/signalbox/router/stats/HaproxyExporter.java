package io.signalbox.router.stats;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.signalbox.router.render.PoolLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * HAProxy's statistics as OpenShift's exporter publishes them (SPEC §8): haproxy_frontend_*, haproxy_backend_*
 * and haproxy_server_* from {@code show stat}, with namespace, route, pod and service labels taken from the names
 * Signalbox gives backends and servers, counters carried across reloads, and server metrics dropped above
 * ROUTER_METRICS_HAPROXY_SERVER_THRESHOLD servers. Each scrape asks HAProxy once; call it off the event loop.
 */
public final class HaproxyExporter implements MultiCollector {
    private final Callable<String> showStat;
    private final int serverThreshold;
    private final CounterCarry carry = new CounterCarry();
    private long scrapes;
    private long parseFailures;

    /**
     * Pool backends (be_pool_*) are labelled as the route they serve; this gives that route's OpenShift name, and a
     * spare pool backend's own name (such backends are left out).
     */
    private final UnaryOperator<String> backendNames;

    public HaproxyExporter(Callable<String> showStat, int serverThreshold) {
        this(showStat, serverThreshold, UnaryOperator.identity());
    }

    public HaproxyExporter(Callable<String> showStat, int serverThreshold, UnaryOperator<String> backendNames) {
        this.showStat = showStat;
        this.serverThreshold = serverThreshold;
        this.backendNames = backendNames;
    }

    @Override
    public synchronized MetricSnapshots collect() {
        scrapes++;
        List<HaproxyStat> rows;
        boolean up;
        try {
            rows = HaproxyStat.parseAll(showStat.call());
            up = true;
        } catch (Exception e) {
            rows = List.of();
            up = false;
        }
        if (up && rows.isEmpty()) {
            parseFailures++;
        }
        long servers = rows.stream().filter(r -> r.type() == HaproxyStat.SERVER).count();
        boolean reduced = servers > serverThreshold;

        Map<String, List<CounterSnapshot.CounterDataPointSnapshot>> counters = new LinkedHashMap<>();
        Map<String, List<GaugeSnapshot.GaugeDataPointSnapshot>> gauges = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (HaproxyStat row : rows) {
            if (row.type() != HaproxyStat.FRONTEND && isSpare(row.proxy())) {
                continue;
            }
            String prefix;
            Labels labels;
            List<HaproxyMetricColumns.Column> columns = HaproxyMetricColumns.DEFAULT;
            if (row.type() == HaproxyStat.FRONTEND) {
                prefix = "haproxy_frontend_";
                labels = Labels.of("frontend", row.proxy());
            } else if (row.type() == HaproxyStat.BACKEND) {
                prefix = "haproxy_backend_";
                labels = ProxyNames.backendLabels(backendNames.apply(row.proxy()));
                columns = reduced ? HaproxyMetricColumns.REDUCED_BACKEND : columns;
            } else if (row.type() == HaproxyStat.SERVER && !reduced) {
                prefix = "haproxy_server_";
                labels = ProxyNames.serverLabels(backendNames.apply(row.proxy()), row.service());
            } else {
                continue;
            }
            for (HaproxyMetricColumns.Column column : columns) {
                if (!appliesTo(column, row.type())) {
                    continue;
                }
                double value = row.number(column.index());
                if (Double.isNaN(value)) {
                    continue;
                }
                Labels seriesLabels = column.code() == null ? labels : labels.add("code", column.code());
                String name = prefix + column.name().replaceFirst("_total$", "");
                helps.putIfAbsent(name, column.help());
                if (column.counter()) {
                    String key = name + seriesLabels;
                    seen.add(key);
                    counters.computeIfAbsent(name, k -> new ArrayList<>()).add(CounterSnapshot.CounterDataPointSnapshot
                            .builder().labels(seriesLabels).value(carry.carry(key, value)).build());
                } else {
                    gauges.computeIfAbsent(name, k -> new ArrayList<>()).add(GaugeSnapshot.GaugeDataPointSnapshot
                            .builder().labels(seriesLabels).value(value).build());
                }
            }
        }
        if (up) {
            carry.retainOnly(seen);
        }

        List<MetricSnapshot> result = new ArrayList<>();
        result.add(gauge("haproxy_up", "Was the last scrape of HAProxy successful.", up ? 1 : 0, Labels.EMPTY));
        // OpenShift's names carry no _total suffix, which a counter would get: keep the names, untyped.
        result.add(untyped("haproxy_exporter_total_scrapes", "Current total HAProxy scrapes.", scrapes));
        result.add(untyped("haproxy_exporter_csv_parse_failures", "Number of errors while parsing CSV.", parseFailures));
        result.add(GaugeSnapshot.builder().name("haproxy_exporter_server_threshold")
                .help("Number of servers tracked and the current threshold value.")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("type", "current")).value(servers).build())
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("type", "limit")).value(serverThreshold).build())
                .build());
        counters.forEach((name, points) -> {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(helps.get(name));
            points.forEach(b::dataPoint);
            result.add(b.build());
        });
        gauges.forEach((name, points) -> {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(helps.get(name));
            points.forEach(b::dataPoint);
            result.add(b.build());
        });
        return new MetricSnapshots(result);
    }

    /** A spare pool backend serves no route: its rows would only be noise (other/be_pool_*) in every scrape. */
    private boolean isSpare(String proxy) {
        return PoolLayout.isSlot(proxy) && backendNames.apply(proxy).equals(proxy);
    }

    private static boolean appliesTo(HaproxyMetricColumns.Column column, int type) {
        return type == HaproxyStat.FRONTEND ? column.frontend()
                : type == HaproxyStat.BACKEND ? column.backend() : column.server();
    }

    private static GaugeSnapshot gauge(String name, String help, double value, Labels labels) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()).build();
    }

    private static UnknownSnapshot untyped(String name, String help, double value) {
        return UnknownSnapshot.builder().name(name).help(help)
                .dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().value(value).build()).build();
    }
}
