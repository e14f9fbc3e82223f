package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.ErrorCodes;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS is verified by default: a gateway whose certificate the JVM does not trust is refused before any request
 * byte is sent; trusting it the camel-http way ({@code sslContextParameters}) makes the call go through.
 */
class TlsVerificationTest {

    static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static Path keystore;
    static HttpsServer server;
    static final AtomicInteger requestsHandled = new AtomicInteger();

    @BeforeAll
    static void startSelfSignedServer() throws Exception {
        keystore = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            requestsHandled.incrementAndGet();
            byte[] body = "{\"RequestId\":\"TLS-OK\",\"Success\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    Exchange call(CamelContext context, String options) {
        return context.createProducerTemplate().request("aliyun-iot:invokeThingsService?productKey=p&identifier=TimeReset"
                                                        + "&accessKeyId=tls-key&accessKeySecret=tls-test-secret-value&rateLimitPerSecond=0&maxRetries=0"
                                                        + "&endpoint=https://127.0.0.1:" + server.getAddress().getPort()
                                                        + options,
                e -> e.getMessage().setBody(List.of("dev1")));
    }

    @Test
    void anUntrustedCertificateIsRefusedBeforeSending() throws Exception {
        int before = requestsHandled.get();
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();

            Exchange out = call(context, "");

            assertThat(out.getException()).isInstanceOf(AliyunIotException.class);
            AliyunIotException e = (AliyunIotException) out.getException();
            assertThat(e.getCode()).isEqualTo(ErrorCodes.TLS_HANDSHAKE_FAILED);
            assertThat(e.isOutcomeUnknown()).isFalse();
            assertThat(e.getMessage()).contains("nothing was sent");
        }
        assertThat(requestsHandled.get()).isEqualTo(before);
    }

    @Test
    void trustingTheCertificateTheCamelHttpWayLetsTheCallThrough() throws Exception {
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + keystore);
        trustStore.setPassword(new String(PASSWORD));
        trustStore.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("gatewayTls", tls);
            context.start();

            Exchange out = call(context, "&sslContextParameters=#gatewayTls");

            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getHeader(AliyunIotConstants.REQUEST_ID)).isEqualTo("TLS-OK");
        }
    }
}
