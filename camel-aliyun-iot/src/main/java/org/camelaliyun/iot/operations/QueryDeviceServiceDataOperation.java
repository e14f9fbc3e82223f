package org.camelaliyun.iot.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.signing.OpenApiCall;

/**
 * QueryDeviceServiceData: the service calls one device received in a time range, with what it answered. The body
 * becomes a {@link ServiceDataPages} iterator that holds the first page and fetches each next one when the route
 * gets there, through the endpoint's caller and quota, so {@code split(body()).streaming()} reads any range in flat
 * memory.
 */
public final class QueryDeviceServiceDataOperation implements Operation<QueryDeviceServiceDataOperation.Input> {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 50;

    /**
     * The checked input: the range [startTime, endTime) in epoch ms, newest first unless {@code asc}.
     *
     * @param identifier only calls of this service, or null for all
     */
    public record Input(DeviceRef device, long startTime, long endTime, String identifier, boolean asc, int pageSize,
            String iotInstanceId) {

        Input range(long start, long end, int size) {
            return new Input(device, start, end, identifier, asc, size, iotInstanceId);
        }
    }

    @Override
    public Input readInput(Message message, OperationContext context) {
        AliyunIotConfiguration configuration = context.configuration();
        DeviceRef device = DeviceRef.from(message, configuration);
        Long start = MessageInputs.epochMillis(message, AliyunIotConstants.START_TIME);
        Long end = MessageInputs.epochMillis(message, AliyunIotConstants.END_TIME);
        if (start == null || end == null) {
            throw new IllegalArgumentException("QueryDeviceServiceData needs a time range: set the "
                                               + AliyunIotConstants.START_TIME + " and " + AliyunIotConstants.END_TIME
                                               + " headers (epoch ms, an Instant or ISO-8601 text; the platform keeps "
                                               + "the last 30 days)");
        }
        if (start >= end) {
            throw new IllegalArgumentException(AliyunIotConstants.START_TIME + " (" + start + ") is not before "
                                               + AliyunIotConstants.END_TIME + " (" + end
                                               + "): give a range whose start comes first");
        }
        Integer size = MessageInputs.integer(message, AliyunIotConstants.PAGE_SIZE, configuration.getPageSize(),
                "the pageSize option", 1, MAX_PAGE_SIZE);
        return new Input(device, start, end, MessageInputs.text(message, AliyunIotConstants.IDENTIFIER, null),
                MessageInputs.flag(message, AliyunIotConstants.ASC, configuration.isAsc()),
                size == null ? DEFAULT_PAGE_SIZE : size,
                MessageInputs.text(message, AliyunIotConstants.IOT_INSTANCE_ID, configuration.getIotInstanceId()));
    }

    @Override
    public OpenApiCall toCall(Input input, OperationContext context) {
        Map<String, String> parameters = new LinkedHashMap<>();
        input.device().putInto(parameters);
        parameters.put("StartTime", Long.toString(input.startTime()));
        parameters.put("EndTime", Long.toString(input.endTime()));
        parameters.put("Asc", input.asc() ? "1" : "0");
        parameters.put("PageSize", Integer.toString(input.pageSize()));
        if (input.identifier() != null) {
            parameters.put("Identifier", input.identifier());
        }
        if (input.iotInstanceId() != null) {
            parameters.put("IotInstanceId", input.iotInstanceId());
        }
        return new OpenApiCall(AliyunIotOperations.queryDeviceServiceData.action(),
                InvokeThingsServiceOperation.API_VERSION, context.configuration().getRegionId(), parameters);
    }

    @Override
    public List<String> deviceNames(Input input) {
        return input.device().names();
    }

    @Override
    public void onAccepted(Exchange exchange, Input input, OpenApiCaller.Accepted accepted, OperationContext context) {
        OperationResults.accepted(exchange, accepted, new ServiceDataPages(this, input, accepted, context));
    }
}
