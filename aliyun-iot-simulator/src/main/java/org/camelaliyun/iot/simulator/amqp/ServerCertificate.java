package org.camelaliyun.iot.simulator.amqp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;

/**
 * The TLS identity of the subscription endpoint: a self-signed EC certificate for {@code localhost}, 127.0.0.1 and
 * ::1, bundled with the simulator (the JDK has no public API to make one at run time). It is a throwaway: its key
 * is public in this repository, so nothing but a test client should ever trust it. Each server writes a fresh trust
 * store with a random password next to it.
 */
final class ServerCertificate {

    static final String KEY_STORE_PASSWORD = "simulator";
    private static final String RESOURCE = "server.p12";

    private final byte[] keyStore;
    private final TrustMaterial trust;

    private ServerCertificate(byte[] keyStore, TrustMaterial trust) {
        this.keyStore = keyStore;
        this.trust = trust;
    }

    static ServerCertificate load() {
        try (InputStream in = ServerCertificate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the simulator's bundled certificate " + RESOURCE + " is missing");
            }
            byte[] bytes = in.readAllBytes();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(new ByteArrayInputStream(bytes), KEY_STORE_PASSWORD.toCharArray());
            Certificate certificate = keys.getCertificate(keys.aliases().nextElement());

            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("aliyun-iot-simulator", certificate);
            Path path = Files.createTempFile("aliyun-iot-simulator-trust-", ".p12");
            try (OutputStream out = Files.newOutputStream(path)) {
                trustStore.store(out, password.toCharArray());
            }
            path.toFile().deleteOnExit();
            return new ServerCertificate(bytes, new TrustMaterial(path, password, "PKCS12"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the simulator's TLS material", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare the simulator's TLS material", e);
        }
    }

    byte[] keyStore() {
        return keyStore.clone();
    }

    TrustMaterial trust() {
        return trust;
    }

    void delete() {
        try {
            Files.deleteIfExists(trust.trustStorePath());
        } catch (IOException e) {
            // a temp file left behind is harmless; deleteOnExit tries again
        }
    }
}
