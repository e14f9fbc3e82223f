package org.camelaliyun.iot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns the Args a user gives (JSON text, a Map or a POJO) into the JSON object text InvokeThingsService expects. */
final class ServiceArgs {

    private ServiceArgs() {
    }

    static String toJsonObject(Object args, ObjectMapper mapper) {
        if (args == null) {
            return "{}";
        }
        if (args instanceof CharSequence text) {
            String json = text.toString().trim();
            if (json.isEmpty()) {
                return "{}";
            }
            JsonNode node;
            try {
                node = mapper.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Args is not valid JSON (" + e.getOriginalMessage()
                                                   + "): give a JSON object such as {\"param1\":1}, or {} for none");
            }
            requireObject(node);
            return json;
        }
        JsonNode node = mapper.valueToTree(args);
        requireObject(node);
        return node.toString();
    }

    private static void requireObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Args must be a JSON object, but it is a JSON "
                                               + (node == null ? "nothing" : node.getNodeType().name().toLowerCase())
                                               + ": wrap the values in an object such as {\"param1\":1}, or use {} for none");
        }
    }
}
