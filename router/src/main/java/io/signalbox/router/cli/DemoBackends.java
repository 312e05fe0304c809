package io.signalbox.router.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Small HTTP servers on 127.0.0.1 that answer with their own name, the path they were asked for and the
 * X-Forwarded-* headers they got: the quick start's stand-in for pods.
 */
@Command(name = "demo-backends", mixinStandardHelpOptions = true,
        description = "Serve NAME=PORT demo backends on 127.0.0.1 until stopped.")
final class DemoBackends implements Callable<Integer> {
    @Parameters(paramLabel = "NAME=PORT", arity = "1..*", description = "a backend name and the port it listens on")
    Map<String, Integer> backends;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<Future<?>> listening = new ArrayList<>();
        backends.forEach((name, port) -> listening.add(vertx.createHttpServer().requestHandler(request -> {
            StringBuilder body = new StringBuilder("backend=").append(name).append('\n')
                    .append("path=").append(request.uri()).append('\n');
            request.headers().forEach((k, v) -> {
                if (k.toLowerCase(java.util.Locale.ROOT).startsWith("x-forwarded") || k.equalsIgnoreCase("forwarded")) {
                    body.append(k).append('=').append(v).append('\n');
                }
            });
            request.response().putHeader("Content-Type", "text/plain").putHeader("X-Backend", name).end(body.toString());
        }).listen(port, "127.0.0.1")));
        Future.all(listening).toCompletionStage().toCompletableFuture().get();
        System.out.println("demo backends listening on 127.0.0.1: " + backends);
        new CountDownLatch(1).await();
        return 0;
    }
}
