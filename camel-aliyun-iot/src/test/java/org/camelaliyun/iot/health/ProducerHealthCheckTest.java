package org.camelaliyun.iot.health;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.observability.CallStats;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer health check through Camel's health API ({@code HealthCheckHelper.invoke}), against real loopback
 * servers: the simulator for what it refuses before it looks at the action (signature, AccessKeyId), a loopback
 * QueryProductList server for the documented success reply, a closed port and a self-signed TLS server.
 */
class ProducerHealthCheckTest {

    static final String SECRET = "health-secret-value-0123";

    @TempDir
    Path dir;

    static String uri(String endpoint, String accessKeyId, String secret, String options) {
        return "aliyun-iot:invokeThingsService?productKey=a1Health&identifier=TimeReset&accessKeyId=RAW(" + accessKeyId
               + ")&accessKeySecret=RAW(" + secret + ")&endpoint=" + endpoint + "&maxRetries=0&connectTimeout=2000"
               + "&responseTimeout=3000" + options;
    }

    static CamelContext start(String uri) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:invoke").to(uri);
            }
        });
        context.start();
        // producer checks are off in Camel's registry unless the application turns them on (camel.health.producersEnabled)
        HealthCheckHelper.getHealthCheckRepository(context, "producers").setEnabled(true);
        return context;
    }

    static HealthCheck.Result health(CamelContext context) {
        List<HealthCheck.Result> ours = HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:aliyun-iot-")).toList();
        assertThat(ours).hasSize(1);
        return ours.get(0);
    }

    @Test
    void upWhenTheGatewayListsAProductAndTheProbeAskedForOneItemOnly() throws Exception {
        try (QueryProductListServer gateway = new QueryProductListServer();
             CamelContext context = start(uri(gateway.baseUrl(), "health-up", SECRET, "&regionId=ap-southeast-1"))) {
            HealthCheck.Result result = health(context);

            assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(gateway.requests()).hasSize(1);
            Map<String, String> asked = gateway.requests().get(0);
            assertThat(asked).containsEntry("Action", "QueryProductList").containsEntry("Version", "2018-01-20")
                    .containsEntry("CurrentPage", "1").containsEntry("PageSize", "1")
                    .containsEntry("RegionId", "ap-southeast-1").containsKey("Signature");
            assertThat(result.getDetails()).containsKey(AliyunIotProducerHealthCheck.REQUEST_ID)
                    .doesNotContainKey(AliyunIotProducerHealthCheck.CODE);
            assertThat(result.getDetails().toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void aThrottleOrABusinessErrorIsNotDown() throws Exception {
        try (QueryProductListServer gateway = new QueryProductListServer();
             CamelContext context = start(uri(gateway.baseUrl(), "health-up-errors", SECRET, "&healthCheckInterval=0"))) {
            gateway.replyWith(new QueryProductListServer.Reply(400, """
                    {"RequestId":"${RequestId}","HostId":"iot.cn-shanghai.aliyuncs.com","Code":"Throttling.User",
                    "Message":"Request was denied due to user flow control."}"""));
            HealthCheck.Result throttled = health(context);
            gateway.replyWith(new QueryProductListServer.Reply(200, """
                    {"RequestId":"${RequestId}","Success":false,"Code":"iot.system.SystemException",
                    "ErrorMessage":"A system exception has occurred."}"""));
            HealthCheck.Result business = health(context);

            assertThat(throttled.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(throttled.getDetails()).containsEntry(AliyunIotProducerHealthCheck.CODE, "Throttling.User")
                    .containsEntry(AbstractHealthCheck.SERVICE_STATUS_CODE, 400);
            assertThat(business.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(business.getDetails()).containsEntry(AliyunIotProducerHealthCheck.CODE, "iot.system.SystemException");
            assertThat(gateway.requests()).hasSize(2);
        }
    }

    @Test
    void upWhenTheSimulatorAcceptsTheSignatureOfTheProbe() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("health-sim-ok", SECRET).build().start();
             CamelContext context = start(uri(simulator.baseUrl(), "health-sim-ok", SECRET, ""))) {
            HealthCheck.Result result = health(context);

            // the simulator checks signature, nonce and quota, then answers the one-item product list
            assertThat(simulator.rejections()).isEmpty();
            var seen = single(simulator.acceptedCalls());
            assertThat(seen.action()).isEqualTo("QueryProductList");
            assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(result.getDetails()).containsEntry(AliyunIotProducerHealthCheck.REQUEST_ID, seen.requestId());
        }
    }

    @Test
    void downWithCodeAndRequestIdOnAWrongSecret() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("health-bad-secret", SECRET).build().start();
             CamelContext context = start(uri(simulator.baseUrl(), "health-bad-secret", "not-the-secret-9876", ""))) {
            HealthCheck.Result result = health(context);

            Rejection seen = single(simulator.rejections());
            assertThat(seen.code()).isEqualTo("SignatureDoesNotMatch");
            assertDown(result, "SignatureDoesNotMatch", seen.requestId());
            assertThat(result.getMessage().orElse("")).contains("SignatureDoesNotMatch")
                    .doesNotContain("not-the-secret-9876");
            assertThat(simulator.acceptedCalls()).isEmpty();
        }
    }

    @Test
    void downWithCodeAndRequestIdOnAnUnknownAccessKeyId() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("health-known", SECRET).build().start();
             CamelContext context = start(uri(simulator.baseUrl(), "health-unknown", SECRET, ""))) {
            HealthCheck.Result result = health(context);

            Rejection seen = single(simulator.rejections());
            assertDown(result, "InvalidAccessKeyId.NotFound", seen.requestId());
        }
    }

    @Test
    void downWhenTheGatewayCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (CamelContext context = start(uri("http://127.0.0.1:" + closedPort, "health-closed", SECRET, ""))) {
            HealthCheck.Result result = health(context);

            assertDown(result, "ConnectionFailed", null);
        }
    }

    @Test
    void downWhenTheTlsHandshakeFails() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        HttpsServer server = selfSignedServer(handled);
        try (CamelContext context = start(uri("https://127.0.0.1:" + server.getAddress().getPort(), "health-tls", SECRET,
                ""))) {
            HealthCheck.Result result = health(context);

            assertDown(result, "TlsHandshakeFailed", null);
            assertThat(handled).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void asksTheGatewayAtMostOncePerIntervalAndServesTheLastResultInBetween() throws Exception {
        try (QueryProductListServer gateway = new QueryProductListServer();
             CamelContext context = start(uri(gateway.baseUrl(), "health-cache", SECRET, "&healthCheckInterval=60000"))) {
            HealthCheck.Result first = health(context);
            HealthCheck.Result second = health(context);
            HealthCheck.Result third = health(context);

            assertThat(gateway.requests()).hasSize(1);
            assertThat(first.getDetails()).containsEntry(AliyunIotProducerHealthCheck.CACHED, false);
            assertThat(second.getDetails()).containsEntry(AliyunIotProducerHealthCheck.CACHED, true)
                    .containsEntry(AliyunIotProducerHealthCheck.REQUEST_ID,
                            first.getDetails().get(AliyunIotProducerHealthCheck.REQUEST_ID));
            assertThat(third.getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void theProbeNeverWaitsOnTheInvokeQuota() throws Exception {
        // 8 calls at 1/s keep InvokeThingsService's quota busy for seconds; the probe must not queue behind them
        try (QueryProductListServer gateway = new QueryProductListServer();
             CamelContext context = start(uri(gateway.baseUrl(), "health-own-quota", SECRET, "&rateLimitPerSecond=1"))) {
            gateway.replyWith(new QueryProductListServer.Reply(200, "{\"RequestId\":\"${RequestId}\",\"Success\":true}"));
            for (int i = 0; i < 8; i++) {
                context.createProducerTemplate().asyncSendBody("direct:invoke", List.of("device-" + i));
            }
            CallStats invoke = stats(context, "InvokeThingsService");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (invoke.waiting() < 6) {
                assertThat(System.nanoTime()).as("6 invoke calls queued within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }

            HealthCheck.Result result = health(context);

            assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(invoke.waiting()).as("invoke calls still queued when the probe was answered").isGreaterThanOrEqualTo(5);
            assertThat(gateway.requests()).filteredOn(p -> "QueryProductList".equals(p.get("Action"))).hasSize(1);
            context.getShutdownStrategy().setTimeout(1); // the queued calls then end as ComponentStopped
            context.stop();
        }
    }

    @Test
    void registeredButDisabledWhenTheComponentTurnsProducerChecksOff() throws Exception {
        try (QueryProductListServer gateway = new QueryProductListServer()) {
            CamelContext context = new DefaultCamelContext();
            AliyunIotComponent component = new AliyunIotComponent();
            component.setHealthCheckProducerEnabled(false);
            context.addComponent("aliyun-iot", component);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:invoke").to(uri(gateway.baseUrl(), "health-off", SECRET, ""));
                }
            });
            context.start();
            try {
                HealthCheckHelper.getHealthCheckRepository(context, "producers").setEnabled(true);
                List<HealthCheck.Result> ours = HealthCheckHelper.invoke(context).stream()
                        .filter(r -> r.getCheck().getId().startsWith("producer:aliyun-iot-")).toList();
                // Camel lists a disabled check as UNKNOWN without calling it
                assertThat(ours).singleElement().satisfies(r -> {
                    assertThat(r.getCheck().isEnabled()).isFalse();
                    assertThat(r.getState()).isEqualTo(HealthCheck.State.UNKNOWN);
                });
                assertThat(gateway.requests()).isEmpty();
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void stoppingTheRouteRemovesTheCheck() throws Exception {
        try (QueryProductListServer gateway = new QueryProductListServer();
             CamelContext context = start(uri(gateway.baseUrl(), "health-stop", SECRET, ""))) {
            assertThat(health(context).getState()).isEqualTo(HealthCheck.State.UP);
            context.stop();
            assertThat(HealthCheckHelper.getHealthCheckRepository(context, "producers").stream()).isEmpty();
        }
    }

    static CallStats stats(CamelContext context, String action) {
        AliyunIotComponent component = context.getComponent("aliyun-iot", AliyunIotComponent.class);
        return component.getStatistics().all().stream().filter(s -> s.action().equals(action)).findFirst().orElseThrow();
    }

    static void assertDown(HealthCheck.Result result, String code, String requestId) {
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getDetails()).containsEntry(AliyunIotProducerHealthCheck.CODE, code)
                .containsEntry(AbstractHealthCheck.SERVICE_ERROR_CODE, code);
        if (requestId != null) {
            assertThat(result.getDetails()).containsEntry(AliyunIotProducerHealthCheck.REQUEST_ID, requestId);
        } else {
            assertThat(result.getDetails()).doesNotContainKey(AliyunIotProducerHealthCheck.REQUEST_ID);
        }
        assertThat(result.getDetails().toString() + result.getMessage().orElse("")).doesNotContain(SECRET);
    }

    static <T> T single(List<T> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    HttpsServer selfSignedServer(AtomicInteger handled) throws Exception {
        char[] password = "changeit".toCharArray();
        Path keystore = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(password)).redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            handled.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
