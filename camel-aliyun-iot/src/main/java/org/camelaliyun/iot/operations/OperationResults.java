package org.camelaliyun.iot.operations;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.openapi.OpenApiCaller;

/** What every operation puts on the exchange the same way: the call's headers, a failure, the reply's fields. */
public final class OperationResults {

    private OperationResults() {
    }

    /** The headers of an accepted call, and its result as the body. */
    static void accepted(Exchange exchange, OpenApiCaller.Accepted accepted, Object body) {
        Message message = exchange.getMessage();
        message.setBody(body);
        message.setHeader(AliyunIotConstants.REQUEST_ID, accepted.reply().requestId());
        message.setHeader(AliyunIotConstants.SUCCESS, true);
        message.removeHeader(AliyunIotConstants.CODE);
        message.removeHeader(AliyunIotConstants.ERROR_MESSAGE);
    }

    /**
     * The failure's headers; the exception, or its {@link CallFailure} as the body when exceptions are turned off.
     */
    static void failed(Exchange exchange, AliyunIotException failure, boolean throwExceptionOnFailure) {
        Message message = exchange.getMessage();
        message.setHeader(AliyunIotConstants.REQUEST_ID, failure.getRequestId());
        message.setHeader(AliyunIotConstants.SUCCESS, false);
        message.setHeader(AliyunIotConstants.CODE, failure.getCode());
        message.setHeader(AliyunIotConstants.ERROR_MESSAGE, failure.getErrorMessage());
        message.setBody(failure.getFailure());
        if (throwExceptionOnFailure) {
            exchange.setException(failure);
        }
    }

    /**
     * The failure a call completed with, as the Camel exception operations report; null when it is something else
     * (a bug, an Error), which the caller reports as it is.
     */
    public static AliyunIotException asAliyunIotException(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CallFailedException failed) {
            // the call engine knows no Camel: its failure becomes a Camel exception here
            return new AliyunIotException(failed.failure(), failed.getCause());
        }
        return cause instanceof AliyunIotException failure ? failure : null;
    }

    /**
     * The accepted reply as a tree. Read replies are small (at most a page) and read once, so a tree is fine here;
     * the hot path of InvokeThingsService never comes here.
     */
    static JsonNode replyTree(OpenApiCaller.Accepted accepted, ObjectMapper mapper, String action,
                              List<String> deviceNames) {
        try {
            JsonNode tree = mapper.readTree(accepted.body());
            if (tree != null && tree.isObject()) {
                return tree;
            }
        } catch (IOException e) {
            // reported below
        }
        throw unreadable(accepted, action, deviceNames, "the accepted reply is not a JSON object");
    }

    /** The object at {@code path} (e.g. Data), or an error naming what is missing from the gateway's reply. */
    static JsonNode object(JsonNode tree, OpenApiCaller.Accepted accepted, String action, List<String> deviceNames,
                           String... path) {
        JsonNode node = tree;
        for (String name : path) {
            node = node.path(name);
        }
        if (!node.isObject()) {
            throw unreadable(accepted, action, deviceNames,
                    "the accepted reply has no " + String.join(".", path) + " object");
        }
        return node;
    }

    /**
     * An array the gateway writes as {@code {"Name":[…]}}; one element may come as an object instead of an array of
     * one (as the XML-to-JSON conversion of some APIs does), and none as a missing or empty value.
     */
    static List<JsonNode> list(JsonNode parent, String name) {
        JsonNode node = parent.path(name);
        if (node.isArray()) {
            java.util.List<JsonNode> out = new java.util.ArrayList<>(node.size());
            node.forEach(out::add);
            return out;
        }
        return node.isObject() ? List.of(node) : List.of();
    }

    static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    static Long number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        return value.isNumber() ? value.asLong() : Long.valueOf(value.asText().trim());
    }

    private static AliyunIotException unreadable(OpenApiCaller.Accepted accepted, String action,
                                                 List<String> deviceNames, String why) {
        return failure(action, ErrorCodes.UNREADABLE_REPLY,
                why + " (RequestId " + accepted.reply().requestId() + "): the gateway's reply format changed, or "
                + "something between here and the gateway rewrote it", accepted, deviceNames);
    }

    /** A failure found in an accepted reply: the gateway answered, so nothing about it is unknown. */
    static AliyunIotException failure(String action, String code, String message, OpenApiCaller.Accepted accepted,
                                      List<String> deviceNames) {
        return new AliyunIotException(new CallFailure(action, code, message, accepted.reply().requestId(),
                accepted.reply().httpStatus(), CallFailure.Outcome.KNOWN, accepted.attempts(), deviceNames, null), null);
    }
}
