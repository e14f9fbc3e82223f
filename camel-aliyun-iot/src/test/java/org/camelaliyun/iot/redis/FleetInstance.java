package org.camelaliyun.iot.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;

/**
 * One instance of a fleet in a JVM of its own, driven over stdin by {@link SharedQuotaAcrossJvmsTest}: the documented
 * split route on {@code quotaStore=redis}. Answers on stdout with lines starting {@code FLEET}.
 * <p>
 * Arguments: gateway URL, AccessKeyId, AccessKeySecret, Redis URI, key prefix. Commands: {@code RUN prefix count}
 * (invokes count devices, answers {@code FLEET DONE ...}) and {@code EXIT}.
 */
public final class FleetInstance {

    private FleetInstance() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String accessKeyId = args[1];
        String secret = args[2];
        String redisUri = args[3];
        String prefix = args[4];
        String common = "aliyun-iot:invokeThingsService?productKey=a1Fleet&identifier=TimeReset&endpoint=" + gateway
                        + "&accessKeySecret=RAW(" + secret + ")&quotaStore=redis&redisUri=" + redisUri
                        + "&redisKeyPrefix=" + prefix;
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:invoke").split(body()).group(100).streaming()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(common + "&accessKeyId=RAW(" + accessKeyId + ")")
                            .end();
                    // the same way through the client, the signer and the Redis script, on a quota of its own
                    from("direct:warm").to(common + "&accessKeyId=RAW(" + accessKeyId + ")&quotaKey=warm-"
                                           + ProcessHandle.current().pid());
                }
            });
            for (int i = 0; i < 3; i++) {
                context.createProducerTemplate().requestBody("direct:warm", List.of("warm-" + i));
            }
            System.out.println("FLEET READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("EXIT"); line = in.readLine()) {
                String[] command = line.split(" ");
                List<String> devices = IntStream.rangeClosed(1, Integer.parseInt(command[2]))
                        .mapToObj(i -> command[1] + "-" + i).toList();
                InvokeSummary summary = context.createProducerTemplate()
                        .requestBody("direct:invoke", devices, InvokeSummary.class);
                System.out.println("FLEET DONE accepted=" + summary.getAccepted() + " failed=" + summary.getFailed()
                                   + " throttled=" + summary.getThrottled() + " ms=" + summary.getElapsedMillis());
            }
        }
    }
}
