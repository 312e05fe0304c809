package io.signalbox.tests;

import io.signalbox.router.tls.CertificateIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client as an operator's openssl s_client: connects to the router's HTTPS port with or without an SNI,
 * may offer ALPN, accepts whatever certificate is presented and reports it, then may send one HTTP/1.1 request.
 */
final class TlsClient {
    private final int port;

    TlsClient(int port) {
        this.port = port;
    }

    /** What the handshake gave, and the HTTP response when a request was sent. */
    record Result(X509Certificate presented, String alpn, RouterHarness.Response response) {
        /** The DNS name in the presented certificate's subject, as "CN=..." would show it. */
        String subject() {
            return presented.getSubjectX500Principal().getName();
        }
    }

    /** A handshake only. sni null sends none (the client connects to an IP address). */
    Result handshake(String sni, String... alpn) throws IOException {
        try (SSLSocket socket = connect(sni, alpn)) {
            return new Result(presented(socket), socket.getApplicationProtocol(), null);
        }
    }

    /** A handshake, then GET path with this Host header over HTTP/1.1. */
    Result get(String sni, String host, String path) throws IOException {
        try (SSLSocket socket = connect(sni)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return new Result(presented(socket), socket.getApplicationProtocol(), RouterHarness.Response.parse(raw));
        }
    }

    private SSLSocket connect(String sni, String... alpn) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        plain.setSoTimeout(5000);
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (alpn.length > 0) {
            parameters.setApplicationProtocols(alpn);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static X509Certificate presented(SSLSocket socket) throws IOException {
        Certificate[] chain = socket.getSession().getPeerCertificates();
        return (X509Certificate) chain[0];
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server context that presents this certificate, for TLS test backends. */
    static SSLContext serverContext(CertificateIssuer.Issued identity) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("pod", identity.keys().getPrivate(), new char[0], new Certificate[] {identity.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
