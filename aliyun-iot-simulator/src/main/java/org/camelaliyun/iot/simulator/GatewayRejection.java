package org.camelaliyun.iot.simulator;

/**
 * A check failed: the request is answered with this error and recorded as a {@link Rejection}. An exception because
 * the gateway's checks are a long ordered chain where the first failure ends the request.
 */
final class GatewayRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String code;
    private final boolean business;

    private GatewayRejection(int httpStatus, String code, String message, boolean business) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.business = business;
    }

    /** An error the gateway answers itself: 4xx/5xx with {@code Code}/{@code Message}. */
    static GatewayRejection gateway(int httpStatus, String code, String message) {
        return new GatewayRejection(httpStatus, code, message, false);
    }

    /** HTTP 400 {@code Missing<Name>}, the gateway's answer to an absent or empty required parameter. */
    static GatewayRejection missing(String parameterName) {
        return gateway(400, "Missing" + parameterName, parameterName + " is mandatory for this action.");
    }

    /** An IoT business error: HTTP 200 with {@code Success:false}, {@code Code}/{@code ErrorMessage}. */
    static GatewayRejection business(String code, String message) {
        return new GatewayRejection(200, code, message, true);
    }

    int httpStatus() {
        return httpStatus;
    }

    String code() {
        return code;
    }

    boolean isBusiness() {
        return business;
    }
}
