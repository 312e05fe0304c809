package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.cli.Signalbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator's command line: `signalbox check DIR` for CI pipelines and `signalbox routes` on a node. */
class CliTest {
    @TempDir
    Path root;

    private record Run(int exitCode, String output) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Signalbox());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        return new Run(code, out.toString());
    }

    @Test
    void checkPassesOnTheShippedExamples() {
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        Run run = run("check", examples.toString());
        assertThat(run.output()).contains("www.demo.test", "split.demo.test", "/api", "Admitted")
                .contains("haproxy -c: the rendered configuration is valid").contains("3 routes, 3 admitted, 0 rejected");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void checkFailsWithTheReasonsOnABrokenDirectory() throws Exception {
        Path broken = Files.createDirectories(root.resolve("broken"));
        Files.writeString(broken.resolve("garbled.yaml"), "kind: Route\n  : [");
        Files.writeString(broken.resolve("routes.yaml"), String.join("\n---\n",
                Manifests.route("shop", "upper", "Shop.Example.com", "", "web"),
                Manifests.route("shop", "a", "dup.example.com", "", "web").replace("metadata:\n",
                        "metadata:\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n"),
                Manifests.route("shop", "b", "dup.example.com", "", "web")));
        Run run = run("check", broken.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("InvalidHost").contains("HostAlreadyClaimed: route a already exposes dup.example.com")
                .contains("manifest problem: " + broken.resolve("garbled.yaml"));
    }

    @Test
    void routesListsTheRunningRoutersRoutes() throws Exception {
        try (RouterHarness router = new RouterHarness(root).start()) {
            router.write("r.yaml", Manifests.route("shop", "web", "web.example.com", "/app", "web"));
            router.awaitAdmitted("shop", "web", c -> c.path("status").asText().equals("True"));
            Run run = run("routes", "--url", "http://127.0.0.1:" + router.statsPort);
            assertThat(run.exitCode()).isZero();
            assertThat(run.output()).contains("NAMESPACE").containsPattern("shop\\s+web\\s+web.example.com\\s+/app\\s+web\\s+Admitted");
        }
    }
}
