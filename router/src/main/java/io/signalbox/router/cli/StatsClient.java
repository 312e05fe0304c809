package io.signalbox.router.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Reads a JSON view from the running router's stats port, with the node's STATS_USERNAME/STATS_PASSWORD. A picocli
 * mixin: the commands that use it get its --url option.
 */
final class StatsClient {
    @Option(names = "--url", description = "the router's stats address (default http://127.0.0.1:$STATS_PORT, 1936)")
    String url;

    private String base() {
        return url != null ? url
                : "http://127.0.0.1:" + Optional.ofNullable(System.getenv("STATS_PORT")).orElse("1936");
    }

    /** The body of a 200 answer; an IOException saying what the router answered otherwise. */
    String get(String path) throws IOException, InterruptedException {
        String base = base();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        String user = System.getenv("STATS_USERNAME");
        String password = System.getenv("STATS_PASSWORD");
        if (user != null && password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(base + path + " answered " + response.statusCode() + ": " + response.body().strip());
        }
        return response.body();
    }
}
