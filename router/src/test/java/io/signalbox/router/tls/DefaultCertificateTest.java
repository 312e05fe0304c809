package io.signalbox.router.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.EnvReader;
import io.signalbox.router.tls.CertificateIssuer.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultCertificateTest {
    private static final Issued ONE = TestCertificates.selfSigned("one.example.com");
    private static final Issued TWO = TestCertificates.selfSigned("two.example.com");

    @TempDir
    Path dir;

    private DefaultCertificate load(Map<String, String> env) {
        return DefaultCertificate.fromEnv(new EnvReader(env), dir.resolve("work"), "apps.example.com");
    }

    @Test
    void contentsBeatAPathWhichBeatsAFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("two.pem"), TWO.combinedPem());
        assertThat(load(Map.of("DEFAULT_CERTIFICATE", ONE.combinedPem(), "DEFAULT_CERTIFICATE_PATH", file.toString()))
                .pem()).isEqualTo(ONE.combinedPem());
        assertThat(load(Map.of("DEFAULT_CERTIFICATE_PATH", file.toString(), "DEFAULT_CERTIFICATE_DIR", "/nowhere"))
                .pem()).isEqualTo(TWO.combinedPem());
    }

    @Test
    void aFolderGivesTlsCrtPlusTlsKeyAndIsReadAgainWhenItChanges() throws Exception {
        Files.writeString(dir.resolve("tls.crt"), ONE.certificatePem());
        Files.writeString(dir.resolve("tls.key"), ONE.keyPem());
        DefaultCertificate certificate = load(Map.of("DEFAULT_CERTIFICATE_DIR", dir.toString()));
        assertThat(certificate.watchedDirectory()).contains(dir);
        assertThat(certificate.pem()).contains(ONE.certificatePem()).contains(ONE.keyPem());
        Files.writeString(dir.resolve("tls.crt"), TWO.certificatePem());
        assertThat(certificate.pem()).as("a crt that does not match the key keeps the last good one")
                .contains(ONE.certificatePem());
        Files.writeString(dir.resolve("tls.key"), TWO.keyPem());
        assertThat(certificate.pem()).contains(TWO.certificatePem());
    }

    @Test
    void anUnusableConfiguredCertificateStopsStartUpNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> load(Map.of("DEFAULT_CERTIFICATE", ONE.certificatePem())))
                .isInstanceOf(ConfigException.class).hasMessage("DEFAULT_CERTIFICATE: no private key found in the PEM data");
        assertThatThrownBy(() -> load(Map.of("DEFAULT_CERTIFICATE", ONE.certificatePem() + TWO.keyPem())))
                .hasMessageStartingWith("DEFAULT_CERTIFICATE: the private key does not match");
        assertThatThrownBy(() -> load(Map.of("DEFAULT_CERTIFICATE_PATH", "/nowhere.pem")))
                .hasMessageStartingWith("DEFAULT_CERTIFICATE_PATH=/nowhere.pem: cannot read");
        assertThatThrownBy(() -> load(Map.of("DEFAULT_CERTIFICATE_DIR", dir.toString())))
                .hasMessageStartingWith("DEFAULT_CERTIFICATE_DIR=" + dir + ": cannot read " + dir.resolve("tls.crt"));
    }

    @Test
    void theSelfSignedCertificateNamesTheRouterDomainAndSurvivesARestart() throws Exception {
        String first = load(Map.of()).pem();
        PemBundle bundle = PemBundle.parse(first);
        assertThat(bundle.certificates().get(0).getSubjectAlternativeNames())
                .anyMatch(n -> n.get(1).equals("*.apps.example.com"));
        assertThat(load(Map.of()).pem()).isEqualTo(first);
        Path kept = dir.resolve("work/tls/default-self-signed.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
    }
}
