package org.camelaliyun.iot.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an exchange into an {@link IncomingRequest}. Values are decoded the way the gateway does ({@code +} is a
 * space) because the signature is computed over decoded values re-encoded canonically, not over the wire text.
 */
final class RequestParser {

    private static final String FORM = "application/x-www-form-urlencoded";

    private RequestParser() {
    }

    /** A body over the limit, announced by Content-Length or found while reading a chunked one. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    static IncomingRequest parse(HttpExchange exchange, int maxBodyBytes) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > maxBodyBytes) {
                throw new TooLarge("The request body of " + declared + " bytes exceeds the limit of " + maxBodyBytes
                        + " bytes.");
            }
        }
        byte[] body = exchange.getRequestBody().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw new TooLarge("The request body exceeds the limit of " + maxBodyBytes + " bytes.");
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        headers.replaceAll((k, v) -> List.copyOf(v));

        List<String> problems = new ArrayList<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = decode(rawQuery, "query string", problems);
        Map<String, String> form = Map.of();
        List<String> contentType = headers.get("content-type");
        if ("POST".equalsIgnoreCase(exchange.getRequestMethod()) && contentType != null
                && contentType.get(0).toLowerCase(Locale.ROOT).startsWith(FORM)) {
            form = decode(new String(body, StandardCharsets.UTF_8), "form body", problems);
        }
        for (String name : form.keySet()) {
            if (query.containsKey(name)) {
                problems.add("parameter " + name + " is given in both the query string and the form body");
            }
        }
        return new IncomingRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(), rawQuery, Collections.unmodifiableMap(headers), query, form, body,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** Decodes {@code a=1&b=2}; a name without {@code =} has the empty value. Repeats are noted as problems. */
    static Map<String, String> decode(String encoded, String where, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return Collections.unmodifiableMap(out);
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                String name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
                String value = URLDecoder.decode(rawValue, StandardCharsets.UTF_8);
                if (out.putIfAbsent(name, value) != null) {
                    problems.add("parameter " + name + " is repeated in the " + where);
                }
            } catch (IllegalArgumentException e) {
                problems.add("malformed percent-encoding in the " + where + ": " + e.getMessage());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
