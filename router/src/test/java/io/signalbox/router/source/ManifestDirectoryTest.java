package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.source.SourceEvent.EndpointsDeleted;
import io.signalbox.router.source.SourceEvent.EndpointsUpserted;
import io.signalbox.router.source.SourceEvent.NamespaceUpserted;
import io.signalbox.router.source.SourceEvent.RouteDeleted;
import io.signalbox.router.source.SourceEvent.RouteUpserted;
import io.signalbox.router.source.SourceEvent.ServiceUpserted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestDirectoryTest {
    private static final ObjectRef SHOP_WEB = new ObjectRef("shop", "web");

    @TempDir
    Path dir;

    private ManifestDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new ManifestDirectory(dir);
    }

    private Path write(String name, String... documents) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, Manifests.documents(documents));
    }

    private static String host(SourceEvent event) {
        return ((RouteUpserted) event).route().host();
    }

    @Test
    void theFirstScanUpsertsEverythingInDependencyOrder() throws IOException {
        write("routes.yaml", Manifests.route("shop", "web", "shop.example.com"));
        write("sub/backend.yml", Manifests.namespace("shop"), Manifests.service("shop", "web"),
                Manifests.slice("web-a", "10.0.0.1", "ready: true"));

        List<SourceEvent> events = directory.rescan();

        assertThat(events).hasExactlyElementsOfTypes(NamespaceUpserted.class, ServiceUpserted.class,
                EndpointsUpserted.class, RouteUpserted.class);
        assertThat(directory.problems()).isEmpty();
    }

    @Test
    void nothingChangedMeansNoEvents() throws IOException {
        write("routes.yaml", Manifests.route("shop", "web", "shop.example.com"));
        directory.rescan();

        assertThat(directory.rescan()).isEmpty();
    }

    @Test
    void rewritingAFileWithTheSameObjectsSendsNothing() throws IOException {
        write("routes.yaml", Manifests.route("shop", "web", "shop.example.com"));
        directory.rescan();
        write("routes.yaml", "# a comment\n" + Manifests.route("shop", "web", "shop.example.com"));

        assertThat(directory.rescan()).isEmpty();
    }

    @Test
    void aChangedRouteIsUpsertedAndOnlyThatRoute() throws IOException {
        write("routes.yaml", Manifests.route("shop", "web", "a.example.com"), Manifests.route("shop", "api", "api.example.com"));
        directory.rescan();
        write("routes.yaml", Manifests.route("shop", "web", "b.example.com"), Manifests.route("shop", "api", "api.example.com"));

        assertThat(directory.rescan()).singleElement().satisfies(e -> assertThat(host(e)).isEqualTo("b.example.com"));
    }

    @Test
    void anObjectRemovedFromAFileIsDeleted() throws IOException {
        write("routes.yaml", Manifests.route("shop", "web", "a.example.com"), Manifests.route("shop", "api", "api.example.com"));
        directory.rescan();
        write("routes.yaml", Manifests.route("shop", "api", "api.example.com"));

        assertThat(directory.rescan()).containsExactly(new RouteDeleted(SHOP_WEB));
    }

    @Test
    void aDeletedFileDeletesItsObjects() throws IOException {
        Path file = write("routes.yaml", Manifests.route("shop", "web", "a.example.com"));
        write("other.yaml", Manifests.route("shop", "api", "api.example.com"));
        directory.rescan();
        Files.delete(file);

        assertThat(directory.rescan()).containsExactly(new RouteDeleted(SHOP_WEB));
    }

    @Test
    void aNewFileIsPickedUp() throws IOException {
        directory.rescan();
        write("new.json", """
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
                """);

        assertThat(directory.rescan()).hasExactlyElementsOfTypes(NamespaceUpserted.class);
    }

    @Test
    void hiddenFilesAndDirectoriesAndOtherExtensionsAreIgnored() throws IOException {
        write(".hidden.yaml", Manifests.route("shop", "a", "a.example.com"));
        write(".git/route.yaml", Manifests.route("shop", "b", "b.example.com"));
        write("notes.txt", Manifests.route("shop", "c", "c.example.com"));

        assertThat(directory.rescan()).isEmpty();
    }

    @Test
    void aGarbledFileKeepsServingItsLastGoodObjectsWhileOtherFilesUpdate() throws IOException {
        write("a.yaml", Manifests.route("shop", "web", "a.example.com"));
        write("b.yaml", Manifests.route("shop", "api", "api.example.com"));
        directory.rescan();

        write("a.yaml", "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: [\n");
        write("b.yaml", Manifests.route("shop", "api", "api2.example.com"));
        List<SourceEvent> events = directory.rescan();

        assertThat(events).singleElement().satisfies(e -> assertThat(host(e)).isEqualTo("api2.example.com"));
        assertThat(directory.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("a.yaml"));
            assertThat(p.object()).isEqualTo("file");
        });

        write("a.yaml", Manifests.route("shop", "web", "fixed.example.com"));
        assertThat(directory.rescan()).singleElement().satisfies(e -> assertThat(host(e)).isEqualTo("fixed.example.com"));
        assertThat(directory.problems()).isEmpty();
    }

    @Test
    void anObjectThatFailsToConvertKeepsItsPreviousVersion() throws IOException {
        write("a.yaml", Manifests.route("shop", "web", "a.example.com"), Manifests.service("shop", "web"));
        directory.rescan();

        write("a.yaml", Manifests.route("shop", "web", "a.example.com").replace("name: web}", "name: web, weight: x}"),
                Manifests.service("shop", "web").replace("port: 80", "port: 81"));
        List<SourceEvent> events = directory.rescan();

        assertThat(events).hasExactlyElementsOfTypes(ServiceUpserted.class);
        assertThat(directory.problems()).singleElement()
                .satisfies(p -> assertThat(p.object()).isEqualTo("document 1 (Route shop/web)"));
    }

    @Test
    void anObjectWhoseNameCannotBeReadIsDropped() throws IOException {
        write("a.yaml", Manifests.route("shop", "web", "a.example.com"));
        directory.rescan();
        write("a.yaml", Manifests.route("shop", "Web", "a.example.com"));

        assertThat(directory.rescan()).containsExactly(new RouteDeleted(SHOP_WEB));
        assertThat(directory.problems()).hasSize(1);
    }

    @Test
    void theSameObjectInTwoFilesIsTakenFromThePathThatSortsFirst() throws IOException {
        write("b.yaml", Manifests.route("shop", "web", "b.example.com"));
        write("a.yaml", Manifests.route("shop", "web", "a.example.com"));

        assertThat(directory.rescan()).singleElement().satisfies(e -> assertThat(host(e)).isEqualTo("a.example.com"));
        assertThat(directory.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("b.yaml"));
            assertThat(p.object()).isEqualTo("Route shop/web");
            assertThat(p.reason()).contains(dir.resolve("a.yaml").toString());
        });

        Files.delete(dir.resolve("a.yaml"));
        assertThat(directory.rescan()).singleElement().satisfies(e -> assertThat(host(e)).isEqualTo("b.example.com"));
        assertThat(directory.problems()).isEmpty();
    }

    @Test
    void endpointsFollowTheirSlicesAndAnEmptyAggregateIsADeletion() throws IOException {
        write("eps.yaml", Manifests.slice("web-a", "10.0.0.1", "ready: true"),
                Manifests.slice("web-b", "10.0.0.2", "ready: true"));
        directory.rescan();

        write("eps.yaml", Manifests.slice("web-a", "10.0.0.1", "ready: true"),
                Manifests.slice("web-b", "10.0.0.2", "ready: false"));
        assertThat(directory.rescan()).singleElement().isInstanceOfSatisfying(EndpointsUpserted.class,
                e -> assertThat(e.endpoints().subsets()).flatExtracting(s -> s.addresses())
                        .containsExactly(new EndpointAddress("10.0.0.1", "pod-web-a")));

        write("eps.yaml", Manifests.slice("web-a", "10.0.0.1", "ready: false"));
        assertThat(directory.rescan()).containsExactly(new EndpointsDeleted(SHOP_WEB));
    }

    @Test
    void slicesWinOverAnEndpointsObjectOfTheSameService() throws IOException {
        write("legacy.yaml", """
                apiVersion: v1
                kind: Endpoints
                metadata: {name: web, namespace: shop}
                subsets:
                - addresses: [{ip: 10.9.9.9}]
                  ports: [{port: 8080}]
                """);
        assertThat(directory.rescan()).singleElement().isInstanceOfSatisfying(EndpointsUpserted.class,
                e -> assertThat(e.endpoints().subsets().get(0).addresses().get(0).ip()).isEqualTo("10.9.9.9"));

        write("slices.yaml", Manifests.slice("web-a", "10.0.0.1", "ready: true"));
        assertThat(directory.rescan()).singleElement().isInstanceOfSatisfying(EndpointsUpserted.class,
                e -> assertThat(e.endpoints().subsets().get(0).addresses().get(0).ip()).isEqualTo("10.0.0.1"));
    }

    @Test
    void aMissingDirectoryIsAProblemAndChangesNothing() throws IOException {
        write("a.yaml", Manifests.route("shop", "web", "a.example.com"));
        ManifestDirectory gone = new ManifestDirectory(dir.resolve("missing"));

        assertThat(gone.rescan()).isEmpty();
        assertThat(gone.problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("cannot be listed"));
    }
}
