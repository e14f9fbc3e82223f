package org.camelaliyun.iot.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Re-sends a request the simulator recorded (what a client actually sent), optionally with one value changed. */
final class Replay {

    // java.net.http sets these itself and refuses them
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "expect", "upgrade");

    private Replay() {
    }

    static HttpRequest of(AliyunIotSimulator simulator, RecordedRequest recorded) {
        return build(simulator, recorded, recorded.rawQuery(), recorded.body());
    }

    /** The same request with one parameter's value replaced wherever it was sent (query string or form body). */
    static HttpRequest tampered(AliyunIotSimulator simulator, RecordedRequest recorded, String name, String value) {
        String query = recorded.rawQuery();
        String body = recorded.body();
        if (recorded.queryParameters().containsKey(name)) {
            Map<String, String> q = new java.util.LinkedHashMap<>(recorded.queryParameters());
            q.put(name, value);
            query = V1Request.encode(q);
        } else if (recorded.formParameters().containsKey(name)) {
            Map<String, String> f = new java.util.LinkedHashMap<>(recorded.formParameters());
            f.put(name, value);
            body = V1Request.encode(f);
        } else {
            throw new IllegalArgumentException(name + " was not sent");
        }
        return build(simulator, recorded, query, body);
    }

    private static HttpRequest build(AliyunIotSimulator simulator, RecordedRequest recorded, String rawQuery, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + recorded.path()
                + (rawQuery == null ? "" : "?" + rawQuery)));
        for (Map.Entry<String, List<String>> header : recorded.headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey())) {
                header.getValue().forEach(v -> b.header(header.getKey(), v));
            }
        }
        return b.method(recorded.method(), "GET".equals(recorded.method())
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
