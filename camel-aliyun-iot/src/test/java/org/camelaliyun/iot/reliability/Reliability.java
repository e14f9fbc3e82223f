package org.camelaliyun.iot.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;

/**
 * Shared helpers of the reliability tests. {@code AccountQuota} is JVM-wide per AccessKeyId and action, so every test
 * signs with its own AccessKeyId (registered in its simulator) and never shares a quota with another test.
 */
final class Reliability {

    static final String PRODUCT = "a1Reliability";
    static final String SECRET = "reliability-secret";

    private Reliability() {
    }

    static List<String> devices(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** An InvokeThingsService endpoint URI for the simulator; {@code options} start with {@code &}. */
    static String uri(AliyunIotSimulator simulator, String accessKeyId, String options) {
        return "aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
               + "&accessKeyId=RAW(" + accessKeyId + ")&accessKeySecret=RAW(" + SECRET + ")"
               + "&endpoint=" + simulator.baseUrl() + options;
    }

    /**
     * Starts the context first and adds the routes after: added before, an endpoint inside a Splitter is started
     * before the aliyun-iot component and gets no scheduler (see {@link EndpointStartedBeforeComponentTest}).
     */
    static CamelContext start(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.start();
        context.addRoutes(routes);
        return context;
    }

    /** Calls per second sustained between the first and the last of these times: (n - 1) / (last - first). */
    static double sustainedRate(List<Instant> times) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        double seconds = (micros(sorted.get(sorted.size() - 1)) - micros(sorted.get(0))) / 1_000_000d;
        return (sorted.size() - 1) / seconds;
    }

    /** The most of these times that fall within any sliding 1,000 ms window (t - 1000 ms, t]. */
    static int maxInAnySecond(List<Instant> times) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int max = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (micros(sorted.get(last)) - micros(sorted.get(first)) >= 1_000_000L) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
    }
}
