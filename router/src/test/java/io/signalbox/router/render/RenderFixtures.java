package io.signalbox.router.render;

import io.signalbox.router.config.EnvReader;
import io.signalbox.router.tls.CipherSettings;
import io.signalbox.router.tls.CertificateIssuer;
import io.signalbox.router.tls.DefaultCertificate;
import io.signalbox.router.tls.TestCertificates;
import io.signalbox.router.tls.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Render settings as the defaults give them, with a made-up work folder and a fresh default certificate. */
public final class RenderFixtures {
    static final CertificateIssuer.Issued DEFAULT_CERTIFICATE = TestCertificates.selfSigned("*.apps.example.com");

    private RenderFixtures() {
    }

    public static RenderSettings settings() {
        return settings(tls(false, Optional.empty()));
    }

    public static TlsSettings tls(boolean disableHttp2, Optional<Path> defaultDestinationCa) {
        return new TlsSettings(443, DefaultCertificate.of(DEFAULT_CERTIFICATE.combinedPem()), false, disableHttp2,
                CipherSettings.fromEnv(new EnvReader(Map.of())), defaultDestinationCa, Path.of("/work/certs"),
                Path.of("/work/run/haproxy-sni.sock"), Path.of("/work/run/haproxy-no-sni.sock"));
    }

    public static RenderSettings settings(TlsSettings tls) {
        return new RenderSettings(Optional.empty(), "", 80, Path.of("/run/haproxy.sock"), Optional.of(50000),
                Path.of("/work/error-page-503.http"), Optional.empty(), "random", "5000ms", null, false, tls);
    }
}
