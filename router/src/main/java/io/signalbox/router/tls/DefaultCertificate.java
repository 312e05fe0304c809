package io.signalbox.router.tls;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.EnvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate served when no route certificate matches the SNI, or there is no SNI (SPEC §4.4). In order of
 * precedence: DEFAULT_CERTIFICATE (PEM contents) &gt; DEFAULT_CERTIFICATE_PATH &gt; DEFAULT_CERTIFICATE_DIR
 * ({@code tls.crt}, plus {@code tls.key} when the crt holds no key) &gt; a self-signed certificate kept in the work
 * folder. A configured certificate that cannot be used stops start-up; a later bad edit of the folder is logged
 * and the last good certificate keeps serving.
 */
public final class DefaultCertificate {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCertificate.class);

    private final String origin;
    private final Supplier<String> reader;
    private final Path watchedDirectory;
    private String lastGood;

    private DefaultCertificate(String origin, Supplier<String> reader, Path watchedDirectory, String first) {
        this.origin = origin;
        this.reader = reader;
        this.watchedDirectory = watchedDirectory;
        this.lastGood = first;
    }

    public static DefaultCertificate fromEnv(EnvReader env, Path workDir, String routerDomain) {
        Optional<String> inline = env.get("DEFAULT_CERTIFICATE");
        if (inline.isPresent()) {
            String pem = checked("DEFAULT_CERTIFICATE", inline.get());
            return new DefaultCertificate("DEFAULT_CERTIFICATE", () -> pem, null, pem);
        }
        Optional<Path> file = env.path("DEFAULT_CERTIFICATE_PATH");
        if (file.isPresent()) {
            String setting = "DEFAULT_CERTIFICATE_PATH=" + file.get();
            String pem = checked(setting, read(setting, file.get()));
            return new DefaultCertificate(setting, () -> pem, null, pem);
        }
        Optional<Path> dir = env.path("DEFAULT_CERTIFICATE_DIR").map(Path::toAbsolutePath);
        if (dir.isPresent()) {
            String setting = "DEFAULT_CERTIFICATE_DIR=" + dir.get();
            Supplier<String> reader = () -> fromDirectory(setting, dir.get());
            return new DefaultCertificate(setting, reader, dir.get(), checked(setting, reader.get()));
        }
        Path generated = workDir.resolve("tls").resolve("default-self-signed.pem");
        return new DefaultCertificate("a self-signed certificate in " + generated,
                () -> SelfSignedCertificate.loadOrCreate(generated, routerDomain), null, null);
    }

    /** A fixed certificate, for tests and callers that already hold one. */
    public static DefaultCertificate of(String pem) {
        return new DefaultCertificate("given", () -> pem, null, pem);
    }

    /** The folder whose changes should be applied without a restart, when the certificate comes from one. */
    public Optional<Path> watchedDirectory() {
        return Optional.ofNullable(watchedDirectory);
    }

    /** The PEM (key and chain) to serve now. A folder is read again on every call; it is two small files. */
    public synchronized String pem() {
        if (lastGood == null || watchedDirectory != null) {
            try {
                lastGood = checked(origin, reader.get());
            } catch (ConfigException e) {
                if (lastGood == null) {
                    throw e;
                }
                LOG.warn("default certificate not changed: {}", e.getMessage());
            }
        }
        return lastGood;
    }

    private static String fromDirectory(String setting, Path dir) {
        String crt = read(setting, dir.resolve("tls.crt"));
        try {
            if (!PemBundle.parse(crt).keys().isEmpty()) {
                return crt;
            }
        } catch (PemBundle.PemException e) {
            throw new ConfigException(setting + ": tls.crt: " + e.getMessage());
        }
        return crt + (crt.endsWith("\n") ? "" : "\n") + read(setting, dir.resolve("tls.key"));
    }

    private static String read(String setting, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(setting + ": cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** The PEM when it holds a certificate and the private key that belongs to it. */
    private static String checked(String setting, String pem) {
        try {
            PemBundle bundle = PemBundle.parse(pem);
            if (bundle.certificates().isEmpty()) {
                throw new ConfigException(setting + ": no certificate found in the PEM data");
            }
            if (bundle.keys().isEmpty()) {
                throw new ConfigException(setting + ": no private key found in the PEM data");
            }
            if (!KeyPairCheck.matches(bundle.keys().get(0), bundle.certificates().get(0))) {
                throw new ConfigException(setting + ": the private key does not match the certificate");
            }
        } catch (PemBundle.PemException e) {
            throw new ConfigException(setting + ": " + e.getMessage());
        }
        return pem.endsWith("\n") ? pem : pem + "\n";
    }
}
