package io.signalbox.router.render;

import static io.signalbox.router.model.RouteBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.TlsConfig;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.tls.CertificateIssuer.Issued;
import io.signalbox.router.tls.TestCertificates;
import java.util.HashMap;
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
}
