package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client must authenticate, then open its receiver link, each within the deadline (shortened here). */
class SubscriptionDeadlinesTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account("k", "s").consumerGroup("g")
            .subscription(o -> o.deadlines(Duration.ofSeconds(1), Duration.ofSeconds(1))));

    private final AmqpClients clients = new AmqpClients();

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void aClientThatNeverAuthenticatesIsDisconnected() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(sim.simulator().trustStorePath())) {
            trust.load(in, sim.simulator().trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        URI url = URI.create(sim.simulator().amqpUrl());
        long start = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake(); // TLS only; no AMQP header, no SASL
            assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // a reset is a disconnection too
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(sim.simulator().subscription().refusals()).singleElement().asString()
                .startsWith("no authentication within");
    }

    @Test
    void aConnectionWithoutReceiverLinkIsClosed() throws Exception {
        Connection connection = clients.connect(sim.simulator(), "k", "s", "g");
        CompletableFuture<JMSException> closed = new CompletableFuture<>();
        connection.setExceptionListener(closed::complete);
        assertThat(closed.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(sim.simulator().subscription().refusals()).singleElement().asString()
                .startsWith("no receiver link within");
    }
}
