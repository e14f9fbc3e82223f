package org.camelaliyun.iot.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.signing.OpenApiCall;

/**
 * InvokeThingService: one service on one device. The reply's {@code MessageId} is the id of the request the device
 * gets (and of its answer); {@code Result} comes only for synchronous services.
 */
public final class InvokeThingServiceOperation implements Operation<InvokeThingServiceOperation.Input> {

    /** The checked input of one call. */
    public record Input(DeviceRef device, String identifier, String iotInstanceId, String args) {
    }

    @Override
    public Input readInput(Message message, OperationContext context) {
        AliyunIotConfiguration configuration = context.configuration();
        DeviceRef device = DeviceRef.from(message, configuration);
        String identifier = MessageInputs.required(message, AliyunIotConstants.IDENTIFIER, "identifier",
                configuration.getIdentifier(), "service identifier (e.g. TimeReset, or testFb:testService)");
        Object argsValue = message.getHeader(AliyunIotConstants.ARGS);
        String args = ServiceArgs.toJsonObject(argsValue != null ? argsValue : configuration.getArgs(), context.mapper());
        return new Input(device, identifier,
                MessageInputs.text(message, AliyunIotConstants.IOT_INSTANCE_ID, configuration.getIotInstanceId()), args);
    }

    @Override
    public CallScope<Input> open(Exchange exchange, Input input, OperationContext context) {
        return context.replies() == null ? CallScope.none(input) : AwaitedCallScope.open(input, context);
    }

    @Override
    public OpenApiCall toCall(Input input, OperationContext context) {
        Map<String, String> parameters = new LinkedHashMap<>();
        input.device().putInto(parameters);
        parameters.put("Identifier", input.identifier());
        parameters.put("Args", input.args());
        if (input.iotInstanceId() != null) {
            parameters.put("IotInstanceId", input.iotInstanceId());
        }
        return new OpenApiCall(AliyunIotOperations.invokeThingService.action(), InvokeThingsServiceOperation.API_VERSION,
                context.configuration().getRegionId(), parameters);
    }

    @Override
    public List<String> deviceNames(Input input) {
        return input.device().names();
    }

    @Override
    public void onAccepted(Exchange exchange, Input input, OpenApiCaller.Accepted accepted, OperationContext context) {
        JsonNode data = OperationResults.replyTree(accepted, context.mapper(),
                AliyunIotOperations.invokeThingService.action(), deviceNames(input)).path("Data");
        // accepted is accepted: a reply without Data still invoked the device, so it is no failure
        InvokeThingServiceResult result = new InvokeThingServiceResult(accepted.reply().requestId(),
                OperationResults.text(data, "MessageId"), OperationResults.text(data, "Result"),
                input.device().productKey(), input.device().deviceName(), input.device().iotId(), input.identifier(),
                accepted.attempts());
        OperationResults.accepted(exchange, accepted, result);
        exchange.getMessage().setHeader(AliyunIotConstants.MESSAGE_ID, result.messageId());
    }
}
