package org.camelaliyun.iot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.InvokeThingsServiceRequest;
import com.aliyuncs.profile.DefaultProfile;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;

/**
 * P2/P3, client overhead: single-thread InvokeThingsService calls of 100 devices each against a permissive loopback
 * server (no quota, no checks, no records), our producer (ProducerTemplate to the endpoint, rateLimitPerSecond=0,
 * maxRetries=0) and Alibaba's classic SDK (DefaultAcsClient, a new request per call as users write it) in the same
 * JVM and run. Warm-up first, then rounds alternating the two clients so neither gets a warmer JIT or a quieter
 * machine. Calls/s and bytes allocated per call on the calling thread. With no quota wait our producer signs, sends
 * and maps the reply on the calling thread, so the thread's allocations are the whole call, HTTP client included.
 */
final class ClientOverheadBenchmark {

    static final int WARM_UP = 3_000;
    static final int ROUNDS = 3;
    static final int CALLS_PER_ROUND = 1_000;
    static final String PRODUCT_KEY = "a1BenchProd";
    static final String ARGS = "{\"source\":\"camel-aliyun-iot bench\"}";
    static final int[] DEVICES_PER_CALL = { 1, 100 };

    private ClientOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println();
        System.out.printf("P2/P3 client overhead: %d warm-up + %d x %d calls each, 1 thread, permissive loopback "
                          + "server (sharing the cores)%n", WARM_UP, ROUNDS, CALLS_PER_ROUND);
        for (int devicesPerCall : DEVICES_PER_CALL) {
            compare(IntStream.range(0, devicesPerCall).mapToObj(i -> "device-" + i).toList());
        }
    }

    private static void compare(List<String> devices) throws Exception {
        try (PermissiveGateway gateway = PermissiveGateway.start();
             CamelContext context = new DefaultCamelContext()) {
            context.addComponent("aliyun-iot", FleetRun.component(gateway.baseUrl(), "p2-key", 0, 0));
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Endpoint endpoint = context.getEndpoint(
                    "aliyun-iot:invokeThingsService?productKey=" + PRODUCT_KEY + "&identifier=TimeReset");
            Map<String, Object> headers = Map.of(AliyunIotConstants.ARGS, ARGS);
            Runnable ours = () -> {
                InvokeThingsServiceResult result = template.requestBodyAndHeaders(endpoint, devices, headers,
                        InvokeThingsServiceResult.class);
                if (!result.isSuccess()) {
                    throw new IllegalStateException("not accepted: " + result);
                }
            };
            IAcsClient sdk = new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", "p2-key", "p2-secret"));
            Runnable official = () -> {
                InvokeThingsServiceRequest request = new InvokeThingsServiceRequest();
                request.setSysEndpoint(gateway.endpoint());
                request.setSysProtocol(ProtocolType.HTTP);
                request.setSysMethod(MethodType.POST);
                request.setProductKey(PRODUCT_KEY);
                request.setIdentifier("TimeReset");
                request.setArgs(ARGS);
                request.setDeviceNames(devices);
                try {
                    if (!Boolean.TRUE.equals(sdk.getAcsResponse(request).getSuccess())) {
                        throw new IllegalStateException("SDK call not accepted");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };

            // the transport floor: the same body POSTed by a bare pooled HttpClient 5, nothing signed or mapped
            CloseableHttpClient bare = HttpClients.createMinimal();
            String body = "Action=InvokeThingsService&Args=%7B%7D&DeviceName.1=" + String.join("&DeviceName.1=", devices);
            Runnable floor = () -> {
                HttpPost post = new HttpPost(gateway.baseUrl() + "/");
                post.setEntity(new StringEntity(body, ContentType.APPLICATION_FORM_URLENCODED));
                try {
                    bare.execute(post, response -> EntityUtils.toByteArray(response.getEntity()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };

            measure(ours, WARM_UP);
            measure(official, WARM_UP);
            measure(floor, WARM_UP);
            Measure oursTotal = new Measure(0, 0, 0);
            Measure sdkTotal = new Measure(0, 0, 0);
            Measure floorTotal = new Measure(0, 0, 0);
            for (int round = 0; round < ROUNDS; round++) {
                oursTotal = oursTotal.plus(measure(ours, CALLS_PER_ROUND));
                sdkTotal = sdkTotal.plus(measure(official, CALLS_PER_ROUND));
                floorTotal = floorTotal.plus(measure(floor, CALLS_PER_ROUND));
            }
            sdk.shutdown();
            bare.close();
            System.out.printf("  %d device(s) per call%n", devices.size());
            System.out.printf("    camel-aliyun-iot producer: %,8.0f calls/s  %,7.1f KB allocated per call%n",
                    oursTotal.callsPerSecond(), oursTotal.kbPerCall());
            System.out.printf("    classic SDK (DefaultAcsClient): %,8.0f calls/s  %,7.1f KB allocated per call%n",
                    sdkTotal.callsPerSecond(), sdkTotal.kbPerCall());
            System.out.printf("    ratio ours/SDK: %.2fx calls/s, %.2fx bytes per call%n",
                    oursTotal.callsPerSecond() / sdkTotal.callsPerSecond(), oursTotal.kbPerCall() / sdkTotal.kbPerCall());
            System.out.printf("    transport floor (bare HttpClient 5 POST, nothing signed or mapped): %,8.0f calls/s "
                              + "-> a client with zero overhead would reach %.2fx the SDK%n",
                    floorTotal.callsPerSecond(), floorTotal.callsPerSecond() / sdkTotal.callsPerSecond());
        }
    }

    record Measure(long calls, long nanos, long bytes) {
        Measure plus(Measure other) {
            return new Measure(calls + other.calls, nanos + other.nanos, bytes + other.bytes);
        }

        double callsPerSecond() {
            return calls / (nanos / 1e9);
        }

        double kbPerCall() {
            return bytes / 1024.0 / calls;
        }
    }

    private static Measure measure(Runnable call, int calls) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long bytesBefore = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        long nanos = System.nanoTime() - start;
        return new Measure(calls, nanos, threads.getThreadAllocatedBytes(thread) - bytesBefore);
    }
}
