package org.camelaliyun.iot.openapi;

/**
 * How {@link OpenApiCaller} completes a failed call: a plain exception carrying the {@link CallFailure}, which the
 * Camel side turns into its own exception type.
 */
public final class CallFailedException extends RuntimeException {

    private final CallFailure failure;

    public CallFailedException(CallFailure failure, Throwable cause) {
        super(failure.describe(), cause);
        this.failure = failure;
    }

    public CallFailure failure() {
        return failure;
    }
}
