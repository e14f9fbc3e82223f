package org.camelaliyun.iot.openapi;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the gateway's JSON reply. Gateway errors come with an HTTP error status and {@code Code}/{@code Message};
 * IoT business errors come as HTTP 200 with {@code Success:false}, {@code Code} and {@code ErrorMessage}. Only
 * {@code "Success":true} with a {@code RequestId} on a 2xx is an accepted call; any other reply without a
 * {@code Code} (e.g. {@code {"foo":1}}, an HTML page, nothing) is {@link ErrorCodes#UNREADABLE_REPLY}.
 * <p>
 * Streams the top-level fields instead of building a tree: the reply is read on every call, and this is the
 * hot path the client-overhead benchmark measures.
 */
public final class ReplyMapper {

    private static final int BODY_EXCERPT = 200;

    private ReplyMapper() {
    }

    /** The top-level fields we read; anything else in the reply is skipped. */
    private static final class Fields {
        String requestId;
        String code;
        String errorMessage;
        String message;
        Boolean success;
    }

    public static OpenApiReply map(HttpReply reply, JsonFactory json) {
        Fields fields = parse(reply.body(), json);
        int status = reply.status();
        if (fields == null) {
            return unreadable(reply, "HTTP " + status + " with a reply that is not the gateway's JSON: ");
        }
        String requestId = fields.requestId != null ? fields.requestId : reply.requestIdHeader();
        String code = fields.code;
        String message = fields.errorMessage != null ? fields.errorMessage : fields.message;
        boolean httpOk = status >= 200 && status < 300;
        if (httpOk && Boolean.TRUE.equals(fields.success) && fields.requestId != null) {
            return new OpenApiReply(status, true, requestId, null, null);
        }
        if (code == null) {
            // accepted means the gateway said Success:true with a RequestId; anything else tells nothing
            return unreadable(reply, "HTTP " + status + " without " + (httpOk ? "\"Success\":true and a RequestId" : "a Code")
                                     + ", so not the gateway's answer: ");
        }
        return new OpenApiReply(status, false, requestId, code, message);
    }

    private static OpenApiReply unreadable(HttpReply reply, String why) {
        return new OpenApiReply(reply.status(), false, reply.requestIdHeader(), ErrorCodes.UNREADABLE_REPLY,
                why + excerpt(reply.body()));
    }

    /** The reply's top-level fields, or null when it is not a JSON object. */
    private static Fields parse(String body, JsonFactory json) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Fields fields = new Fields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                switch (name) {
                    case "RequestId" -> fields.requestId = text(parser, value);
                    case "Code" -> fields.code = text(parser, value);
                    case "ErrorMessage" -> fields.errorMessage = text(parser, value);
                    case "Message" -> fields.message = text(parser, value);
                    case "Success" -> fields.success = value == JsonToken.VALUE_TRUE
                            || value == JsonToken.VALUE_STRING && "true".equalsIgnoreCase(parser.getText());
                    default -> {
                        // not ours
                    }
                }
            }
            return fields;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    private static String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty)";
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "…";
    }
}
