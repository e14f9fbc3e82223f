package org.camelaliyun.iot.openapi;

import java.util.Set;

import org.camelaliyun.iot.openapi.CallFailure.Outcome;

/**
 * Which failed replies prove that the call was not executed. A gateway error (4xx: signature, credentials, missing
 * or malformed parameters, throttling) is refused before anything runs, and so is a {@code 503}; an IoT business
 * error such as {@code iot.device.NotExistedDevice} refuses the whole call. A {@code 500 InternalError},
 * {@code iot.system.SystemException}, any other 5xx, or a reply that is not the gateway's JSON may come after the
 * devices were invoked: their outcome is unknown.
 */
public final class ReplyOutcome {

    /** Codes that may be returned after the call was executed, whatever the HTTP status. */
    static final Set<String> MAY_HAVE_EXECUTED = Set.of("InternalError", "iot.system.SystemException");

    private ReplyOutcome() {
    }

    public static Outcome of(String code, int httpStatus) {
        if (httpStatus == 503) {
            return Outcome.KNOWN; // ServiceUnavailable: refused at the door, also when a proxy says so in HTML
        }
        if (httpStatus >= 500 || MAY_HAVE_EXECUTED.contains(code) || ErrorCodes.UNREADABLE_REPLY.equals(code)) {
            return Outcome.UNKNOWN;
        }
        return Outcome.KNOWN;
    }
}
