package org.camelaliyun.iot.operations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging where a page ends inside a millisecond: a gateway of our own holds many records per millisecond and pages
 * as QueryDeviceServiceData documents it (NextTime = the time of the first record not returned), so the next range
 * lists some records again. Each must come exactly once, in order.
 */
class ServiceDataPagingTest {

    /** 30 records over 6 milliseconds: 1, 7, 2, 9, 3, 8 records each. */
    static final long[] COUNTS = { 1, 7, 2, 9, 3, 8 };
    static final long T0 = 1_700_000_000_000L;

    final ObjectMapper json = new ObjectMapper();
    final List<long[]> records = new ArrayList<>(); // {time, n}
    final AtomicInteger calls = new AtomicInteger();
    HttpServer server;
    CamelContext context;
    ProducerTemplate template;

    @BeforeEach
    void start() throws IOException {
        int n = 0;
        for (int ms = 0; ms < COUNTS.length; ms++) {
            for (int i = 0; i < COUNTS[ms]; i++) {
                records.add(new long[] { T0 + ms, n++ });
            }
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::page);
        server.start();
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
        server.stop(0);
    }

    private void page(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        Map<String, String> params = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String source : new String[] { query, form }) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            for (String pair : source.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        long start = Long.parseLong(params.get("StartTime"));
        long end = Long.parseLong(params.get("EndTime"));
        boolean asc = "1".equals(params.get("Asc"));
        int size = Integer.parseInt(params.get("PageSize"));
        Comparator<long[]> byTime = Comparator.comparingLong(r -> r[0]);
        List<long[]> rows = records.stream().filter(r -> r[0] >= start && r[0] < end)
                .sorted(asc ? byTime.thenComparingLong(r -> r[1]) : byTime.reversed().thenComparingLong(r -> r[1]))
                .toList();
        List<Map<String, Object>> info = new ArrayList<>();
        for (long[] r : rows.subList(0, Math.min(size, rows.size()))) {
            info.add(Map.of("Time", Long.toString(r[0]), "Identifier", "s", "Name", "s",
                    "InputData", "{\"n\":" + r[1] + "}",
                    "OutputData", "{\"id\":\"" + (1000 + r[1]) + "\",\"code\":200,\"data\":{},\"message\":\"success\"}"));
        }
        boolean more = rows.size() > size;
        Map<String, Object> data = Map.of("NextValid", more,
                "NextTime", more ? rows.get(size)[0] : asc ? end : start, "List", Map.of("ServiceInfo", info));
        byte[] body = json.writeValueAsBytes(Map.of("RequestId", "req-" + calls.get(), "Success", true, "Data", data));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @ParameterizedTest(name = "asc={0}")
    @ValueSource(booleans = { true, false })
    void eachRecordComesOnceInOrderThoughPagesEndInsideAMillisecond(boolean asc) {
        Exchange out = template.request("aliyun-iot:queryDeviceServiceData?accessKeyId=k&accessKeySecret=RAW(s)"
                                        + "&productKey=p&deviceName=lamp-1&pageSize=4&endpoint=http://127.0.0.1:"
                                        + server.getAddress().getPort(), e -> {
                                            e.getMessage().setHeader(AliyunIotConstants.START_TIME, T0);
                                            e.getMessage().setHeader(AliyunIotConstants.END_TIME, T0 + COUNTS.length);
                                            e.getMessage().setHeader(AliyunIotConstants.ASC, asc);
                                        });
        assertThat(out.getException()).isNull();
        List<ServiceRecord> seen = new ArrayList<>();
        ServiceDataPages pages = out.getMessage().getBody(ServiceDataPages.class);
        while (pages.hasNext() && seen.size() <= records.size()) { // a repeat would otherwise run forever
            seen.add(pages.next());
        }

        List<String> expected = records.stream()
                .sorted(asc ? Comparator.<long[]> comparingLong(r -> r[0]).thenComparingLong(r -> r[1])
                        : Comparator.<long[]> comparingLong(r -> -r[0]).thenComparingLong(r -> r[1]))
                .map(r -> "{\"n\":" + r[1] + "}").toList();
        assertThat(seen).extracting(ServiceRecord::inputData).containsExactlyElementsOf(expected);
        assertThat(seen).extracting(ServiceRecord::code).containsOnly(200);
        assertThat(seen.get(0).messageId()).isEqualTo(asc ? "1000" : "1022");
        assertThat(calls.get()).as("pages fetched").isBetween(8, 16);
    }
}
