package org.camelaliyun.iot.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One batch of an {@link InvokeSummary} that the platform did not accept, or whose outcome is unknown.
 *
 * @param code           the gateway's or platform's error code, one of {@link ErrorCodes}, or for a batch that
 *                       never reached the producer {@code InvalidInput} or the exception's simple class name
 * @param errorMessage   what went wrong, without secrets
 * @param requestId      the RequestId of the failed call, null when no reply came or nothing was sent
 * @param httpStatus     the HTTP status of the reply, 0 when no HTTP reply came
 * @param deviceNames    every device of the batch: none of them is counted as accepted
 * @param outcomeUnknown true when the request was sent but no reply came: the devices may have been invoked
 * @param productKey     the batch's product, null when it could not be known
 */
@JsonPropertyOrder({ "code", "errorMessage", "requestId", "httpStatus", "deviceNames", "outcomeUnknown", "productKey" })
public record BatchFailure(String code, String errorMessage, String requestId, int httpStatus, List<String> deviceNames,
        boolean outcomeUnknown, String productKey) {

    public BatchFailure {
        // List.copyOf rejects nulls, and a bad batch may well hold a null name: it is still a device we must report
        deviceNames = deviceNames == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(deviceNames));
    }

    @Override
    public String toString() {
        return "BatchFailure[" + code + ", HTTP " + httpStatus + ", RequestId=" + requestId + ", "
               + deviceNames.size() + " device(s)" + (outcomeUnknown ? ", outcome unknown" : "") + "]";
    }
}
