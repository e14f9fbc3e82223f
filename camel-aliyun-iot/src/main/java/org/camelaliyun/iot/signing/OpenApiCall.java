package org.camelaliyun.iot.signing;

import java.util.Collections;
import java.util.Map;

/**
 * An RPC-style OpenAPI call before signing: the action, API version and business parameters.
 *
 * @param action     e.g. {@code InvokeThingsService}
 * @param version    e.g. {@code 2018-01-20}
 * @param regionId   sent as {@code RegionId} by V1, like the classic SDK
 * @param parameters business parameters in the order they were added
 */
public record OpenApiCall(String action, String version, String regionId, Map<String, String> parameters) {

    /** Takes the map as it is, read-only: calls are built fresh per message, and copying 100+ entries showed up in P3. */
    public OpenApiCall {
        parameters = Collections.unmodifiableMap(parameters);
    }
}
