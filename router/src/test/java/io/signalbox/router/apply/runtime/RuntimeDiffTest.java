package io.signalbox.router.apply.runtime;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.apply.runtime.ChangePlan.NeedsReload;
import io.signalbox.router.apply.runtime.ChangePlan.RuntimePlan;
import io.signalbox.router.apply.runtime.RuntimeOp.AddServer;
import io.signalbox.router.apply.runtime.RuntimeOp.DeleteMapEntry;
import io.signalbox.router.apply.runtime.RuntimeOp.DeleteServer;
import io.signalbox.router.apply.runtime.RuntimeOp.PutMapEntry;
import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.model.TlsConfig;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.render.RenderFixtures;
import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.render.RuntimeSettings;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.tls.CertificateIssuer.Issued;
import io.signalbox.router.tls.TestCertificates;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the runtime API is asked to do for each kind of change, and what needs a reload instead. */
class RuntimeDiffTest {
    private static final Path CONF = Path.of("/work/conf");
    private final ConfigRenderer renderer = new ConfigRenderer(RenderFixtures.settings(), new RuntimeSettings(true, 2, "1h", true));
    private final Route web = route("ns", "web").host("web.example.com").toService("web").build();
    private final Route shop = route("ns", "shop").host("shop.example.com").toService("web").build();

    private static Map<ObjectRef, ServiceEndpoints> endpoints(String... ips) {
        List<EndpointAddress> addresses = Arrays.stream(ips).map(ip -> new EndpointAddress(ip, null)).toList();
        EndpointSubset subset = new EndpointSubset(addresses, List.of(new EndpointPort("http", 8080, "TCP", null)));
        ObjectRef service = new ObjectRef("ns", "web");
        return Map.of(service, new ServiceEndpoints(service, List.of(subset)));
    }

    private static RouterSnapshot snapshot(Map<ObjectRef, ServiceEndpoints> endpoints, Route... routes) {
        Map<ObjectRef, Route> byRef = new HashMap<>();
        for (Route r : routes) {
            byRef.put(r.ref(), r);
        }
        return new RouterSnapshot(byRef, endpoints, Map.of());
    }

    /** The config a reload loads, then the render of the next snapshot against it, as the applier does. */
    private ChangePlan plan(RenderedConfig running, RouterSnapshot next) {
        return RuntimeDiff.plan(RenderModel.of(running), RenderModel.of(renderer.render(next, running.pool(), false)));
    }

    private List<String> commands(ChangePlan plan) {
        return ((RuntimePlan) plan).ops().stream().flatMap(op -> op.commands(CONF).stream()).toList();
    }

    @Test
    void aSecondEndpointIsAddedWithEveryOptionThenTheFirstGetsHealthChecksByReplacement() {
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));
        ChangePlan plan = plan(running, snapshot(endpoints("10.0.0.1", "10.0.0.2"), web));

        assertThat(plan).isInstanceOf(RuntimePlan.class);
        assertThat(((RuntimePlan) plan).reason()).isEqualTo("endpoints");
        String be = "be_http:ns:web/";
        assertThat(commands(plan)).containsExactly(
                "add server " + be + "ept:web:http:10.0.0.2:8080 10.0.0.2:8080 weight 1 check inter 5000ms",
                "enable health " + be + "ept:web:http:10.0.0.2:8080",
                "enable server " + be + "ept:web:http:10.0.0.2:8080",
                "enable dynamic-cookie backend be_http:ns:web",
                "disable server " + be + "ept:web:http:10.0.0.1:8080",
                "del server " + be + "ept:web:http:10.0.0.1:8080",
                "add server " + be + "ept:web:http:10.0.0.1:8080 10.0.0.1:8080 weight 1 check inter 5000ms",
                "enable health " + be + "ept:web:http:10.0.0.1:8080",
                "enable server " + be + "ept:web:http:10.0.0.1:8080",
                "enable dynamic-cookie backend be_http:ns:web");
    }

    @Test
    void aRemovedEndpointIsPutInMaintenanceThenDeleted() {
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1", "10.0.0.2", "10.0.0.3"), web));
        ChangePlan plan = plan(running, snapshot(endpoints("10.0.0.1", "10.0.0.2"), web));

        assertThat(commands(plan)).containsExactly(
                "disable server be_http:ns:web/ept:web:http:10.0.0.3:8080",
                "del server be_http:ns:web/ept:web:http:10.0.0.3:8080");
    }

    @Test
    void aNewRouteTakesASpareBackendWhoseServersComeBeforeItsMapEntry() {
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));
        assertThat(running.config()).contains("backend be_pool_http_1\n", "backend be_pool_http_2\n",
                "backend be_pool_edge_2\n", "backend be_pool_tcp_2\n");

        ChangePlan plan = plan(running, snapshot(endpoints("10.0.0.1"), web, shop));

        assertThat(((RuntimePlan) plan).reason()).isEqualTo("routes");
        assertThat(((RuntimePlan) plan).ops()).containsExactly(
                new AddServer("be_pool_http_1", "ept:web:http:10.0.0.1:8080", new ServerSpec("10.0.0.1:8080", "weight 1")),
                new PutMapEntry("http_prefix.map", "shop.example.com/", "be_pool_http_1", false));
        assertThat(commands(plan)).contains("add map /work/conf/http_prefix.map shop.example.com/ be_pool_http_1");
    }

    @Test
    void aDeletedRouteLeavesTheMapsBeforeItsServersLeave() {
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web, shop));
        ChangePlan plan = plan(running, snapshot(endpoints("10.0.0.1"), web));

        assertThat(((RuntimePlan) plan).ops()).containsExactly(
                new DeleteMapEntry("http_prefix.map", "shop.example.com/"),
                new DeleteServer("be_http:ns:shop", "ept:web:http:10.0.0.1:8080"));
    }

    @Test
    void aChangedAnnotationChangesTheBackendsSettingsAndNeedsAReload() {
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web, shop));
        Route slower = route("ns", "shop").host("shop.example.com").toService("web")
                .annotation("haproxy.router.openshift.io/timeout", "90s").build();

        assertThat(plan(running, snapshot(endpoints("10.0.0.1"), web, slower)))
                .isEqualTo(new NeedsReload("backend-changed", "settings of backend be_http:ns:shop changed"));
        assertThat(plan(running, snapshot(endpoints("10.0.0.1"), web, shop))).isInstanceOf(RuntimePlan.class);
    }

    @Test
    void aRouteInASpareBackendStaysThereOnDiskAndAReloadRefillsThePool() {
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));
        RenderedConfig atRuntime = renderer.render(snapshot(endpoints("10.0.0.1"), web, shop), running.pool(), false);
        RenderedConfig reloaded = renderer.render(snapshot(endpoints("10.0.0.1"), web, shop), atRuntime.pool(), true);

        assertThat(reloaded.pool().backends()).containsEntry(shop.ref(), "be_pool_http_1")
                .containsEntry(web.ref(), "be_http:ns:web");
        assertThat(reloaded.files().get("http_prefix.map")).contains("shop.example.com/ be_pool_http_1\n");
        assertThat(reloaded.config()).contains("backend be_pool_http_2\n", "backend be_pool_http_3\n")
                .doesNotContain("be_pool_http_4");
        assertThat(RuntimeDiff.plan(RenderModel.of(atRuntime), RenderModel.of(reloaded)))
                .isEqualTo(new NeedsReload("backend-added", "new backend be_pool_http_3"));
    }

    @Test
    void whenNoSpareIsLeftANewRouteNeedsAReload() {
        Route third = route("ns", "third").host("third.example.com").toService("web").build();
        Route fourth = route("ns", "fourth").host("fourth.example.com").toService("web").build();
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));
        ChangePlan plan = plan(running, snapshot(endpoints("10.0.0.1"), web, shop, third, fourth));

        assertThat(plan).isEqualTo(new NeedsReload("backend-added", "new backend be_http:ns:third"));
    }

    @Test
    void aReencryptRouteWithItsOwnCaTakesASpareAndItsCaFileIsLoadedBeforeItsServers() {
        Issued ca = TestCertificates.ca("Pod CA");
        Route secure = route("ns", "secure").host("secure.example.com").toService("web")
                .tls(new TlsConfig("reencrypt", null, null, null, ca.certificatePem(), null)).build();
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));
        RenderedConfig added = renderer.render(snapshot(endpoints("10.0.0.1"), web, secure), running.pool(), false);
        String caFile = RenderModel.of(added).servers().get("be_pool_reencrypt_1").values().iterator().next()
                .caFile().orElseThrow();
        assertThat(added.config()).contains(" ca-file \"" + caFile + "\"");

        ChangePlan plan = RuntimeDiff.plan(RenderModel.of(running), RenderModel.of(added));

        assertThat(((RuntimePlan) plan).caFiles()).containsExactly(caFile);
        assertThat(caFile).startsWith("/work/certs/");
        // HAProxy's CLI would take the quotes as part of the file name.
        assertThat(commands(plan)).startsWith("add server be_pool_reencrypt_1/ept:web:http:10.0.0.1:8080 10.0.0.1:8080 "
                + "weight 1 ssl alpn h2,http/1.1 verify required ca-file " + caFile)
                .contains("add map /work/conf/https_prefix.map secure.example.com/ be_pool_reencrypt_1");
    }

    @Test
    void aReencryptRouteVerifiedByTheServiceCaLoadsItOnlyWhenNoServerNamesItYet() {
        ConfigRenderer withServiceCa = new ConfigRenderer(
                RenderFixtures.settings(RenderFixtures.tls(false, Optional.of(Path.of("/etc/service-ca.crt")))),
                new RuntimeSettings(true, 2, "1h", true));
        Route first = route("ns", "first").host("first.example.com").toService("web").tls("reencrypt").build();
        Route second = route("ns", "second").host("second.example.com").toService("web").tls("reencrypt").build();
        RenderedConfig running = withServiceCa.render(snapshot(endpoints("10.0.0.1"), web));
        RenderedConfig one = withServiceCa.render(snapshot(endpoints("10.0.0.1"), web, first), running.pool(), false);
        RenderedConfig two = withServiceCa.render(snapshot(endpoints("10.0.0.1"), web, first, second), one.pool(),
                false);

        ChangePlan plan = RuntimeDiff.plan(RenderModel.of(running), RenderModel.of(one));
        assertThat(((RuntimePlan) plan).caFiles()).containsExactly("/etc/service-ca.crt");
        assertThat(commands(plan)).first().asString().endsWith(
                " ssl alpn h2,http/1.1 verify required ca-file /etc/service-ca.crt verifyhost web.ns.svc");
        assertThat(((RuntimePlan) RuntimeDiff.plan(RenderModel.of(one), RenderModel.of(two))).caFiles()).isEmpty();
    }

    @Test
    void whenNoReencryptSpareIsLeftANewReencryptRouteNeedsAReload() {
        Route[] secure = new Route[3];
        for (int i = 0; i < secure.length; i++) {
            secure[i] = route("ns", "secure" + i).host("secure" + i + ".example.com").toService("web")
                    .tls("reencrypt").build();
        }
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));

        assertThat(plan(running, snapshot(endpoints("10.0.0.1"), web, secure[0], secure[1])))
                .isInstanceOf(RuntimePlan.class);
        assertThat(plan(running, snapshot(endpoints("10.0.0.1"), web, secure[0], secure[1], secure[2])))
                .isEqualTo(new NeedsReload("backend-added", "new backend be_secure:ns:secure2"));
    }

    @Test
    void serversAddedAtRuntimeCarryNoCookieValueBecauseTheBackendDerivesIt() {
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));
        assertThat(running.config()).contains("dynamic-cookie-key");
        assertThat(RenderModel.of(running).servers().get("be_http:ns:web").values())
                .allSatisfy(spec -> assertThat(spec.options()).doesNotContain("cookie"));
    }

    @Test
    void anEdgeRouteWithItsOwnCertificateIsLoadedAtRuntimeAndItsCertificateLeavesWithIt() {
        Issued issued = TestCertificates.selfSigned("tls.example.com");
        Route tls = route("ns", "tls").host("tls.example.com").toService("web")
                .tls(new TlsConfig("edge", issued.certificatePem(), issued.keyPem(), null, null, null)).build();
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web));
        RenderedConfig added = renderer.render(snapshot(endpoints("10.0.0.1"), web, tls), running.pool(), false);
        String file = RenderModel.of(added).certList().get(0).split(" ")[0];

        ChangePlan add = RuntimeDiff.plan(RenderModel.of(running), RenderModel.of(added));
        List<String> commands = commands(add);
        assertThat(((RuntimePlan) add).reason()).isEqualTo("routes");
        assertThat(commands).startsWith("add server be_pool_edge_1/ept:web:http:10.0.0.1:8080 10.0.0.1:8080 weight 1")
                .contains("new ssl cert " + file, "commit ssl cert " + file,
                        "add ssl crt-list /work/conf/cert_config.map <<\n" + file + " [alpn h2,http/1.1] tls.example.com\n",
                        "add map /work/conf/https_prefix.map tls.example.com/ be_pool_edge_1");
        String payload = commands.stream().filter(c -> c.startsWith("set ssl cert ")).findFirst().orElseThrow();
        assertThat(payload).startsWith("set ssl cert " + file + " <<\n").contains(issued.certificatePem().strip())
                .endsWith("\n").doesNotContain("\n\n");
        assertThat(commands.indexOf("commit ssl cert " + file)).isLessThan(commands.indexOf(
                "add map /work/conf/https_prefix.map tls.example.com/ be_pool_edge_1"));
        assertThat(((RuntimePlan) add).ops().toString()).doesNotContain("PRIVATE KEY");

        RenderedConfig deleted = renderer.render(snapshot(endpoints("10.0.0.1"), web), added.pool(), false);
        assertThat(commands(RuntimeDiff.plan(RenderModel.of(added), RenderModel.of(deleted))))
                .endsWith("del ssl crt-list /work/conf/cert_config.map " + file, "del ssl cert " + file);
    }

    @Test
    void aCertificateEntryThatSharesItsFileWithAnotherNeedsAReloadToGo() {
        Issued issued = TestCertificates.selfSigned("*.example.com");
        TlsConfig shared = new TlsConfig("edge", issued.certificatePem(), issued.keyPem(), null, null, null);
        Route one = route("ns", "one").host("one.example.com").toService("web").tls(shared).build();
        Route two = route("ns", "two").host("two.example.com").toService("web").tls(shared).build();
        RenderedConfig running = renderer.render(snapshot(endpoints("10.0.0.1"), web, one, two));
        RenderedConfig next = renderer.render(snapshot(endpoints("10.0.0.1"), web, one), running.pool(), false);

        assertThat(RuntimeDiff.plan(RenderModel.of(running), RenderModel.of(next)))
                .isEqualTo(new NeedsReload("certificates", "a crt-list entry to delete shares its certificate file"));
    }
}
