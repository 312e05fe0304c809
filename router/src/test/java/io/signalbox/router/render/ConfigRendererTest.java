package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.EndpointAddress;
import io.signalbox.router.model.EndpointPort;
import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.ServiceEndpoints;
import io.signalbox.router.model.TlsConfig;
import io.signalbox.router.render.annotations.RouteOptionsParser;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.tls.CertificateIssuer.Issued;
import io.signalbox.router.tls.TestCertificates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRendererTest {
    private static final Issued SECURE = TestCertificates.selfSigned("secure.example.com");
    private final ConfigRenderer renderer = new ConfigRenderer(RenderFixtures.settings());

    private static RouterSnapshot snapshot(Route... routes) {
        Map<ObjectRef, Route> byRef = new HashMap<>();
        for (Route r : routes) {
            byRef.put(r.ref(), r);
        }
        return new RouterSnapshot(byRef, Map.of(), Map.of());
    }

    @Test
    void aRouteCertificateIsAFileNamedByItsContentsAndListedForItsHost() {
        Route edge = route("ns", "secure").host("secure.example.com")
                .tls(new TlsConfig("edge", SECURE.certificatePem(), SECURE.keyPem(), null, null, null)).build();
        RenderedConfig config = renderer.render(snapshot(edge));
        String servingFile = CertificateFiles.name(SECURE.keyPem() + SECURE.certificatePem());
        String defaultFile = CertificateFiles.name(RenderFixtures.DEFAULT_CERTIFICATE.combinedPem());
        assertThat(config.certificates()).containsOnlyKeys(servingFile, defaultFile);
        assertThat(config.certificates().get(servingFile)).isEqualTo(SECURE.keyPem() + SECURE.certificatePem());
        assertThat(config.files().get("cert_config.map"))
                .isEqualTo("/work/certs/" + servingFile + " [alpn h2,http/1.1] secure.example.com\n");
        assertThat(config.config()).contains("crt \"/work/certs/" + defaultFile + "\"")
                .contains("backend be_edge_http:ns:secure\n");
        assertThat(config.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void theSameInputRendersTheSameBytesAndAChangedCertificateANewFile() {
        Route edge = route("ns", "secure").host("secure.example.com")
                .tls(new TlsConfig("edge", SECURE.certificatePem(), SECURE.keyPem(), null, null, null)).build();
        RenderedConfig first = renderer.render(snapshot(edge));
        assertThat(renderer.render(snapshot(edge))).isEqualTo(first);
        Issued renewed = TestCertificates.selfSigned("secure.example.com");
        Route changed = route("ns", "secure").host("secure.example.com")
                .tls(new TlsConfig("edge", renewed.certificatePem(), renewed.keyPem(), null, null, null)).build();
        assertThat(renderer.render(snapshot(changed)).files().get("cert_config.map"))
                .isNotEqualTo(first.files().get("cert_config.map"));
    }

    private static ServiceEndpoints endpoints(String service, String... ips) {
        ObjectRef ref = new ObjectRef("ns", service);
        return new ServiceEndpoints(ref, List.of(new EndpointSubset(
                List.of(ips).stream().map(ip -> new EndpointAddress(ip, null)).toList(),
                List.of(new EndpointPort("web", 8080, "TCP", null)))));
    }

    private static RouterSnapshot snapshot(List<Route> routes, ServiceEndpoints... endpoints) {
        Map<ObjectRef, Route> byRef = new HashMap<>();
        routes.forEach(r -> byRef.put(r.ref(), r));
        Map<ObjectRef, ServiceEndpoints> byService = new HashMap<>();
        for (ServiceEndpoints e : endpoints) {
            byService.put(e.service(), e);
        }
        return new RouterSnapshot(byRef, byService, Map.of());
    }

    @Test
    void aRendererThatKeepsItsWorkBetweenRendersRendersWhatAFreshOneRenders() {
        Route plain = route("ns", "plain").host("plain.example.com").toService("svc").build();
        Route edge = route("ns", "secure").host("secure.example.com").toService("svc")
                .tls(new TlsConfig("edge", SECURE.certificatePem(), SECURE.keyPem(), null, null, null)).build();
        Route tcp = route("ns", "tcp").host("tcp.example.com").toService("one").tls("passthrough").build();
        Route added = route("ns", "added").host("added.example.com").path("/a").toService("one").build();
        Route timeout = route("ns", "plain").host("plain.example.com").toService("svc")
                .annotation(RouteOptionsParser.TIMEOUT, "3s").build();
        Issued renewed = TestCertificates.selfSigned("secure.example.com");
        Route renewedEdge = route("ns", "secure").host("secure.example.com").toService("svc")
                .tls(new TlsConfig("edge", renewed.certificatePem(), renewed.keyPem(), null, null, null)).build();
        ServiceEndpoints svc = endpoints("svc", "10.0.0.1", "10.0.0.2");
        ServiceEndpoints one = endpoints("one", "10.0.1.1");
        RouterSnapshot first = snapshot(List.of(plain, edge, tcp), svc, one);
        List<RouterSnapshot> changes = List.of(
                first,
                snapshot(List.of(timeout, edge, tcp), svc, one), // an annotation
                snapshot(List.of(route("ns", "plain").host("plain.example.com").toService("svc")
                        .annotation(RouteOptionsParser.TIMEOUT, "3s").build(), edge, tcp), svc, endpoints("one",
                        "10.0.1.1")), // the same, read again
                snapshot(List.of(timeout, edge, tcp), endpoints("svc", "10.0.0.1"), one), // a pod went
                snapshot(List.of(timeout, edge, added), endpoints("svc", "10.0.0.1"), one), // a route went, one came
                snapshot(List.of(timeout, renewedEdge, added), endpoints("svc", "10.0.0.1"), one), // a new certificate
                first, first); // back to the first, whose sections were dropped by then

        for (RouterSnapshot snapshot : changes) {
            RenderedConfig kept = renderer.render(snapshot);
            assertThat(kept).isEqualTo(new ConfigRenderer(RenderFixtures.settings()).render(snapshot));
        }
        assertThat(renderer.render(first).config()).contains("server ept:svc:web:10.0.0.2:8080 10.0.0.2:8080")
                .doesNotContain("timeout server 3s");
    }
}
