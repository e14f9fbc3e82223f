package org.camelaliyun.iot;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the gateway's JSON reply. Gateway errors come with an HTTP error status and {@code Code}/{@code Message};
 * IoT business errors come as HTTP 200 with {@code Success:false}, {@code Code} and {@code ErrorMessage}.
 */
final class ReplyMapper {

    private static final int BODY_EXCERPT = 200;

    private ReplyMapper() {
    }

    static OpenApiReply map(HttpReply reply, ObjectMapper mapper) {
        JsonNode json = parse(reply.body(), mapper);
        int status = reply.status();
        if (json == null || !json.isObject()) {
            return new OpenApiReply(status, false, reply.requestIdHeader(), ErrorCodes.UNREADABLE_REPLY,
                    "HTTP " + status + " with a reply that is not the gateway's JSON: " + excerpt(reply.body()), json);
        }
        String requestId = text(json, "RequestId");
        if (requestId == null) {
            requestId = reply.requestIdHeader();
        }
        String code = text(json, "Code");
        String message = text(json, "ErrorMessage");
        if (message == null) {
            message = text(json, "Message");
        }
        boolean httpOk = status >= 200 && status < 300;
        JsonNode successNode = json.get("Success");
        boolean success = httpOk && (successNode != null ? successNode.asBoolean(false) : code == null);
        if (!success && code == null) {
            code = httpOk ? "Unsuccessful" : "HTTP" + status;
        }
        return new OpenApiReply(status, success, requestId, success ? null : code, success ? null : message, json);
    }

    private static JsonNode parse(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty)";
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "…";
    }
}
