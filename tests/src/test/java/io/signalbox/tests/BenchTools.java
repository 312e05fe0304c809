package io.signalbox.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmarks share: a fast 200-responder, wrk, process CPU and memory from /proc, percentiles. */
final class BenchTools {
    private BenchTools() {
    }

    /** One HAProxy answering "backend=NAME" with 200 on one loopback port per name: pods that are never the bottleneck. */
    static final class Responders implements AutoCloseable {
        final Map<String, Integer> ports;
        private final Process process;

        Responders(Path dir, Map<String, Integer> ports) throws IOException, InterruptedException {
            this.ports = Map.copyOf(ports);
            StringBuilder cfg = new StringBuilder("global\n  maxconn 4000\ndefaults\n  mode http\n  timeout client 30s\n"
                    + "  timeout server 30s\n  timeout connect 5s\n");
            ports.forEach((name, port) -> cfg.append("frontend r_").append(name).append("\n  bind 127.0.0.1:").append(port)
                    .append("\n  http-request return status 200 content-type text/plain string \"backend=")
                    .append(name).append("\"\n"));
            Path file = Files.writeString(dir.resolve("responders.cfg"), cfg);
            process = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("responders.log").toFile()).start();
            Thread.sleep(300);
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** What wrk printed, read back. */
    record WrkResult(long requests, double seconds, double requestsPerSecond, long non2xx, long socketErrors, String raw) {
    }

    static WrkResult wrk(int connections, int seconds, String url, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s"));
        command.addAll(Arrays.asList(extra));
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor(seconds + 60L, TimeUnit.SECONDS);
        return new WrkResult(number(out, "(\\d+) requests in"), decimal(out, "requests in ([\\d.]+)s"),
                decimal(out, "Requests/sec:\\s+([\\d.]+)"), number(out, "Non-2xx or 3xx responses: (\\d+)"),
                socketErrors(out), out);
    }

    private static long socketErrors(String out) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) + Long.parseLong(m.group(3))
                + Long.parseLong(m.group(4)) : 0;
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static double decimal(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** User + system CPU time of a process and its threads, in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in clock ticks
    }

    static double rssMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return 0;
    }

    /** Pins a process and all its threads to one CPU, so that routing cost is not mixed with the load generator's. */
    static void pin(long pid, int cpu) throws IOException, InterruptedException {
        new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    static void goal(String what, double measured, double goal, String unit) {
        print(String.format("GOAL %s: measured %.2f%s vs goal %s%.2f%s: %s", what, measured, unit,
                goal == 0 ? "" : "≤ ", goal, unit, measured <= goal ? "met" : "NOT met"));
    }

    /** Every figure a benchmark prints is a "BENCH" line, which run-bench.sh keeps. */
    static void print(String line) {
        System.out.println("BENCH " + line);
    }

    /**
     * Milliseconds from writing a second endpoint ("b", at secondPod) for a service in namespace apps whose route
     * serves from endpoint "a" to the route's first answer from it, n times; the endpoint goes again after each, and
     * the route answers from "a" alone before the next.
     */
    static List<Double> endpointChanges(RouterHarness router, String service, String host, int secondPod, int n)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        String file = service + "-b.yaml";
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            router.write(file, Manifests.slice("apps", service, service + "-b", secondPod, "127.0.0.1"));
            millis.add(until(router, host, r -> r.backend().equals("b"), t0));
            router.delete(file);
            steady(router, host, "a");
        }
        return millis;
    }

    /** Milliseconds from t0 until a response satisfies the check (tight polling, a new connection each time). */
    static double until(RouterHarness router, String host, Predicate<RouterHarness.Response> check, long t0)
            throws Exception {
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.test(router.get(host, "/"))) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            } catch (IOException e) {
                // counted as not yet
            }
        }
        throw new AssertionError("no matching response from " + host + " within 30 s");
    }

    /** Waits until 20 answers in a row come from this backend. */
    static void steady(RouterHarness router, String host, String backend) throws Exception {
        long t0 = System.nanoTime();
        int inARow = 0;
        while (inARow < 20) {
            inARow = router.get(host, "/").backend().equals(backend) ? inARow + 1 : 0;
            if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                throw new AssertionError(host + " never settled on " + backend);
            }
        }
    }
}
