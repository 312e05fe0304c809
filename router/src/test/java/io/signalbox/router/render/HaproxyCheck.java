package io.signalbox.router.render;

import io.signalbox.haproxy.CheckResult;
import io.signalbox.haproxy.ConfigChecker;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.router.apply.ConfigVerifier;
import io.signalbox.router.config.TuningSettings;
import io.signalbox.router.tls.CipherSettings;
import io.signalbox.router.tls.DefaultCertificate;
import io.signalbox.router.config.EnvReader;
import io.signalbox.router.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Renders into a real folder and runs the installed haproxy -c on it, as the apply path does before a reload. */
public final class HaproxyCheck {
    private final Path root;

    public HaproxyCheck(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("certs"));
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("error-page-503.http"), "HTTP/1.0 503 Service Unavailable\r\n\r\n");
    }

    public RenderSettings settings(TuningSettings tuning) {
        TlsSettings tls = new TlsSettings(443, DefaultCertificate.of(RenderFixtures.DEFAULT_CERTIFICATE.combinedPem()),
                false, false, CipherSettings.fromEnv(new EnvReader(Map.of())), Optional.empty(), root.resolve("certs"),
                root.resolve("run/sni.sock"), root.resolve("run/no-sni.sock"));
        return new RenderSettings(Optional.empty(), "127.0.0.1", 8080, root.resolve("run/haproxy.sock"),
                Optional.of(1000), root.resolve("error-page-503.http"), Optional.empty(), "random", "5000ms", null,
                false, tls, tuning);
    }

    /** Writes the config, maps and certificates and checks them. */
    public CheckResult check(RenderedConfig config) throws IOException {
        for (Map.Entry<String, String> file : config.files().entrySet()) {
            Files.writeString(root.resolve("conf").resolve(file.getKey()), file.getValue());
        }
        for (Map.Entry<String, String> cert : config.certificates().entrySet()) {
            Files.writeString(root.resolve("certs").resolve(cert.getKey()), cert.getValue());
        }
        return new ConfigChecker(new ProcessRunner()).check(root.resolve("conf").resolve(RenderedConfig.CONFIG_FILE),
                Map.of(ConfigVerifier.CONF_ENV, root.resolve("conf").toString()));
    }
}
