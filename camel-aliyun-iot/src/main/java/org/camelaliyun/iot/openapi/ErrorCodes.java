package org.camelaliyun.iot.openapi;

/** Error codes the component itself reports when the gateway gave none. */
public final class ErrorCodes {

    /** No connection could be made; nothing was sent, so the call was not executed. */
    public static final String CONNECTION_FAILED = "ConnectionFailed";
    /** The TLS handshake failed (e.g. an untrusted certificate); nothing was sent. */
    public static final String TLS_HANDSHAKE_FAILED = "TlsHandshakeFailed";
    /** The request was sent but no reply came within responseTimeout: outcome unknown. */
    public static final String RESPONSE_TIMEOUT = "ResponseTimeout";
    /** The request was sent but the connection closed before a reply: outcome unknown. */
    public static final String CONNECTION_CLOSED = "ConnectionClosed";
    /** A reply came that is not the gateway's JSON. */
    public static final String UNREADABLE_REPLY = "UnreadableReply";
    /** No credentials could be resolved; nothing was sent. */
    public static final String CREDENTIALS_UNAVAILABLE = "CredentialsUnavailable";

    /** The credentials provider handed out STS credentials that had already expired; nothing was sent. */
    public static final String CREDENTIALS_EXPIRED = "CredentialsExpired";

    /** The component stopped (or its threads refused work) while the call waited for the quota or a retry; not sent. */
    public static final String COMPONENT_STOPPED = "ComponentStopped";

    /**
     * QueryDeviceServiceData holds no call of the service to the device since a call whose outcome was unknown: that
     * call did not reach the device, so sending it again is safe.
     */
    public static final String NO_SERVICE_RECORD = "NoServiceRecord";

    /** The shared quota's store (Redis) cannot be reached and {@code quotaFallback=fail}; not sent. */
    public static final String QUOTA_STORE_UNAVAILABLE = "QuotaStoreUnavailable";

    /** {@code Throttling}, {@code Throttling.User}, {@code Throttling.Api}: refused for rate, before execution. */
    public static boolean isThrottling(String code) {
        return code != null && code.startsWith("Throttling");
    }

    private ErrorCodes() {
    }
}
