package io.signalbox.router.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.router.model.ObjectRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFilesTest {
    @TempDir
    Path dir;
    private final ObjectRef ref = new ObjectRef("shop", "web");
    private final IngressStatus rejected = rejectedBy("default");

    private static IngressStatus rejectedBy(String router) {
        return new IngressStatus("www.example.com", router, "None", "router.example.com", false, "HostAlreadyClaimed",
                "route a already exposes www.example.com and is older", Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void theStatusFileReadsLikeTheRoutesOwnStatus() throws Exception {
        new StatusFiles(dir, "default").write(ref, rejected);
        JsonNode root = new ObjectMapper().readTree(dir.resolve("shop/web.json").toFile());
        assertThat(root.path("kind").asText()).isEqualTo("Route");
        JsonNode entry = root.path("status").path("ingress").path(0);
        assertThat(entry.path("routerName").asText()).isEqualTo("default");
        assertThat(entry.path("host").asText()).isEqualTo("www.example.com");
        assertThat(entry.path("routerCanonicalHostname").asText()).isEqualTo("router.example.com");
        JsonNode condition = entry.path("conditions").path(0);
        assertThat(condition.path("type").asText()).isEqualTo("Admitted");
        assertThat(condition.path("status").asText()).isEqualTo("False");
        assertThat(condition.path("reason").asText()).isEqualTo("HostAlreadyClaimed");
        assertThat(condition.path("lastTransitionTime").asText()).isEqualTo("2026-11-23T10:00:00Z");
    }

    @Test
    void otherRoutersEntriesAreKeptAndOursIsReplaced() throws Exception {
        new StatusFiles(dir, "internal").write(ref, rejectedBy("internal"));
        StatusFiles ours = new StatusFiles(dir, "default");
        ours.write(ref, rejected);
        ours.write(ref, rejected);
        JsonNode ingress = new ObjectMapper().readTree(dir.resolve("shop/web.json").toFile()).path("status").path("ingress");
        assertThat(ingress).hasSize(2);
        assertThat(ingress.findValuesAsText("routerName")).containsExactlyInAnyOrder("internal", "default");
    }

    @Test
    void entriesFromAPreviousRunAreLoadedForThisRouterOnly() {
        new StatusFiles(dir, "internal").write(new ObjectRef("shop", "other"), rejectedBy("internal"));
        StatusFiles ours = new StatusFiles(dir, "default");
        ours.write(ref, rejected);
        assertThat(ours.loadAll()).containsOnlyKeys(ref);
        assertThat(ours.loadAll().get(ref).sameAs(rejected)).isTrue();
        assertThat(ours.loadAll().get(ref).lastTransitionTime()).isEqualTo(rejected.lastTransitionTime());
    }

    @Test
    void deletingTheRouteRemovesItsFile() {
        StatusFiles files = new StatusFiles(dir, "default");
        files.write(ref, rejected);
        files.delete(ref);
        assertThat(Files.exists(dir.resolve("shop/web.json"))).isFalse();
    }

    @Test
    void aWriteTheDiskRefusedIsWrittenOnceItCan() throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "in the way"); // the folder cannot be made, as on a read-only disk
        StatusFiles files = new StatusFiles(status, "default");
        files.write(ref, rejected);
        assertThat(Files.exists(status.resolve("shop/web.json"))).isFalse();

        Files.delete(status);
        files.retryUnwritten();
        assertThat(status.resolve("shop/web.json")).exists();
        assertThat(status.resolve("shop")).isDirectoryNotContaining("glob:**.tmp");
    }
}
