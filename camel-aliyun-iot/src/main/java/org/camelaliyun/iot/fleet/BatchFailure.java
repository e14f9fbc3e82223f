package org.camelaliyun.iot.fleet;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.CallFailure.Outcome;

/**
 * One batch of an {@link InvokeSummary} that the platform did not accept, or whose outcome is unknown: the batch's
 * {@link CallFailure} (the value its exception or result held) and its product. Serialized as {@code code},
 * {@code errorMessage}, {@code requestId}, {@code httpStatus}, {@code deviceNames}, {@code outcomeUnknown},
 * {@code productKey}; the failure's detail (e.g. a gateway's string to sign) stays out of the summary.
 */
@JsonPropertyOrder({ "code", "errorMessage", "requestId", "httpStatus", "deviceNames", "outcomeUnknown", "productKey" })
public final class BatchFailure {

    private final CallFailure failure;
    private final String productKey;

    /**
     * @param failure    the failed call; its devices are every device of the batch, none counted as accepted
     * @param productKey the batch's product, null when it could not be known
     */
    public BatchFailure(CallFailure failure, String productKey) {
        this.failure = Objects.requireNonNull(failure, "failure");
        this.productKey = productKey;
    }

    /**
     * A batch that failed without a call failure of its own (refused input, another exception, no result): for a
     * code such as {@code InvalidInput}, the exception's simple class name or {@code NoResult}.
     */
    public BatchFailure(String code, String errorMessage, String requestId, int httpStatus, List<String> deviceNames,
                        boolean outcomeUnknown, String productKey) {
        this(new CallFailure(null, code, errorMessage, requestId, httpStatus,
                outcomeUnknown ? Outcome.UNKNOWN : httpStatus == 0 ? Outcome.NOT_SENT : Outcome.KNOWN, 0, deviceNames,
                null), productKey);
    }

    /** The failed call behind this batch. */
    @JsonIgnore
    public CallFailure failure() {
        return failure;
    }

    /** The gateway's or platform's error code, one of {@code ErrorCodes}, or one of the strategy's own. */
    @JsonProperty
    public String code() {
        return failure.code();
    }

    /** What went wrong, without secrets. */
    @JsonProperty
    public String errorMessage() {
        return failure.errorMessage();
    }

    /** The RequestId of the failed call, null when no reply came or nothing was sent. */
    @JsonProperty
    public String requestId() {
        return failure.requestId();
    }

    /** The HTTP status of the reply, 0 when no HTTP reply came. */
    @JsonProperty
    public int httpStatus() {
        return failure.httpStatus();
    }

    /** Every device of the batch: none of them is counted as accepted. */
    @JsonProperty
    public List<String> deviceNames() {
        return failure.deviceNames();
    }

    /** True when the request was sent and nothing tells whether it was executed: the devices may have been invoked. */
    @JsonProperty
    public boolean outcomeUnknown() {
        return failure.outcomeUnknown();
    }

    /** The batch's product, null when it could not be known. */
    @JsonProperty
    public String productKey() {
        return productKey;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatchFailure that && failure.equals(that.failure)
               && Objects.equals(productKey, that.productKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failure, productKey);
    }

    @Override
    public String toString() {
        return "BatchFailure[" + code() + ", HTTP " + httpStatus() + ", RequestId=" + requestId() + ", "
               + deviceNames().size() + " device(s)" + (outcomeUnknown() ? ", outcome unknown" : "") + "]";
    }
}
