package org.camelaliyun.iot.operations;

import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.outcomes.AwaitedCall;
import org.camelaliyun.iot.outcomes.DeviceResult;

/**
 * awaitReplies for one InvokeThingService call: the device is expected before the call is sent (its reply can come
 * before the call's own), the match narrows to the MessageId the call returns, and the exchange completes once the
 * device settled. Its {@link DeviceResult} goes on the result and in a header.
 */
final class AwaitedCallScope implements CallScope<InvokeThingServiceOperation.Input> {

    private final InvokeThingServiceOperation.Input input;
    private final AwaitedCall awaited;
    private final OperationContext context;
    private volatile DeviceResult outcome;

    private AwaitedCallScope(InvokeThingServiceOperation.Input input, AwaitedCall awaited, OperationContext context) {
        this.input = input;
        this.awaited = awaited;
        this.context = context;
    }

    static AwaitedCallScope open(InvokeThingServiceOperation.Input input, OperationContext context) {
        DeviceRef device = input.device();
        AwaitedCall awaited = context.replies().expectOne(device.productKey(), device.deviceName(), device.iotId(),
                input.identifier(), context.configuration().getReplyTimeout());
        return new AwaitedCallScope(input, awaited, context);
    }

    @Override
    public InvokeThingServiceOperation.Input input() {
        return input;
    }

    @Override
    public boolean nothingToSend() {
        return false;
    }

    @Override
    public boolean awaitsReplies() {
        return true;
    }

    @Override
    public CompletionStage<Void> settle(OpenApiCaller.Accepted accepted, Throwable failure) {
        if (failure == null) {
            JsonNode data = readData(accepted);
            awaited.accepted(accepted.reply().requestId(), data == null ? null : OperationResults.text(data, "MessageId"),
                    data == null ? null : OperationResults.text(data, "Result"));
        } else {
            AliyunIotException known = OperationResults.asAliyunIotException(failure);
            CallFailure call = known == null ? null : known.getFailure();
            if (call != null) {
                awaited.failed(call.code(), call.errorMessage(), call.requestId(), call.outcomeUnknown());
            } else {
                // not the call engine's failure (a bug, a stopped pool): whether the call went out is not known
                awaited.failed(failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()), null, true);
            }
        }
        return awaited.completion().handle((result, ignored) -> {
            outcome = result;
            return null;
        });
    }

    /** The accepted reply's Data, or null when it has none: the device is then matched without a MessageId. */
    private JsonNode readData(OpenApiCaller.Accepted accepted) {
        try {
            JsonNode data = OperationResults.replyTree(accepted, context.mapper(), "InvokeThingService",
                    input.device().names()).path("Data");
            return data.isObject() ? data : null;
        } catch (RuntimeException e) {
            return null; // the operation reports the unreadable reply itself
        }
    }

    @Override
    public void ended(OpenApiCaller.Accepted accepted, Throwable failure) {
    }

    @Override
    public void decorate(Exchange exchange) {
        DeviceResult result = outcome;
        if (result == null) {
            return;
        }
        exchange.getMessage().setHeader(AliyunIotConstants.DEVICE_RESULT, result);
        if (exchange.getMessage().getBody() instanceof InvokeThingServiceResult accepted) {
            exchange.getMessage().setBody(accepted.withDeviceResult(result));
        }
    }

    @Override
    public void notSent(Exception cause) {
        awaited.failed(cause.getClass().getSimpleName(), cause.getMessage(), null, false);
    }
}
