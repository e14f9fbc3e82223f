package org.camelaliyun.iot.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.signing.OpenApiCall;

/** GetDeviceStatus: the state of one device; the body becomes a {@link DeviceState}. */
public final class GetDeviceStatusOperation implements Operation<GetDeviceStatusOperation.Input> {

    /** The checked input of one call. */
    public record Input(DeviceRef device, String iotInstanceId) {
    }

    @Override
    public Input readInput(Message message, OperationContext context) {
        return new Input(DeviceRef.from(message, context.configuration()),
                MessageInputs.text(message, AliyunIotConstants.IOT_INSTANCE_ID,
                        context.configuration().getIotInstanceId()));
    }

    @Override
    public OpenApiCall toCall(Input input, OperationContext context) {
        Map<String, String> parameters = new LinkedHashMap<>();
        input.device().putInto(parameters);
        if (input.iotInstanceId() != null) {
            parameters.put("IotInstanceId", input.iotInstanceId());
        }
        return new OpenApiCall(AliyunIotOperations.getDeviceStatus.action(), InvokeThingsServiceOperation.API_VERSION,
                context.configuration().getRegionId(), parameters);
    }

    @Override
    public List<String> deviceNames(Input input) {
        return input.device().names();
    }

    @Override
    public void onAccepted(Exchange exchange, Input input, OpenApiCaller.Accepted accepted, OperationContext context) {
        String action = AliyunIotOperations.getDeviceStatus.action();
        JsonNode data = OperationResults.object(
                OperationResults.replyTree(accepted, context.mapper(), action, deviceNames(input)),
                accepted, action, deviceNames(input), "Data");
        DeviceState state = new DeviceState(input.device().productKey(), input.device().deviceName(),
                input.device().iotId(), OperationResults.text(data, "Status"), null, null,
                OperationResults.number(data, "Timestamp"));
        OperationResults.accepted(exchange, accepted, state);
        exchange.getMessage().setHeader(AliyunIotConstants.STATUS, state.status());
    }
}
