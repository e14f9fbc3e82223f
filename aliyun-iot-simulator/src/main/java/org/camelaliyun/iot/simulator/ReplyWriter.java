package org.camelaliyun.iot.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders replies the way the gateway does: JSON, or XML (the API's default format). Gateway errors carry
 * {@code RequestId, HostId, Code, Message, Recommend}; business results {@code RequestId, Success[, Code,
 * ErrorMessage]}.
 */
final class ReplyWriter {

    static final String JSON_TYPE = "application/json;charset=utf-8";
    static final String XML_TYPE = "text/xml;charset=utf-8";
    private static final String DEFAULT_ACTION = "InvokeThingsService";

    /** A reply ready to send. */
    record Reply(int status, String contentType, byte[] body) {
    }

    private final ObjectMapper json = new ObjectMapper();

    /** {@code RequestId}, {@code Success:true} and the operation's own fields (such as {@code Data}). */
    Reply success(String requestId, String action, Map<String, Object> extra, boolean xml) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("RequestId", requestId);
        fields.put("Success", true);
        fields.putAll(extra);
        return render(200, xml ? root(action) : null, fields);
    }

    Reply error(String requestId, String action, String hostId, GatewayRejection rejection, boolean xml) {
        return rejection.isBusiness()
                ? businessError(requestId, action, rejection.code(), rejection.getMessage(), xml)
                : gatewayError(requestId, hostId, rejection.httpStatus(), rejection.code(), rejection.getMessage(), xml);
    }

    Reply businessError(String requestId, String action, String code, String message, boolean xml) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("RequestId", requestId);
        fields.put("Success", false);
        fields.put("Code", code);
        fields.put("ErrorMessage", message);
        return render(200, xml ? root(action) : null, fields);
    }

    private static String root(String action) {
        return (action == null || !action.matches("[A-Za-z]{1,64}") ? DEFAULT_ACTION : action) + "Response";
    }

    Reply gatewayError(String requestId, String hostId, int status, String code, String message, boolean xml) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("RequestId", requestId);
        fields.put("HostId", hostId);
        fields.put("Code", code);
        fields.put("Message", message);
        fields.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=Iot&requestId=" + requestId);
        return render(status, xml ? "Error" : null, fields);
    }

    private Reply render(int status, String xmlRoot, Map<String, Object> fields) {
        if (xmlRoot == null) {
            try {
                return new Reply(status, JSON_TYPE, json.writeValueAsBytes(fields));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings always serializes", e);
            }
        }
        StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>");
        element(xml, xmlRoot, fields);
        return new Reply(status, XML_TYPE, xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Maps become nested elements; a list under a name becomes that element repeated, as the gateway writes it. */
    private static void element(StringBuilder xml, String name, Object value) {
        if (value instanceof java.util.List<?> list) {
            list.forEach(item -> element(xml, name, item));
            return;
        }
        xml.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> element(xml, String.valueOf(k), v));
        } else {
            xml.append(escape(String.valueOf(value)));
        }
        xml.append("</").append(name).append('>');
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
