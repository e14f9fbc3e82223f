package org.camelaliyun.iot.examples;

import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;

/**
 * The fleet flow in Java DSL — the same steps as {@code routes/fleet.camel.yaml}. Send anything to
 * {@code direct:fleet}; the reply body is one {@link org.camelaliyun.iot.fleet.InvokeSummary} for the whole list.
 * <p>
 * No throttle EIP: the component's own limiter ({@code rateLimitPerSecond}, shared by every route in the JVM that
 * uses the AccessKeyId) spaces the calls evenly with a margin, which is what keeps a strict sliding 1-second quota
 * from ever answering Throttling.User. A {@code throttle(10)} here would let 12-18 calls into some 1-second windows.
 */
public class FleetRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:fleet").routeId("fleet")
                .setHeader(AliyunIotConstants.ARGS, constant("{{demo.args}}"))
                // the deviceBatches bean streams the list as batches of <= 100 devices of ONE product each
                .split(method("deviceBatches", "batches")).streaming()
                    .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                    .setHeader(AliyunIotConstants.PRODUCT_KEY, simple("${body.productKey}"))
                    .setBody(simple("${body.deviceNames}"))
                    // a failed call stays a result the summary records, instead of an exception Camel logs per batch
                    .to("aliyun-iot:invokeThingsService?identifier={{demo.identifier}}&throwExceptionOnFailure=false")
                .end();
    }
}
