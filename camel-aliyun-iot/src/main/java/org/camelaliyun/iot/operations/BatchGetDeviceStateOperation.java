package org.camelaliyun.iot.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.signing.OpenApiCall;

/** BatchGetDeviceState: the state of up to 50 devices of one product; the body becomes a list of device states. */
public final class BatchGetDeviceStateOperation implements Operation<BatchGetDeviceStateOperation.Input> {

    /** The most devices one BatchGetDeviceState call may name. */
    public static final int MAX_DEVICES = 50;

    /** The checked input of one call. */
    public record Input(String productKey, String iotInstanceId, List<String> deviceNames) {
    }

    @Override
    public Input readInput(Message message, OperationContext context) {
        AliyunIotConfiguration configuration = context.configuration();
        String productKey = MessageInputs.required(message, AliyunIotConstants.PRODUCT_KEY, "productKey",
                configuration.getProductKey(), "ProductKey");
        // read and checked as InvokeThingsService's, whose limit is higher
        List<String> names = InvokeThingsServiceInput.deviceNames(message, configuration);
        if (names.size() > MAX_DEVICES) {
            throw new IllegalArgumentException(names.size() + " device names in one call, but BatchGetDeviceState "
                                               + "takes at most " + MAX_DEVICES + ": split the list first, e.g. "
                                               + "split(body()).group(" + MAX_DEVICES + ")");
        }
        return new Input(productKey,
                MessageInputs.text(message, AliyunIotConstants.IOT_INSTANCE_ID, configuration.getIotInstanceId()),
                names);
    }

    @Override
    public OpenApiCall toCall(Input input, OperationContext context) {
        return toCall(input, context.configuration().getRegionId());
    }

    /** The request for these devices, also sent by the online pre-check of InvokeThingsService batches. */
    public static OpenApiCall toCall(Input input, String regionId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ProductKey", input.productKey());
        if (input.iotInstanceId() != null) {
            parameters.put("IotInstanceId", input.iotInstanceId());
        }
        List<String> names = input.deviceNames();
        for (int i = 0; i < names.size(); i++) {
            parameters.put("DeviceName." + (i + 1), names.get(i));
        }
        return new OpenApiCall(AliyunIotOperations.batchGetDeviceState.action(), InvokeThingsServiceOperation.API_VERSION,
                regionId, parameters);
    }

    @Override
    public List<String> deviceNames(Input input) {
        return input.deviceNames();
    }

    @Override
    public void onAccepted(Exchange exchange, Input input, OpenApiCaller.Accepted accepted, OperationContext context) {
        OperationResults.accepted(exchange, accepted, states(input, accepted, context.mapper()));
    }

    /** The device states an accepted reply lists; throws an {@code AliyunIotException} when it lists none readable. */
    public static List<DeviceState> states(Input input, OpenApiCaller.Accepted accepted, ObjectMapper mapper) {
        String action = AliyunIotOperations.batchGetDeviceState.action();
        JsonNode tree = OperationResults.replyTree(accepted, mapper, action, input.deviceNames());
        JsonNode list = OperationResults.object(tree, accepted, action, input.deviceNames(), "DeviceStatusList");
        List<DeviceState> states = new ArrayList<>();
        for (JsonNode status : OperationResults.list(list, "DeviceStatus")) {
            states.add(new DeviceState(input.productKey(), OperationResults.text(status, "DeviceName"),
                    OperationResults.text(status, "IotId"), OperationResults.text(status, "Status"),
                    OperationResults.text(status, "AsAddress"), OperationResults.text(status, "LastOnlineTime"),
                    OperationResults.number(status, "Timestamp")));
        }
        return List.copyOf(states);
    }
}
