package org.camelaliyun.iot.benchmarks;

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
 * One instance of {@link SharedQuotaBenchmark}'s fleet, in a JVM of its own: the split route on the given quota
 * options. Args: gateway URL, AccessKeyId, quota options (URI suffix). Prints {@code READY}, then on {@code RUN prefix
 * count} invokes the devices and prints {@code DONE accepted failed elapsedMillis}.
 */
public final class SharedQuotaInstance {

    private SharedQuotaInstance() {
    }

    public static void main(String[] args) throws Exception {
        String uri = "aliyun-iot:invokeThingsService?productKey=a1Bench&identifier=TimeReset&endpoint=" + args[0]
                     + "&accessKeyId=RAW(" + args[1] + ")&accessKeySecret=RAW(bench-secret-" + args[1] + ")" + args[2];
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:invoke").split(body()).group(100).streaming()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy()).to(uri).end();
                    from("direct:warm").to(uri + "&quotaKey=warm-" + ProcessHandle.current().pid());
                }
            });
            context.createProducerTemplate().requestBody("direct:warm", List.of("warm-1"));
            context.createProducerTemplate().requestBody("direct:warm", List.of("warm-2"));
            System.out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("EXIT"); line = in.readLine()) {
                String[] command = line.split(" ");
                List<String> devices = IntStream.rangeClosed(1, Integer.parseInt(command[2]))
                        .mapToObj(i -> command[1] + "-" + i).toList();
                InvokeSummary summary = context.createProducerTemplate()
                        .requestBody("direct:invoke", devices, InvokeSummary.class);
                System.out.println("DONE " + summary.getAccepted() + " " + summary.getFailed() + " "
                                   + summary.getElapsedMillis());
            }
        }
    }
}
