package org.camelaliyun.iot.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /_sim/*}: the records as JSON for anyone outside the JVM (a demo, a shell, another process's test) and a
 * reset. Unauthenticated on purpose, which is one reason the simulator binds to loopback by default. These requests
 * are not gateway traffic and are not recorded.
 */
final class IntrospectionHandler implements HttpHandler {

    private final AliyunIotSimulator simulator;
    private final ObjectMapper json = new ObjectMapper();

    IntrospectionHandler(AliyunIotSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readNBytes(64 * 1024); // no endpoint here takes a body
        String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        switch (route) {
            case "GET /_sim/calls" -> send(exchange, 200, simulator.invocations().stream().map(this::toMap).toList());
            case "GET /_sim/accepted" -> send(exchange, 200, simulator.acceptedCalls().stream().map(this::toMap).toList());
            case "GET /_sim/rejections" -> send(exchange, 200, simulator.rejections().stream().map(this::toMap).toList());
            case "GET /_sim/summary" -> send(exchange, 200, toMap(simulator.summary()));
            case "GET /_sim/devices" -> send(exchange, 200, DeviceReport.of(simulator.devices()));
            case "POST /_sim/reset" -> {
                simulator.reset();
                send(exchange, 200, Map.of("reset", true));
            }
            default -> send(exchange, 404, Map.of("error", "unknown simulator endpoint " + route,
                    "endpoints", List.of("GET /_sim/calls", "GET /_sim/accepted", "GET /_sim/rejections",
                            "GET /_sim/summary", "GET /_sim/devices", "POST /_sim/reset")));
        }
    }

    private Map<String, Object> toMap(RecordedInvocation i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", i.time().toString());
        m.put("requestId", i.requestId());
        m.put("accessKeyId", i.accessKeyId());
        m.put("productKey", i.productKey());
        m.put("deviceName", i.deviceName());
        m.put("identifier", i.identifier());
        m.put("args", i.args());
        m.put("iotInstanceId", i.iotInstanceId());
        return m;
    }

    private Map<String, Object> toMap(AcceptedCall c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", c.time().toString());
        m.put("requestId", c.requestId());
        m.put("accessKeyId", c.accessKeyId());
        m.put("action", c.action());
        m.put("productKey", c.productKey());
        m.put("identifier", c.identifier());
        m.put("args", c.args());
        m.put("deviceNames", c.deviceNames());
        m.put("iotInstanceId", c.iotInstanceId());
        return m;
    }

    private Map<String, Object> toMap(Rejection r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.time().toString());
        m.put("httpStatus", r.httpStatus());
        m.put("code", r.code());
        m.put("message", r.message());
        m.put("requestId", r.requestId());
        m.put("accessKeyId", r.accessKeyId());
        return m;
    }

    private Map<String, Object> toMap(SimulatorSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("countsByCode", new java.util.TreeMap<>(s.countsByCode()));
        m.put("accepted", s.accepted());
        m.put("rejected", s.rejected());
        m.put("invocations", s.invocations());
        m.put("maxAcceptedInAnySecond", new java.util.TreeMap<>(s.maxAcceptedInAnySecond()));
        m.put("deviceRepliesByCode", new java.util.TreeMap<>(s.deviceRepliesByCode()));
        return m;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", ReplyWriter.JSON_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
