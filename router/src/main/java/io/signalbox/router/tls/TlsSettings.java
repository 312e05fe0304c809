package io.signalbox.router.tls;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.EnvReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the HTTPS side, read from OpenShift's variable names and validated.
 *
 * @param httpsPort            ROUTER_SERVICE_HTTPS_PORT
 * @param defaultCertificate   DEFAULT_CERTIFICATE / _PATH / _DIR, or the self-signed one
 * @param strictSni            ROUTER_STRICT_SNI: an SNI no certificate matches fails the handshake
 * @param disableHttp2         ROUTER_DISABLE_HTTP2: never offer h2 (clients and reencrypt servers)
 * @param ciphers              ROUTER_CIPHERS, ROUTER_CIPHERSUITES, SSL_MIN_VERSION, SSL_MAX_VERSION
 * @param defaultDestinationCa DEFAULT_DESTINATION_CA_PATH: verifies reencrypt pods without their own CA
 * @param certDir              where certificate files live, named by their contents
 * @param sniSocket            the internal socket of the frontend that terminates TLS with an SNI
 * @param noSniSocket          the internal socket of the frontend that terminates TLS without one
 */
public record TlsSettings(
        int httpsPort,
        DefaultCertificate defaultCertificate,
        boolean strictSni,
        boolean disableHttp2,
        CipherSettings ciphers,
        Optional<Path> defaultDestinationCa,
        Path certDir,
        Path sniSocket,
        Path noSniSocket) {
    /** The folder under the work folder that holds certificate files. */
    public static final String CERT_DIR = "certs";
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/._-]+");

    public static TlsSettings fromEnv(EnvReader env, Path workDir, String routerDomain) {
        return new TlsSettings(
                env.port("ROUTER_SERVICE_HTTPS_PORT", 443),
                DefaultCertificate.fromEnv(env, workDir, routerDomain),
                env.bool("ROUTER_STRICT_SNI", false),
                env.bool("ROUTER_DISABLE_HTTP2", false),
                CipherSettings.fromEnv(env),
                env.path("DEFAULT_DESTINATION_CA_PATH").map(TlsSettings::destinationCa),
                workDir.resolve(CERT_DIR),
                workDir.resolve("run").resolve("haproxy-sni.sock"),
                workDir.resolve("run").resolve("haproxy-no-sni.sock"));
    }

    private static Path destinationCa(Path path) {
        Path absolute = path.toAbsolutePath();
        if (!Files.isReadable(absolute) || Files.isDirectory(absolute)) {
            throw new ConfigException("DEFAULT_DESTINATION_CA_PATH=" + path + ": not a readable file");
        }
        // The path is printed into every reencrypt server line.
        if (!SAFE_PATH.matcher(absolute.toString()).matches()) {
            throw new ConfigException("DEFAULT_DESTINATION_CA_PATH=" + path
                    + ": use only letters, digits, '/', '.', '_' and '-'");
        }
        return absolute;
    }
}
