package io.signalbox.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady traffic to stable routes while something else goes wrong: each thread sends one GET after another (a fresh
 * connection each, as most clients behind a router make) to each host in turn and checks that the answer comes from
 * the host's own backend. Counts requests and failures, keeps the first failures for the report, and measures the
 * longest time without a good answer. Failures are also counted by the phase the driver names (which fault was under
 * way). Bounded by a request count and a time.
 */
final class SteadyLoad implements AutoCloseable {
    private static final int KEPT_FAILURES = 20;

    private final int port;
    private final Map<String, String> backendOfHost;
    private final long maxRequests;
    private final long deadline;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, AtomicLong> failedIn = new ConcurrentHashMap<>();
    private volatile String phase = "steady";
    private volatile boolean stopped;
    private long lastGood = System.nanoTime();
    private long longestGap;

    /**
     * @param backendOfHost each host and the backend name ("backend=NAME") that must answer it
     */
    SteadyLoad(int port, Map<String, String> backendOfHost, int threadCount, long maxRequests, Duration maxTime) {
        this.port = port;
        this.backendOfHost = Map.copyOf(backendOfHost);
        this.maxRequests = maxRequests;
        this.deadline = System.nanoTime() + maxTime.toNanos();
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::run, "steady-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void run() {
        List<Map.Entry<String, String>> targets = List.copyOf(backendOfHost.entrySet());
        for (int i = 0; !stopped && System.nanoTime() < deadline && sent.incrementAndGet() <= maxRequests; i++) {
            Map.Entry<String, String> target = targets.get(i % targets.size());
            String problem;
            try {
                String answer = get(target.getKey());
                problem = answer.startsWith("HTTP/1.1 200") && answer.contains("backend=" + target.getValue() + "\n")
                        ? null : answer.lines().findFirst().orElse("no answer");
            } catch (IOException e) {
                problem = e.toString();
            }
            record(target.getKey(), problem);
        }
    }

    private synchronized void record(String host, String problem) {
        long now = System.nanoTime();
        if (problem == null) {
            longestGap = Math.max(longestGap, now - lastGood);
            lastGood = now;
            return;
        }
        failed.incrementAndGet();
        failedIn.computeIfAbsent(phase, p -> new AtomicLong()).incrementAndGet();
        if (failures.size() < KEPT_FAILURES) {
            failures.add(phase + ": " + host + ": " + problem);
        }
    }

    private String get(String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /steady HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Failures from now on are counted under this name. */
    void phase(String name) {
        phase = name;
    }

    /** Failures by the phase they happened in; phases without failures are absent. */
    Map<String, Long> failedByPhase() {
        Map<String, Long> result = new TreeMap<>();
        failedIn.forEach((name, n) -> result.put(name, n.get()));
        return result;
    }

    long sent() {
        return Math.min(sent.get(), maxRequests);
    }

    long failed() {
        return failed.get();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** The longest time without a good answer (between two, or from the start to the first, or to the stop). */
    synchronized Duration longestGap() {
        return Duration.ofNanos(longestGap);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        synchronized (this) {
            longestGap = Math.max(longestGap, System.nanoTime() - lastGood);
        }
    }
}
