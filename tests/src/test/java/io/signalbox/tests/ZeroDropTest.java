package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No request to a stable route fails while other routes change and HAProxy reloads, with and without keep-alive. */
class ZeroDropTest {
    private static final int MAX_REQUESTS = 20_000;
    private static final Duration MAX_TIME = Duration.ofSeconds(20);

    @TempDir
    Path root;

    @Test
    void noRequestFailsWhileRoutesChange() throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        try (TestBackend stable = new TestBackend("stable"); TestBackend other = new TestBackend("other");
             RouterHarness router = new RouterHarness(root).start()) {
            router.write("services.yaml",
                    Manifests.slice("apps", "stable", "stable-1", stable.port(), "127.0.0.1"),
                    Manifests.slice("apps", "other", "other-1", other.port(), "127.0.0.1"));
            router.write("stable.yaml", Manifests.route("apps", "stable", "stable.example.com", "", "stable"));
            router.await("stable.example.com", "/", r -> r.status() == 200);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long deadline = System.nanoTime() + MAX_TIME.toNanos();
            Thread closeLoop = new Thread(() -> {
                while (running.get() && sent.get() < MAX_REQUESTS && System.nanoTime() < deadline) {
                    sent.incrementAndGet();
                    try {
                        RouterHarness.Response r = router.get("stable.example.com", "/");
                        if (r.status() != 200 || !r.backend().equals("stable")) {
                            throw new IllegalStateException("status " + r.status() + " from " + r.backend());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, "Connection: close: " + e);
                    }
                }
            });
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.httpPort + "/"))
                    .header("Host", "stable.example.com").timeout(Duration.ofSeconds(5)).build();
            Thread keepAliveLoop = new Thread(() -> {
                while (running.get() && sent.get() < MAX_REQUESTS && System.nanoTime() < deadline) {
                    sent.incrementAndGet();
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("status " + r.statusCode());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, "keep-alive: " + e);
                    }
                }
            });
            closeLoop.start();
            keepAliveLoop.start();
            for (int i = 0; i < 15; i++) {
                router.write("churn-" + i + ".yaml",
                        Manifests.route("apps", "churn-" + i, "churn" + i + ".example.com", "", "other"));
                Thread.sleep(150);
                if (i % 3 == 0) {
                    router.delete("churn-" + (i / 2) + ".yaml");
                }
            }
            router.await("churn14.example.com", "/", r -> r.status() == 200);
            running.set(false);
            closeLoop.join(10_000);
            keepAliveLoop.join(10_000);

            System.out.printf("zero-drop: %d requests while 15 routes were added and 5 deleted, %d failed%n",
                    sent.get(), failed.get());
            assertThat(sent.get()).isGreaterThan(500);
            assertThat(failed.get()).as("failed requests (first: %s)", firstFailure.get()).isZero();
        }
    }
}
