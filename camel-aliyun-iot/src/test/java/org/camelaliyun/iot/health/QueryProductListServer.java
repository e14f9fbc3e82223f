package org.camelaliyun.iot.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback gateway that answers QueryProductList in the documented shape ({@code Data.List.ProductInfo[]} with
 * paging), or with whatever reply a test sets: the simulator does not serve QueryProductList. It checks no signature
 * (the simulator tests do that); it records each request's parameters so a test can see what the probe asked.
 */
final class QueryProductListServer implements AutoCloseable {

    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final List<Map<String, String>> requests = new ArrayList<>();
    private volatile Reply next;

    QueryProductListServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next replies are this instead of the product list; null goes back to the product list. */
    void replyWith(Reply reply) {
        next = reply;
    }

    synchronized List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parse(exchange.getRequestURI().getRawQuery(), parameters);
        parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), parameters);
        synchronized (this) {
            requests.add(parameters);
        }
        String requestId = UUID.randomUUID().toString().toUpperCase();
        Reply reply = next != null ? next : new Reply(200, """
                {"RequestId":"%s","Success":true,"Data":{"CurrentPage":1,"PageCount":3,"PageSize":1,"Total":3,
                "List":{"ProductInfo":[{"ProductKey":"a1HealthPk","ProductName":"health","NodeType":0,"DataFormat":1,
                "AuthType":"secret","DeviceCount":12,"GmtCreate":1700000000000}]}}}""".formatted(requestId));
        byte[] body = reply.body().replace("${RequestId}", requestId).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.getResponseHeaders().set("x-acs-request-id", requestId);
        exchange.sendResponseHeaders(reply.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void parse(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            into.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
