package org.camelaliyun.iot.subscription;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonServer;
import io.vertx.proton.ProtonServerOptions;
import io.vertx.proton.sasl.ProtonSaslAuthenticator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.operations.InvokeThingServiceResult;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.Outcome;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription servers that misbehave, written here: one that lets the client log in and attach but never delivers
 * a message, and one that takes the TCP connection but never answers a byte.
 */
class HostileAmqpServerTest {

    /** The simulator's throwaway server certificate (its key is public), and the password of its store. */
    static final String CERTIFICATE = "/org/camelaliyun/iot/simulator/amqp/server.p12";
    static final String CERTIFICATE_PASSWORD = "simulator";

    static AliyunIotSimulator gateway;
    @TempDir
    static Path dir;
    static Path trustStore;
    CamelContext context;
    Vertx vertx;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = AliyunIotSimulator.builder().qps(0).device("a1Idle", "lamp-1").build().start();
        trustStore = dir.resolve("server.p12");
        try (InputStream in = HostileAmqpServerTest.class.getResourceAsStream(CERTIFICATE)) {
            Files.copy(in, trustStore);
        }
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    CamelContext context(String amqpUrl) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + trustStore);
        store.setPassword(CERTIFICATE_PASSWORD);
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trust);
        CamelContext camel = new DefaultCamelContext();
        AliyunIotComponent component = new AliyunIotComponent();
        component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        component.getConfiguration().setEndpoint(gateway.baseUrl());
        component.getConfiguration().setAmqpEndpoint(amqpUrl);
        component.getConfiguration().setConsumerGroupId("cg-hostile");
        component.getConfiguration().setSslContextParameters(ssl);
        camel.addComponent("aliyun-iot", component);
        return camel;
    }

    /** Accepts any SASL PLAIN login. */
    static final class AnyLogin implements ProtonSaslAuthenticator {
        private Sasl sasl;
        private boolean succeeded;

        @Override
        public void init(NetSocket socket, ProtonConnection connection, Transport transport) {
            sasl = transport.sasl();
            sasl.server();
            sasl.allowSkip(false);
            sasl.setMechanisms("PLAIN");
        }

        @Override
        public void process(Handler<Boolean> completion) {
            if (sasl.getRemoteMechanisms().length == 0) {
                completion.handle(false);
                return;
            }
            sasl.recv(new byte[sasl.pending()], 0, sasl.pending());
            succeeded = true;
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
            completion.handle(true);
        }

        @Override
        public boolean succeeded() {
            return succeeded;
        }
    }

    /** Logs anyone in, opens whatever is asked, and never sends a message. */
    String startSilentServer() throws Exception {
        return startServer(true);
    }

    /** Logs anyone in and opens the connection; opens the receiver link only if {@code attach}, never sends. */
    String startServer(boolean attach) throws Exception {
        vertx = Vertx.vertx();
        byte[] keyStore;
        try (InputStream in = HostileAmqpServerTest.class.getResourceAsStream(CERTIFICATE)) {
            keyStore = in.readAllBytes();
        }
        ProtonServer server = ProtonServer.create(vertx, new ProtonServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setValue(Buffer.buffer(keyStore)).setPassword(CERTIFICATE_PASSWORD)));
        server.saslAuthenticatorFactory(AnyLogin::new);
        server.connectHandler(connection -> {
            connection.openHandler(ar -> connection.open());
            connection.sessionOpenHandler(session -> session.open());
            connection.senderOpenHandler(sender -> {
                if (attach) {
                    sender.setSource(sender.getRemoteSource());
                    sender.open();
                }
            });
            connection.closeHandler(ar -> connection.close());
        });
        CompletableFuture<Integer> port = new CompletableFuture<>();
        server.listen(0, "127.0.0.1", ar -> {
            if (ar.succeeded()) {
                port.complete(ar.result().actualPort());
            } else {
                port.completeExceptionally(ar.cause());
            }
        });
        return "amqps://127.0.0.1:" + port.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aServerThatNeverDeliversLeavesTheConnectionUpButIdleAndEveryAwaitedDeviceEndsAsNoReply() throws Exception {
        context = context(startSilentServer());
        context.start();
        AliyunIotComponent component = context.getComponent("aliyun-iot", AliyunIotComponent.class);
        String options = "productKey=a1Idle&identifier=setLight&rateLimitPerSecond=0&awaitReplies=true&replyTimeout=1500";

        Exchange batch = context.createProducerTemplate().request("aliyun-iot:invokeThingsService?" + options,
                e -> e.getMessage().setBody(List.of("lamp-1")));
        Exchange one = context.createProducerTemplate().request("aliyun-iot:invokeThingService?" + options,
                e -> e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAME, "lamp-1"));

        assertThat(batch.getMessage().getBody(InvokeThingsServiceResult.class).getDeviceResults().get(0).outcome())
                .isEqualTo(Outcome.NO_REPLY);
        assertThat(one.getMessage().getBody(InvokeThingServiceResult.class).deviceResult().outcome())
                .isEqualTo(Outcome.NO_REPLY);
        assertThat(gateway.deviceInvocations()).hasSize(2);
        SubscriptionHub hub = component.getSubscriptions().find("cg-hostile");
        assertThat(hub.state()).isEqualTo(SubscriptionState.CONNECTED);
        assertThat(hub.messagesReceived()).isZero();
        assertThat(hub.lastMessageAtMillis()).isZero();
        assertThat(hub.toString()).contains("CONNECTED").contains("no message yet");
    }

    @Test
    void aServerThatNeverAttachesTheReceiverLinkFailsTheAttemptAtTheDeadline() throws Exception {
        context = context(startServer(false));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription").to("log:never");
            }
        });
        CompletableFuture<Void> started = CompletableFuture.runAsync(context::start);
        // the platform wants the link within 15 s: the attempt is given up then, not awaited for ever
        started.get(40, TimeUnit.SECONDS);

        SubscriptionHub hub = context.getComponent("aliyun-iot", AliyunIotComponent.class).getSubscriptions()
                .find("cg-hostile");
        assertThat(hub.state()).isEqualTo(SubscriptionState.DISCONNECTED);
        assertThat(hub.lastFailure()).isNotBlank();
    }

    @Test
    void aServerThatNeverAnswersTimesTheConnectOutAndLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept()); // and never read or write a byte
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            context = context("amqps://127.0.0.1:" + silent.getLocalPort());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("aliyun-iot:subscription").to("log:never");
                }
            });
            long started = System.nanoTime();
            context.start(); // a connect that fails for the network is retried in the background
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            AliyunIotComponent component = context.getComponent("aliyun-iot", AliyunIotComponent.class);
            SubscriptionHub hub = component.getSubscriptions().find("cg-hostile");
            assertThat(accepted).isNotEmpty();
            assertThat(tookMillis).as("the connect attempt ends at its timeout").isBetween(10_000L, 30_000L);
            assertThat(hub.state()).isEqualTo(SubscriptionState.DISCONNECTED);
            assertThat(hub.lastFailure()).isNotBlank();
            Wait.until(Duration.ofSeconds(10), "a second attempt", () -> accepted.size() >= 2);
            context.stop();
            context = null;
            for (Socket s : accepted) {
                s.close();
            }
        }
        Wait.until(Duration.ofSeconds(10), "no thread of the subscription left", () -> newThreads(before).isEmpty());
    }

    /** Threads of the AMQP client (Qpid JMS, its Netty loop) or of the component started since {@code before}. */
    static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> List.of("qpid", "amqp", "netty", "eventloop", "aliyuniot", "jmssession")
                        .stream().anyMatch(n.toLowerCase(java.util.Locale.ROOT).replace(" ", "")::contains))
                .collect(Collectors.toSet());
    }
}
