package org.camelaliyun.iot.operations;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns the Args a user gives (JSON text, a Map or a POJO) into the JSON object text InvokeThingsService expects. */
public final class ServiceArgs {

    private ServiceArgs() {
    }

    public static String toJsonObject(Object args, ObjectMapper mapper) {
        if (args == null) {
            return "{}";
        }
        if (args instanceof CharSequence text) {
            String json = text.toString().trim();
            if (json.isEmpty()) {
                return "{}";
            }
            requireJsonObject(json, mapper);
            return json;
        }
        JsonNode node = mapper.valueToTree(args);
        requireObject(node);
        return node.toString();
    }

    /** Checks the text is one JSON object by streaming over it: Args is checked on every call, a tree is not needed. */
    private static void requireJsonObject(String json, ObjectMapper mapper) {
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("Args must be a JSON object, but it is a JSON "
                                                   + describe(first)
                                                   + ": wrap the values in an object such as {\"param1\":1}, or use {} for none");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("Args has text after its JSON object: give exactly one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Args is not valid JSON (" + e.getOriginalMessage()
                                               + "): give a JSON object such as {\"param1\":1}, or {} for none");
        } catch (IOException e) {
            throw new IllegalArgumentException("Args could not be read: " + e.getMessage(), e);
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    private static void requireObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Args must be a JSON object, but it is a JSON "
                                               + (node == null ? "nothing" : node.getNodeType().name().toLowerCase())
                                               + ": wrap the values in an object such as {\"param1\":1}, or use {} for none");
        }
    }
}
