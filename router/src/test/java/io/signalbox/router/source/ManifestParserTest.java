package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.source.ObjectKey.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    private static final Path YAML_FILE = Path.of("/manifests/shop.yaml");
    private static final Path JSON_FILE = Path.of("/manifests/shop.json");

    private final ManifestParser parser = new ManifestParser();

    private ParsedFile parse(Path file, String text) {
        return parser.parse(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectKey key(Kind kind, String namespace, String name) {
        return new ObjectKey(kind, new ObjectRef(namespace, name));
    }

    @Test
    void aRouteWithoutWildcardPolicyGetsTheApiDefaultNone() {
        ParsedFile parsed = parse(YAML_FILE, """
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata:
                  name: web
                  namespace: shop
                spec:
                  host: shop.example.com
                  to:
                    kind: Service
                    name: web
                """);
        assertThat(parsed.objects()).singleElement().satisfies(o ->
                assertThat(((ManifestObject.RouteObject) o).route().wildcardPolicy()).isEqualTo("None"));
    }

    @Test
    void readsEveryKindFromAMultiDocumentYamlFile() {
        ParsedFile parsed = parse(YAML_FILE, Manifests.documents(
                Manifests.namespace("shop"),
                Manifests.service("shop", "web"),
                Manifests.slice("web-a", "10.0.0.1", "ready: true"),
                """
                apiVersion: v1
                kind: Endpoints
                metadata: {name: legacy, namespace: shop}
                subsets:
                - addresses: [{ip: 10.0.0.5}]
                  ports: [{port: 8080}]
                """,
                Manifests.route("shop", "web", "shop.example.com")));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.garbled()).isFalse();
        assertThat(parsed.objects()).extracting(ManifestObject::key).containsExactly(
                ObjectKey.namespace("shop"),
                key(Kind.SERVICE, "shop", "web"),
                key(Kind.ENDPOINT_SLICE, "shop", "web-a"),
                key(Kind.ENDPOINTS, "shop", "legacy"),
                key(Kind.ROUTE, "shop", "web"));
        assertThat(parsed.objects().get(2)).isInstanceOfSatisfying(ManifestObject.SliceObject.class,
                slice -> assertThat(slice.slice().service()).isEqualTo(new ObjectRef("shop", "web")));
    }

    @Test
    void readsJson() {
        ParsedFile parsed = parse(JSON_FILE, """
                {"apiVersion": "route.openshift.io/v1", "kind": "Route",
                 "metadata": {"name": "web", "namespace": "shop"},
                 "spec": {"host": "shop.example.com", "port": {"targetPort": "http"}}}
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.objects()).singleElement().isInstanceOfSatisfying(ManifestObject.RouteObject.class, r -> {
            assertThat(r.route().host()).isEqualTo("shop.example.com");
            assertThat(r.route().targetPort()).isEqualTo("http");
        });
    }

    @Test
    void readsTheItemsOfListsRecursively() {
        ParsedFile parsed = parse(YAML_FILE, """
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
                - apiVersion: v1
                  kind: List
                  items:
                  - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}}
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.objects()).extracting(ManifestObject::key)
                .containsExactly(ObjectKey.namespace("shop"), key(Kind.SERVICE, "shop", "web"));
    }

    @Test
    void namespaceDefaultsToDefault() {
        ParsedFile parsed = parse(YAML_FILE, """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                """);

        assertThat(parsed.objects()).extracting(ManifestObject::key)
                .containsExactly(key(Kind.SERVICE, "default", "web"));
    }

    @Test
    void unknownKindsAndEmptyDocumentsAreSkippedWithoutProblems() {
        ParsedFile parsed = parse(YAML_FILE, Manifests.documents(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
                "",
                Manifests.service("shop", "web")));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.objects()).hasSize(1);
    }

    @Test
    void aBadObjectIsReportedWithFileAndObjectAndTheRestIsUsed() {
        ParsedFile parsed = parse(YAML_FILE, Manifests.documents(
                Manifests.service("shop", "web"),
                """
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata: {name: web, namespace: shop}
                spec:
                  to: {kind: Service, name: web, weight: heavy}
                """));

        assertThat(parsed.objects()).extracting(ManifestObject::key).containsExactly(key(Kind.SERVICE, "shop", "web"));
        assertThat(parsed.failed()).containsExactly(key(Kind.ROUTE, "shop", "web"));
        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(YAML_FILE);
            assertThat(problem.object()).isEqualTo("document 2 (Route shop/web)");
            assertThat(problem.reason()).startsWith("spec.to.weight: ").doesNotContain("\n");
        });
    }

    @Test
    void invalidNamesAreProblemsAndTheObjectIsDropped() {
        ParsedFile parsed = parse(YAML_FILE, Manifests.documents(
                Manifests.service("shop", "Web_Server"),
                Manifests.service("a-namespace-name-that-is-far-too-long-to-be-a-dns-label-in-kubernetes", "web"),
                "apiVersion: v1\nkind: Service\nmetadata: {namespace: shop}\n",
                Manifests.namespace("shop.example")));

        assertThat(parsed.objects()).isEmpty();
        assertThat(parsed.failed()).isEmpty();
        assertThat(parsed.problems()).extracting(ManifestProblem::reason).satisfiesExactly(
                r -> assertThat(r).contains("metadata.name \"Web_Server\" is not a DNS-1123 subdomain"),
                r -> assertThat(r).contains("metadata.namespace").contains("is not a DNS-1123 label"),
                r -> assertThat(r).isEqualTo("metadata.name is missing"),
                r -> assertThat(r).contains("metadata.name \"shop.example\" is not a DNS-1123 label"));
    }

    @Test
    void anInvalidServiceNameLabelOnASliceIsAProblem() {
        ParsedFile parsed = parse(YAML_FILE,
                Manifests.slice("web-a", "10.0.0.1", "ready: true").replace("service-name: web", "service-name: Web!"));

        assertThat(parsed.objects()).isEmpty();
        assertThat(parsed.problems()).singleElement().extracting(ManifestProblem::reason).asString()
                .contains("kubernetes.io/service-name");
    }

    @Test
    void aSyntaxErrorMakesTheWholeFileGarbled() {
        ParsedFile parsed = parse(YAML_FILE, Manifests.service("shop", "web") + "---\nkind: [unclosed\n");

        assertThat(parsed.garbled()).isTrue();
        assertThat(parsed.objects()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.object()).isEqualTo("file");
            assertThat(problem.reason()).startsWith("not valid YAML or JSON").contains("line").doesNotContain("\n");
        });
    }

    @Test
    void aKeyWrittenTwiceIsASyntaxError() {
        ParsedFile parsed = parse(YAML_FILE, Manifests.route("shop", "web", "a.example.com") + "  host: b.example.com\n");

        assertThat(parsed.garbled()).isTrue();
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() {
        ParsedFile parsed = new ManifestParser(64).parse(YAML_FILE,
                Manifests.service("shop", "web").getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.garbled()).isTrue();
        assertThat(parsed.problems()).singleElement().extracting(ManifestProblem::reason).asString()
                .contains("larger than the limit of 64 bytes");
    }

    @Test
    void theSameObjectTwiceInOneFileKeepsTheFirst() {
        ParsedFile parsed = parse(YAML_FILE, Manifests.documents(
                Manifests.route("shop", "web", "first.example.com"),
                Manifests.route("shop", "web", "second.example.com")));

        assertThat(parsed.objects()).singleElement().isInstanceOfSatisfying(ManifestObject.RouteObject.class,
                r -> assertThat(r.route().host()).isEqualTo("first.example.com"));
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.object()).isEqualTo("document 2 (Route shop/web)");
            assertThat(p.reason()).contains("document 1");
        });
    }
}
