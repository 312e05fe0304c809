package io.signalbox.router.render;

import io.signalbox.router.model.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names certificate files by a hash of their contents, so that a file, once written, never changes: a config
 * that passed {@code haproxy -c} keeps meaning the same certificates, and files already on disk need not be
 * written again. Hashing every certificate on every render would cost more than the rest of a 10,000-route
 * render, so names are remembered per spec.tls value from one render to the next. Not thread-safe.
 */
final class CertificateFiles {
    /** The files of one route: a serving PEM (key, certificate, CA chain) and a destination CA, either may be null. */
    record RouteFiles(String serving, String servingPem, String destinationCa, String destinationCaPem) {
    }

    private final Path dir;
    private final RenderCache<TlsConfig, RouteFiles> names = new RenderCache<>();

    CertificateFiles(Path dir) {
        this.dir = dir;
    }

    /** A render ended: names it did not use go. */
    void renderDone() {
        names.renderDone();
    }

    RouteFiles forRoute(TlsConfig tls) {
        RouteFiles files = names.get(tls);
        if (files == null) {
            String serving = RouteTls.blank(tls.certificate()) ? null
                    : joined(tls.key(), tls.certificate(), tls.caCertificate());
            String ca = RouteTls.blank(tls.destinationCACertificate()) ? null : joined(tls.destinationCACertificate());
            files = new RouteFiles(name(serving), serving, name(ca), ca);
            names.put(tls, files);
        }
        return files;
    }

    /** The absolute path a file of this name is written to. */
    String path(String name) {
        return dir.resolve(name).toString();
    }

    static String name(String pem) {
        if (pem == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20) + ".pem";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** OpenShift writes key + "\n" + certificate [+ "\n" + CA]; every part ends in a newline here. */
    private static String joined(String... parts) {
        StringBuilder pem = new StringBuilder();
        for (String part : parts) {
            if (!RouteTls.blank(part)) {
                pem.append(part);
                if (!part.endsWith("\n")) {
                    pem.append('\n');
                }
            }
        }
        return pem.toString();
    }
}
