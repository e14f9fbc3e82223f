package org.camelaliyun.iot.operations;

import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.signing.OpenApiCall;

/** InvokeThingsService: the request parameters it sends and what it puts on the exchange afterwards. */
public final class InvokeThingsServiceOperation implements Operation<InvokeThingsServiceInput> {

    static final String API_VERSION = "2018-01-20";

    @Override
    public InvokeThingsServiceInput readInput(Message message, OperationContext context) {
        return InvokeThingsServiceInput.from(message, context.configuration(), context.mapper());
    }

    @Override
    public CallScope<InvokeThingsServiceInput> open(Exchange exchange, InvokeThingsServiceInput input,
                                                    OperationContext context) {
        return context.batches().open(exchange, input);
    }

    @Override
    public OpenApiCall toCall(InvokeThingsServiceInput input, OperationContext context) {
        return toCall(input, context.configuration().getRegionId());
    }

    @Override
    public List<String> deviceNames(InvokeThingsServiceInput input) {
        return input.deviceNames();
    }

    @Override
    public void onAccepted(Exchange exchange, InvokeThingsServiceInput input, OpenApiCaller.Accepted accepted,
                           OperationContext context) {
        onAccepted(exchange, input, accepted);
    }

    @Override
    public void onFailed(Exchange exchange, InvokeThingsServiceInput input, AliyunIotException failure,
                         OperationContext context) {
        onFailed(exchange, input, failure, context.configuration().isThrowExceptionOnFailure());
    }

    public static OpenApiCall toCall(InvokeThingsServiceInput input, String regionId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ProductKey", input.productKey());
        parameters.put("Identifier", input.identifier());
        parameters.put("Args", input.args());
        if (input.iotInstanceId() != null) {
            parameters.put("IotInstanceId", input.iotInstanceId());
        }
        List<String> names = input.deviceNames();
        for (int i = 0; i < names.size(); i++) {
            parameters.put("DeviceName." + (i + 1), names.get(i));
        }
        return new OpenApiCall(AliyunIotOperations.invokeThingsService.action(), API_VERSION, regionId, parameters);
    }

    public static void onAccepted(Exchange exchange, InvokeThingsServiceInput input, OpenApiCaller.Accepted accepted) {
        setResult(exchange.getMessage(), InvokeThingsServiceResult.accepted(
                input, accepted.reply().requestId(), accepted.reply().httpStatus(), accepted.attempts()));
    }

    public static void onFailed(Exchange exchange, InvokeThingsServiceInput input, AliyunIotException failure,
                         boolean throwExceptionOnFailure) {
        setResult(exchange.getMessage(), InvokeThingsServiceResult.failed(input, failure.getFailure()));
        if (throwExceptionOnFailure) {
            exchange.setException(failure);
        }
    }

    /** The result as the body, and its headers. */
    public static void setResult(Message message, InvokeThingsServiceResult result) {
        message.setBody(result);
        message.setHeader(AliyunIotConstants.REQUEST_ID, result.getRequestId());
        message.setHeader(AliyunIotConstants.SUCCESS, result.isSuccess());
        message.setHeader(AliyunIotConstants.CODE, result.getCode());
        message.setHeader(AliyunIotConstants.ERROR_MESSAGE, result.getErrorMessage());
    }
}
