package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routes come and go with the files in the manifests folder, without a restart, and bad files hurt nothing else. */
class ManifestLifecycleTest {
    @TempDir
    Path root;
    private TestBackend blue;
    private TestBackend green;
    private RouterHarness router;

    @BeforeEach
    void start() throws Exception {
        blue = new TestBackend("blue");
        green = new TestBackend("green");
        router = new RouterHarness(root);
    }

    @AfterEach
    void stop() {
        router.close();
        blue.close();
        green.close();
    }

    private void writeServices() throws Exception {
        router.write("services.yaml",
                Manifests.slice("apps", "blue", "blue-1", blue.port(), "127.0.0.1"),
                Manifests.slice("apps", "green", "green-1", green.port(), "127.0.0.1"));
    }

    @Test
    void aRouteIsServedChangedAndUnservedAsItsFileChanges() throws Exception {
        router.start();
        writeServices();
        router.write("app.yaml", Manifests.route("apps", "app", "app.example.com", "", "blue"));
        assertThat(router.await("app.example.com", "/", r -> r.backend().equals("blue")).backend()).isEqualTo("blue");
        assertThat(router.awaitAdmitted("apps", "app", c -> c.path("status").asText().equals("True"))
                .path("lastTransitionTime").asText()).isNotEmpty();

        router.write("app.yaml", Manifests.route("apps", "app", "app.example.com", "", "green"));
        assertThat(router.await("app.example.com", "/", r -> r.backend().equals("green")).backend()).isEqualTo("green");

        router.delete("app.yaml");
        assertThat(router.await("app.example.com", "/", r -> r.status() == 503).status()).isEqualTo(503);
        assertThat(Files.exists(router.workDir.resolve("status/apps/app.json"))).isFalse();
    }

    @Test
    void aGarbledFileKeepsItsLastGoodRoutesAndEverythingElseServing() throws Exception {
        writeServices();
        router.write("a.yaml", Manifests.route("apps", "a", "a.example.com", "", "blue"));
        router.write("b.yaml", Manifests.route("apps", "b", "b.example.com", "", "green"));
        router.start();
        assertThat(router.await("a.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");

        Files.writeString(router.manifests.resolve("a.yaml"), "apiVersion: route.openshift.io/v1\nkind: Route\n  :: [oops");
        router.write("c.yaml", Manifests.route("apps", "c", "c.example.com", "", "green"));
        assertThat(router.await("c.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("green");
        assertThat(router.get("a.example.com", "/").backend()).isEqualTo("blue");
        assertThat(router.get("b.example.com", "/").backend()).isEqualTo("green");
    }

    @Test
    void aRouteWhoseConfigBreaksHaproxyIsRejectedAloneWhileTheOthersServe() throws Exception {
        // An operator's template that prints a route annotation into its backend: a bad value breaks `haproxy -c`.
        String template = new String(getClass().getResourceAsStream("/io/signalbox/haproxy/haproxy-config.peb")
                .readAllBytes()).replace("  balance {{ be.balance }}\n",
                "  balance {{ be.balance }}\n  {{ be.annotations['example.com/backend-extra'] | default('') }}\n");
        Path templateFile = Files.writeString(root.resolve("custom.peb"), template);
        router.env("TEMPLATE_FILE", templateFile.toString()).start();
        writeServices();
        router.write("good.yaml", Manifests.route("apps", "good", "good.example.com", "", "blue"));
        assertThat(router.await("good.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("blue");

        router.write("bad.yaml", Manifests.route("apps", "bad", "bad.example.com", "", "green")
                .replace("metadata:\n", "metadata:\n  annotations:\n    example.com/backend-extra: \"no-such-directive 1\"\n"));
        router.write("later.yaml", Manifests.route("apps", "later", "later.example.com", "", "green"));

        var condition = router.awaitAdmitted("apps", "bad", c -> c.path("status").asText().equals("False"));
        assertThat(condition.path("reason").asText()).isEqualTo("ConfigCheckFailed");
        assertThat(condition.path("message").asText()).contains("no-such-directive");
        assertThat(router.await("later.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("green");
        assertThat(router.get("good.example.com", "/").backend()).isEqualTo("blue");
        assertThat(router.get("bad.example.com", "/").status()).isEqualTo(503);

        // Fixed, the route is checked again and served.
        router.write("bad.yaml", Manifests.route("apps", "bad", "bad.example.com", "", "green"));
        assertThat(router.await("bad.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("green");
        assertThat(router.awaitAdmitted("apps", "bad", c -> c.path("status").asText().equals("True"))
                .path("status").asText()).isEqualTo("True");
    }

    @Test
    void unknownHostsGet404WhenAnErrorFile404IsConfigured() throws Exception {
        Path page = Files.writeString(root.resolve("404.http"),
                "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nnothing here\n");
        router.env("ROUTER_ERRORFILE_404", page.toString()).start();
        RouterHarness.Response response = router.get("nobody.example.com", "/");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("nothing here");
    }

    @Test
    void startUpFailsNamingTheCauseWhenHaproxyCannotBindItsPort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(router.httpPort, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(router::start).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("the first configuration could not be applied")
                    .hasMessageContaining(Integer.toString(router.httpPort));
        }
    }

    @Test
    void loopbackEndpointsAreDroppedUnlessExplicitlyAllowed() throws Exception {
        router.env("SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS", "false").start();
        writeServices();
        router.write("app.yaml", Manifests.route("apps", "app", "app.example.com", "", "blue"));
        assertThat(router.awaitBackend("apps", "app")).doesNotContain("server ");
        assertThat(router.get("app.example.com", "/").status()).isEqualTo(503);
    }
}
