package org.camelaliyun.iot;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The gateway's reply reduced to what every operation needs: accepted or not, the code, message and RequestId, and
 * the JSON for operation-specific fields.
 */
record OpenApiReply(int httpStatus, boolean success, String requestId, String code, String message, JsonNode json) {
}
