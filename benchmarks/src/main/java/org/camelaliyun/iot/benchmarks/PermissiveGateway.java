package org.camelaliyun.iot.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback server that accepts every request with {@code {"RequestId":…,"Success":true}} and remembers nothing:
 * for client-overhead and memory figures, where the strict simulator's checks and records would be measured too.
 */
final class PermissiveGateway implements AutoCloseable {

    static {
        // the JDK server otherwise delays each loopback reply by ~40 ms; read once, when the first server is made
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private PermissiveGateway(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static PermissiveGateway start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "permissive-gateway");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            byte[] reply = ("{\"RequestId\":\"" + UUID.randomUUID() + "\",\"Success\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        return new PermissiveGateway(server, executor);
    }

    String baseUrl() {
        return "http://" + endpoint();
    }

    /** {@code host:port}, as the classic SDK takes an endpoint. */
    String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
