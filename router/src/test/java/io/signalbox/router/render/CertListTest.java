package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.TlsConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CertListTest {
    private static final String DEFAULT = RenderFixtures.DEFAULT_CERTIFICATE.combinedPem();

    private static Route edge(String name, String host, String certificate) {
        return route("ns", name).host(host).tls(new TlsConfig("edge", certificate, "KEY", null, null, null)).build();
    }

    private static String render(boolean disableHttp2, Route... routes) {
        Map<ObjectRef, String> files = List.of(routes).stream()
                .collect(Collectors.toMap(Route::ref, r -> "/certs/" + r.name() + ".pem"));
        return CertList.render(List.of(routes), files, DEFAULT, disableHttp2);
    }

    @Test
    void aCertificateOfItsOwnOffersHttp2ForItsHost() {
        assertThat(render(false, edge("a", "A.example.com", "CERT-A")))
                .isEqualTo("/certs/a.pem [alpn h2,http/1.1] a.example.com\n");
    }

    @Test
    void aSharedCertificateOrTheDefaultOneOffersNoAlpn() {
        assertThat(render(false, edge("a", "a.example.com", "SAME"), edge("b", "b.example.com", "SAME"),
                edge("c", "c.example.com", RenderFixtures.DEFAULT_CERTIFICATE.certificatePem())))
                .isEqualTo("/certs/c.pem c.example.com\n/certs/b.pem b.example.com\n/certs/a.pem a.example.com\n");
    }

    @Test
    void http2CanBeTurnedOffAndRoutesWithoutACertificateAreNotListed() {
        assertThat(render(true, edge("a", "a.example.com", "CERT-A"), edge("n", "n.example.com", null)))
                .isEqualTo("/certs/a.pem a.example.com\n");
    }

    @Test
    void aWildcardRouteIsServedForItsDomain() {
        Route wildcard = route("ns", "w").host("www.wild.test").subdomainWildcard()
                .tls(new TlsConfig("edge", "CERT-W", "KEY", null, null, null)).build();
        assertThat(render(false, wildcard)).isEqualTo("/certs/w.pem [alpn h2,http/1.1] *.wild.test\n");
    }
}
