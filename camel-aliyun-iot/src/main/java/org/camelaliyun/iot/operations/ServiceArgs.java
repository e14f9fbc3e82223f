package org.camelaliyun.iot.operations;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
        // written by a generator, not into a tree: only a generator enforces the mapper's nesting limit
        String json;
        try {
            json = mapper.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            tooDeep(e);
            throw new IllegalArgumentException("Args (a " + args.getClass().getName() + ") could not be written as JSON ("
                                               + e.getOriginalMessage() + "): give a JSON object such as {\"param1\":1}, "
                                               + "or a Map or POJO that Jackson can serialize", e);
        }
        requireJsonObject(json, mapper);
        return json;
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
            tooDeep(e);
            throw new IllegalArgumentException("Args is not valid JSON (" + e.getOriginalMessage()
                                               + "): give a JSON object such as {\"param1\":1}, or {} for none");
        } catch (IOException e) {
            throw new IllegalArgumentException("Args could not be read: " + e.getMessage(), e);
        }
    }

    /** The mapper's nesting limit keeps a deep value from exhausting the stack: say so rather than "not valid". */
    private static void tooDeep(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                throw new IllegalArgumentException("Args nest too deeply (" + limit.getOriginalMessage()
                                                   + "): a service input is a few levels deep; flatten it", e);
            }
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
}
