package io.signalbox.router.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.fabric8.openshift.api.model.RouteIngress;
import io.fabric8.openshift.api.model.RouteIngressBuilder;
import io.fabric8.openshift.client.OpenShiftClient;
import io.signalbox.router.model.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubeRouteStatusWriterTest {
    private static final ObjectRef WWW = new ObjectRef("shop", "www");
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    KubernetesMockServer server;
    KubernetesClient client;
    private OpenShiftClient openshift;
    private final AtomicBoolean writer = new AtomicBoolean(true);
    private RouteStatusWriter status;

    @BeforeEach
    void setUp() {
        openshift = client.adapt(OpenShiftClient.class);
        status = new RouteStatusWriter(openshift, "default", this::current, writer::get, Clock.systemUTC(),
                Duration.ofMinutes(3));
    }

    @AfterEach
    void tearDown() {
        status.close();
    }

    @Test
    void admittedRouteGetsOnlyOurEntryAndOtherRoutersKeepTheirs() {
        create(route(new RouteIngressBuilder().withRouterName("other").withHost("www.example.com").build()));

        status.write(WWW, admitted("www.example.com", T0));

        RouteIngress ours = awaitEntry(e -> true);
        assertThat(ours.getHost()).isEqualTo("www.example.com");
        assertThat(ours.getWildcardPolicy()).isEqualTo("None");
        assertThat(ours.getRouterCanonicalHostname()).isEqualTo("router-default.apps.example.com");
        assertThat(ours.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Admitted");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isNull();
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
        });
        assertThat(current(WWW).orElseThrow().getStatus().getIngress()).extracting(RouteIngress::getRouterName)
                .containsExactly("other", "default");
    }

    @Test
    void rejectionCarriesReasonAndMessageAndKeepsTransitionTimeWhileTheConditionHolds() {
        create(route());
        IngressStatus rejected = new IngressStatus("www.example.com", "default", "None", "", false,
                "HostAlreadyClaimed", "route a already exposes www.example.com and is older", T0);
        status.write(WWW, rejected);
        awaitEntry(e -> "False".equals(e.getConditions().get(0).getStatus()));

        // Same condition, new host: the element changes, its lastTransitionTime does not.
        status.write(WWW, new IngressStatus("shop.example.com", "default", "None", "", false,
                "HostAlreadyClaimed", "route a already exposes www.example.com and is older", T0.plusSeconds(60)));

        RouteIngress ours = awaitEntry(e -> "shop.example.com".equals(e.getHost()));
        assertThat(ours.getConditions().get(0).getReason()).isEqualTo("HostAlreadyClaimed");
        assertThat(ours.getConditions().get(0).getMessage())
                .isEqualTo("route a already exposes www.example.com and is older");
        assertThat(ours.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void nothingIsSentWhenTheRouteAlreadySaysIt() throws Exception {
        create(route());
        status.write(WWW, admitted("www.example.com", T0));
        awaitEntry(e -> true);
        drainRequests();

        // A restart: the book has forgotten, the time differs, the API already holds the same condition.
        status.write(WWW, admitted("www.example.com", T0.plusSeconds(3600)));
        status.write(WWW, admitted("www.example.com", T0.plusSeconds(7200)));
        Thread.sleep(300);

        assertThat(updates(drainRequests())).isEmpty();
        assertThat(awaitEntry(e -> true).getConditions().get(0).getLastTransitionTime())
                .isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void aFollowerWritesNothingUntilItBecomesTheWriter() throws Exception {
        create(route());
        writer.set(false);
        status.write(WWW, admitted("www.example.com", T0));
        Thread.sleep(300);
        assertThat(ours()).isEmpty();

        writer.set(true);
        status.becameWriter();

        assertThat(awaitEntry(e -> true).getHost()).isEqualTo("www.example.com");
    }

    @Test
    void routersWithTheSameNameButDifferentViewsStopRewritingEachOther() throws Exception {
        create(route());
        RouteStatusWriter rival = new RouteStatusWriter(openshift, "default", this::current, () -> true,
                Clock.systemUTC(), Duration.ofMinutes(3));
        try {
            IngressStatus mine = admitted("www.example.com", T0);
            IngressStatus theirs = new IngressStatus("www.example.com", "default", "None", "", false,
                    "HostAlreadyClaimed", "claimed", T0);
            status.write(WWW, mine);
            awaitEntry(e -> true);
            rival.write(WWW, theirs);
            // Each sees the other's write, as its informer would show it, and fights back until it gives up.
            for (int i = 0; i < 10; i++) {
                Route seen = current(WWW).orElseThrow();
                status.observed(seen);
                rival.observed(seen);
                Thread.sleep(100);
            }
            int writes = updates(drainRequests()).size();
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                Route seen = current(WWW).orElseThrow();
                status.observed(seen);
                rival.observed(seen);
            }
            Thread.sleep(300);

            assertThat(writes).isBetween(2, 6);
            assertThat(updates(drainRequests())).as("no writes once both gave up").isEmpty();
        } finally {
            rival.close();
        }
    }

    @Test
    void aReplacedRouteIsNotWrittenWithTheOldOnesStatus() throws Exception {
        create(route());
        String oldUid = current(WWW).orElseThrow().getMetadata().getUid();
        // The loop decided for the old route; before the write, the route is deleted and created again.
        RouteStatusWriter stale = new RouteStatusWriter(openshift, "default",
                ref -> current(ref).map(r -> new RouteBuilder(r).editMetadata().withUid(oldUid).endMetadata().build()),
                () -> true, Clock.systemUTC(), Duration.ofMinutes(3));
        try {
            openshift.routes().inNamespace("shop").withName("www").delete();
            eventually(() -> current(WWW).isEmpty() ? Optional.of(true) : Optional.empty());
            create(route());
            stale.write(WWW, admitted("www.example.com", T0));
            Thread.sleep(300);
            assertThat(ours()).isEmpty();
        } finally {
            stale.close();
        }
    }

    private static IngressStatus admitted(String host, Instant at) {
        return new IngressStatus(host, "default", "None", "router-default.apps.example.com", true, "", "", at);
    }

    private static Route route(RouteIngress... others) {
        return new RouteBuilder().withNewMetadata().withNamespace("shop").withName("www").endMetadata()
                .withNewSpec().withHost("www.example.com").withWildcardPolicy("None")
                .withNewTo().withKind("Service").withName("web").endTo().endSpec()
                .withNewStatus().withIngress(others).endStatus()
                .build();
    }

    private void create(Route route) {
        openshift.routes().inNamespace("shop").resource(route).create();
    }

    private Optional<Route> current(ObjectRef ref) {
        return Optional.ofNullable(openshift.routes().inNamespace(ref.namespace()).withName(ref.name()).get());
    }

    private Optional<RouteIngress> ours() {
        return current(WWW).flatMap(r -> IngressEntries.ours(r, "default"));
    }

    private RouteIngress awaitEntry(java.util.function.Predicate<RouteIngress> check) {
        return eventually(() -> ours().filter(check));
    }

    private static <T> T eventually(java.util.function.Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not within 5 s");
    }

    private List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new java.util.ArrayList<>();
        for (RecordedRequest r = server.takeRequest(10, TimeUnit.MILLISECONDS); r != null;
             r = server.takeRequest(10, TimeUnit.MILLISECONDS)) {
            requests.add(r);
        }
        return requests;
    }

    private static List<RecordedRequest> updates(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> "PUT".equals(r.getMethod()) && r.getPath().endsWith("/status")).toList();
    }
}
