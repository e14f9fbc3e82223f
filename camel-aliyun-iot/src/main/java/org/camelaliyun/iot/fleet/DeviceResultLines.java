package org.camelaliyun.iot.fleet;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.DeviceResult;

/**
 * Expressions that turn one batch's {@link InvokeThingsServiceResult} into lines to append to a file as the batch
 * settles, so per-device results leave the JVM as they come and nothing grows with the fleet:
 * <pre>
 * .to("aliyun-iot:invokeThingsService?awaitReplies=true&amp;...")
 * .enrich("direct:device-results", (batch, written) -&gt; batch)   // written before the batch ends
 * ...
 * from("direct:device-results")
 *     .setVariable("retry", DeviceResultLines.retryNames())
 *     .setBody(DeviceResultLines.jsonLines()).to("file:out?fileName=results.jsonl&amp;fileExist=Append")
 *     .setBody(variable("retry")).to("file:out?fileName=retry.txt&amp;fileExist=Append");
 * </pre>
 * The retry file holds one device name per line: the same route takes it as its input for the next run.
 */
public final class DeviceResultLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceResultLines() {
    }

    /** One JSON object per device and line ({@link DeviceResult}); empty text without device results. */
    public static Expression jsonLines() {
        return lines(result -> true, (result, out) -> {
            try {
                out.append(JSON.writeValueAsString(result));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the result of " + result.deviceName(), e);
            }
        });
    }

    /** The names of the devices worth calling again ({@link DeviceResult#isWorthRetrying()}), one per line. */
    public static Expression retryNames() {
        return lines(DeviceResult::isWorthRetrying, (result, out) -> out.append(result.deviceName()));
    }

    /**
     * The devices worth calling again as {@code productKey,deviceName} rows, one per line: for device lists that span
     * products.
     */
    public static Expression retryRows() {
        return lines(DeviceResult::isWorthRetrying,
                (result, out) -> out.append(result.productKey()).append(',').append(result.deviceName()));
    }

    /** One line per device result of the batch that {@code which} accepts, as {@code line} writes it. */
    private static Expression lines(Predicate<DeviceResult> which, BiConsumer<DeviceResult, StringBuilder> line) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                StringBuilder out = new StringBuilder();
                for (DeviceResult result : results(exchange)) {
                    if (which.test(result)) {
                        line.accept(result, out);
                        out.append('\n');
                    }
                }
                return out.toString();
            }
        };
    }

    private static List<DeviceResult> results(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof InvokeThingsServiceResult result && result.getDeviceResults() != null) {
            return result.getDeviceResults();
        }
        if (body instanceof InvokeThingsServiceResult result && result.getOfflineDevices() != null) {
            return result.getOfflineDevices(); // without awaitReplies, the only devices with an outcome
        }
        return List.of();
    }
}
