package org.camelaliyun.iot.credentials;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for the ECS instance metadata service: IMDSv2 token, role listing, role credentials.
 * <p>
 * Each credentials reply carries a new numbered key ({@code STS.key-1}, {@code STS.key-2}, …) so tests can tell a
 * refresh happened; every secret and token contains {@code s3cr3t} so tests can assert none leaks.
 */
final class FakeMetadataServer implements AutoCloseable {

    static final String IMDS_TOKEN = "imds-token-s3cr3t-v2";

    static {
        // Without it the JDK server adds ~40 ms to each loopback response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger roleListRequests = new AtomicInteger();
    final AtomicInteger credentialRequests = new AtomicInteger();
    /** The token header of each metadata GET, "(none)" when absent. */
    final List<String> tokenHeadersSeen = new CopyOnWriteArrayList<>();
    final List<String> ttlHeadersSeen = new CopyOnWriteArrayList<>();

    volatile String attachedRole = "camel-iot-role";
    volatile boolean tokenEndpointAvailable = true;
    volatile boolean requireToken = true;
    volatile int credentialsStatus = 200;
    volatile String credentialsCode = "Success";
    volatile Instant expiration = Instant.parse("2026-11-26T18:00:00Z");
    volatile long delayMillis;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    FakeMetadataServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        warmUp();
    }

    /**
     * The provider gives the metadata service one second, as the real link-local service warrants. The first request
     * of a JVM through the JDK's HttpClient also loads and links its classes, which on a loaded machine took longer
     * than that: the token request timed out, the provider fell back to IMDSv1 and this server answered 401. One
     * request here, on a path that counts nowhere, pays that cost before a test starts.
     */
    private void warmUp() throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        try {
            client.send(HttpRequest.newBuilder(baseUrl().resolve("/warm-up")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while warming up", e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("PUT".equals(method) && EcsMetadataClient.TOKEN_PATH.equals(path)) {
                tokenRequests.incrementAndGet();
                ttlHeadersSeen.add(String.valueOf(exchange.getRequestHeaders().getFirst(EcsMetadataClient.TOKEN_TTL_HEADER)));
                if (tokenEndpointAvailable) {
                    reply(exchange, 200, IMDS_TOKEN);
                } else {
                    reply(exchange, 404, "not found");
                }
                return;
            }
            if (!"GET".equals(method) || !path.startsWith(EcsMetadataClient.CREDENTIALS_PATH)) {
                reply(exchange, 404, "not found");
                return;
            }
            String token = exchange.getRequestHeaders().getFirst(EcsMetadataClient.TOKEN_HEADER);
            tokenHeadersSeen.add(token == null ? "(none)" : token);
            if (requireToken && !IMDS_TOKEN.equals(token)) {
                reply(exchange, 401, "token required");
                return;
            }
            String role = path.substring(EcsMetadataClient.CREDENTIALS_PATH.length());
            if (role.isEmpty()) {
                roleListRequests.incrementAndGet();
                reply(exchange, 200, attachedRole);
                return;
            }
            int n = credentialRequests.incrementAndGet();
            sleep(delayMillis);
            if (!role.equals(attachedRole)) {
                reply(exchange, 404, "no such role");
            } else if (credentialsStatus != 200) {
                reply(exchange, credentialsStatus, "{\"Code\":\"InternalError\",\"AccessKeySecret\":\"leaked-s3cr3t\"}");
            } else {
                reply(exchange, 200, credentialsJson(n));
            }
        }
    }

    private String credentialsJson(int n) {
        return "{\n"
               + "  \"AccessKeyId\" : \"STS.key-" + n + "\",\n"
               + "  \"AccessKeySecret\" : \"ecs-s3cr3t-" + n + "\",\n"
               + "  \"Expiration\" : \"" + expiration + "\",\n"
               + "  \"SecurityToken\" : \"sts-token-s3cr3t-" + n + "\",\n"
               + "  \"LastUpdated\" : \"2026-11-26T12:00:00Z\",\n"
               + "  \"Code\" : \"" + credentialsCode + "\"\n"
               + "}";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
