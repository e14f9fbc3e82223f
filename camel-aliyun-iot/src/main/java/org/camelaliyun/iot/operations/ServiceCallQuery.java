package org.camelaliyun.iot.operations;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.outcomes.ServiceCallRecords;

/**
 * {@link ServiceCallRecords} over QueryDeviceServiceData: oldest first, filtered by the service, page after page
 * (each through the caller and its quota, none holding a thread) until a record of the service turns up or the range
 * ends. A range whose paging cannot move on fails rather than claim that nothing was recorded.
 */
public final class ServiceCallQuery implements ServiceCallRecords {

    /** Enough for any range the resolver reads (seconds to minutes of one device's calls of one service). */
    static final int MAX_PAGES = 20;

    private final QueryDeviceServiceDataOperation operation = new QueryDeviceServiceDataOperation();
    private final OperationContext context;
    private final String action = AliyunIotOperations.queryDeviceServiceData.action();

    /** {@code caller} holds the QueryDeviceServiceData quota, not the one of the call being resolved. */
    public ServiceCallQuery(AliyunIotConfiguration configuration, ObjectMapper mapper, OpenApiCaller caller) {
        this.context = new OperationContext(configuration, mapper, caller, null, null);
    }

    @Override
    public CompletableFuture<RecordedCall> earliest(String productKey, String deviceName, String identifier,
                                                    String iotInstanceId, long fromMillis, long toMillis) {
        return page(new QueryDeviceServiceDataOperation.Input(new DeviceRef(productKey, deviceName, null), fromMillis,
                toMillis, identifier, true, QueryDeviceServiceDataOperation.MAX_PAGE_SIZE, iotInstanceId), 1);
    }

    private CompletableFuture<RecordedCall> page(QueryDeviceServiceDataOperation.Input input, int number) {
        List<String> devices = input.device().names();
        return context.caller().call(operation.toCall(input, context), devices).thenCompose(accepted -> {
            JsonNode data = OperationResults.object(OperationResults.replyTree(accepted, context.mapper(), action,
                    devices), accepted, action, devices, "Data");
            RecordedCall earliest = null;
            for (JsonNode row : OperationResults.list(data.path("List"), "ServiceInfo")) {
                Long time = OperationResults.number(row, "Time");
                // the filter is the gateway's: checked here too, so a record of another service never counts
                if (time != null && time >= input.startTime() && time < input.endTime()
                    && input.identifier().equals(OperationResults.text(row, "Identifier"))
                    && (earliest == null || time < earliest.timeMillis())) {
                    earliest = recorded(time, OperationResults.text(row, "OutputData"));
                }
            }
            if (earliest != null) {
                return CompletableFuture.completedFuture(earliest);
            }
            Long next = OperationResults.number(data, "NextTime");
            if (!data.path("NextValid").asBoolean(false)) {
                return CompletableFuture.completedFuture(null);
            }
            if (next == null || next <= input.startTime() || next >= input.endTime() || number >= MAX_PAGES) {
                throw OperationResults.failure(action, ErrorCodes.UNREADABLE_REPLY, "page " + number + " of "
                                                                                  + input.device().deviceName()
                                                                                  + "'s records held no call of "
                                                                                  + input.identifier()
                                                                                  + " and paging cannot go on "
                                                                                  + "(NextTime " + next + ")",
                        accepted, devices);
            }
            return page(input.range(next, input.endTime(), input.pageSize()), number + 1);
        });
    }

    /** The device's answer as the platform stored it ({@code {"id","code","data","message"}}), if any. */
    private RecordedCall recorded(long time, String output) {
        if (output == null || output.isBlank()) {
            return new RecordedCall(time, null, null, null);
        }
        try {
            JsonNode answer = context.mapper().readTree(output);
            Long code = OperationResults.number(answer, "code");
            JsonNode data = answer.get("data");
            return new RecordedCall(time, code == null ? null : code.intValue(), OperationResults.text(answer, "message"),
                    data == null || data.isNull() ? null : data.toString());
        } catch (Exception e) {
            // an answer stored in a shape we cannot read: the device was invoked, what it said is not known
            return new RecordedCall(time, null, null, null);
        }
    }
}
