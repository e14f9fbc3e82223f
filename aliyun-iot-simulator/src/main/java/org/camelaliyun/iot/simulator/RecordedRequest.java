package org.camelaliyun.iot.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request exactly as it came off the wire, so tests can assert what a client sends.
 *
 * @param path            the decoded path, without the query string
 * @param rawQuery        the query string as sent (still percent-encoded), null if none
 * @param headers         header names in lower case
 * @param queryParameters decoded query-string parameters
 * @param formParameters  decoded {@code application/x-www-form-urlencoded} body parameters (empty otherwise)
 * @param body            the body as UTF-8 text
 */
public record RecordedRequest(Instant time, String method, String path, String rawQuery,
        Map<String, List<String>> headers, Map<String, String> queryParameters, Map<String, String> formParameters,
        String body) {

    /** The first value of a header, by case-insensitive name; null if absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
