package org.camelaliyun.iot.outcomes;

/**
 * What became of one device of a service call: the one set of names used by results, summaries and logs.
 */
public enum Outcome {
    /** The device answered with code 200. */
    SUCCEEDED,
    /** The device answered with another code (400, 460, 429, a device-defined code, ...). */
    DEVICE_ERROR,
    /** The platform reported the device offline: reply code 9201 (9200: never activated), the call failed with
     * {@code iot.messagebroker.OFFLINE}, or the online pre-check found it not ONLINE and did not invoke it. */
    OFFLINE,
    /** The call was accepted but no reply came within {@code replyTimeout}. */
    NO_REPLY,
    /** The call failed before it was executed: the device was not invoked. */
    NOT_INVOKED,
    /** The call was sent but its outcome is unknown (no reply from the gateway): the device may have been invoked. */
    UNKNOWN;

    /** Reply codes the platform sends for a device it could not reach. */
    static final int CODE_OFFLINE = 9201;
    static final int CODE_NOT_ACTIVATED = 9200;
    /** The error code of a call refused because its device is offline. */
    public static final String OFFLINE_ERROR_CODE = "iot.messagebroker.OFFLINE";
    /** The code of devices the online pre-check kept back because they were not ONLINE: never invoked. */
    public static final String PRECHECK_OFFLINE_CODE = "PrecheckOffline";

    /** The outcome of the devices of a call that failed with this error code. */
    public static Outcome ofFailure(String errorCode, boolean outcomeUnknown) {
        if (OFFLINE_ERROR_CODE.equals(errorCode) || PRECHECK_OFFLINE_CODE.equals(errorCode)) {
            return OFFLINE;
        }
        return outcomeUnknown ? UNKNOWN : NOT_INVOKED;
    }

    /** The outcome a downlink reply with this code stands for. */
    public static Outcome ofReplyCode(int code) {
        if (code == 200) {
            return SUCCEEDED;
        }
        return code == CODE_OFFLINE || code == CODE_NOT_ACTIVATED ? OFFLINE : DEVICE_ERROR;
    }
}
