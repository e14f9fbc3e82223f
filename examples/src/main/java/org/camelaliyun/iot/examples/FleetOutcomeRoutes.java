package org.camelaliyun.iot.examples;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.fleet.DeviceResultLines;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;

/**
 * The fleet flow with an outcome for every device: {@code awaitReplies=true} settles each device with its reply
 * (through the component's subscription), and every batch's device results are appended to
 * {@code results.jsonl} (one JSON object per device) and {@code retry.csv} (the devices worth calling again, as
 * {@code productKey,deviceName} rows: a device list this route takes as input) as soon as the batch settles.
 * {@code parallelProcessing()}: a batch waiting for its replies holds no thread, and the next batches keep the quota
 * busy meanwhile.
 */
public class FleetOutcomeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:fleet-outcomes").routeId("fleet-outcomes")
                .setHeader(AliyunIotConstants.ARGS, constant("{{demo.args}}"))
                .split(method("deviceBatches", "batches")).streaming().parallelProcessing()
                    .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                    .setHeader(AliyunIotConstants.PRODUCT_KEY, simple("${body.productKey}"))
                    .setBody(simple("${body.deviceNames}"))
                    // a failed call leaves its failure in the result instead of an exception, so its devices are
                    // written too (the call's outcome for each) and the summary still counts the batch as failed
                    .to("aliyun-iot:invokeThingsService?identifier={{demo.identifier}}&awaitReplies=true"
                        + "&replyTimeout={{demo.replyTimeout}}&throwExceptionOnFailure=false")
                    // written before the batch counts as done, keeping the batch's result as the body
                    .enrich("direct:device-results", FleetOutcomeRoutes::keepResult)
                .end();

        from("direct:device-results").routeId("device-results")
                .setVariable("retry", DeviceResultLines.retryRows()) // both from the batch's result
                .setBody(DeviceResultLines.jsonLines())
                .to("file:{{demo.outputDir}}?fileName=results.jsonl&fileExist=Append")
                .setBody(variable("retry"))
                .to("file:{{demo.outputDir}}?fileName=retry.csv&fileExist=Append");
    }

    /** The batch keeps its result as the body; a failed write fails the batch rather than vanish. */
    static Exchange keepResult(Exchange batch, Exchange written) {
        if (written != null && written.getException() != null) {
            batch.setException(written.getException());
        }
        return batch;
    }
}
