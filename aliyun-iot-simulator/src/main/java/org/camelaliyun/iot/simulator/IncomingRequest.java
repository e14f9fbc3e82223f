package org.camelaliyun.iot.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed request: the raw parts the signature checks need (method, query-only parameters, headers, body bytes)
 * and the merged query + form parameters the API reads.
 *
 * @param headers   lower-case names
 * @param malformed why the parameters could not be read unambiguously (bad percent-encoding, a repeated name),
 *                  or null
 */
record IncomingRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
        Map<String, String> queryParameters, Map<String, String> formParameters, byte[] body, String malformed) {

    /** Query and form parameters together; {@link RequestParser} guarantees no name appears in both. */
    Map<String, String> parameters() {
        Map<String, String> all = new LinkedHashMap<>(queryParameters);
        all.putAll(formParameters);
        return Collections.unmodifiableMap(all);
    }

    String parameter(String name) {
        String value = formParameters.get(name);
        return value != null ? value : queryParameters.get(name);
    }

    /** First value of a header (any case); null if absent. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a header joined by commas, as a signer sees a repeated header. */
    String joinedHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : String.join(",", values);
    }
}
