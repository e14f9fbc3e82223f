package org.camelaliyun.iot.health;

import org.camelaliyun.iot.AliyunIotOperations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.openapi.RetryPolicy;
import org.camelaliyun.iot.signing.OpenApiCall;

/**
 * Asks the gateway the cheapest signed question there is, {@code QueryProductList} for one product, and says whether
 * this endpoint could call the platform at all. It runs on its own quota (QueryProductList: 50 calls/s per account),
 * so it never takes a permit from InvokeThingsService's 10/s, and at most once per interval: between two calls the
 * last result is served again.
 * <p>
 * Down means no call of this endpoint can succeed: the gateway rejects the signature or does not know the AccessKeyId,
 * no credentials can be had, or the gateway cannot be reached (connection or TLS handshake failed). Anything else —
 * throttling, a business error, a reply that came late or strangely — proves the gateway is there and accepts us.
 */
public final class ProductListProbe {

    public static final String ACTION = AliyunIotOperations.queryProductList.action();
    public static final String API_VERSION = "2018-01-20";
    /** One try per check: a retry would hide the failure the check is there to show. */
    public static final RetryPolicy NO_RETRIES = new RetryPolicy(0, 0, 0, false);

    /** Codes that mean no call of this endpoint can succeed. */
    static final Set<String> DOWN_CODES = Set.of("SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound",
            "InvalidAccessKeyId.Inactive", ErrorCodes.CONNECTION_FAILED, ErrorCodes.TLS_HANDSHAKE_FAILED,
            ErrorCodes.CREDENTIALS_UNAVAILABLE, ErrorCodes.CREDENTIALS_EXPIRED);

    /** What one probe found; {@code code} is null when the gateway answered Success. */
    public record Result(boolean up, String code, String requestId, int httpStatus, String message, Instant checkedAt) {
    }

    private final OpenApiCaller caller;
    private final String regionId;
    private final String iotInstanceId;
    private final long intervalNanos;
    private final long deadlineMillis;
    private final LongSupplier nanoClock;
    private Result last;
    private long lastNanos;

    /**
     * @param deadlineMillis the longest a probe may take; the caller's own connect and response timeouts end it sooner
     */
    public ProductListProbe(OpenApiCaller caller, String regionId, String iotInstanceId, long intervalMillis,
                            long deadlineMillis, LongSupplier nanoClock) {
        this.caller = caller;
        this.regionId = regionId;
        this.iotInstanceId = iotInstanceId;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, intervalMillis));
        this.deadlineMillis = deadlineMillis;
        this.nanoClock = nanoClock;
    }

    /** The last result if it is younger than the interval, else a new probe's (one probe at a time). */
    public synchronized Result check() {
        long now = nanoClock.getAsLong();
        if (last != null && now - lastNanos < intervalNanos) {
            return last;
        }
        last = probe();
        lastNanos = nanoClock.getAsLong();
        return last;
    }

    /** Whether {@link #check()} would answer from the last result now. */
    public synchronized boolean fresh() {
        return last != null && nanoClock.getAsLong() - lastNanos < intervalNanos;
    }

    private Result probe() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("CurrentPage", "1");
        parameters.put("PageSize", "1");
        if (iotInstanceId != null && !iotInstanceId.isBlank()) {
            parameters.put("IotInstanceId", iotInstanceId);
        }
        try {
            OpenApiCaller.Accepted accepted = caller.call(new OpenApiCall(ACTION, API_VERSION, regionId, parameters), List.of())
                    .get(deadlineMillis, TimeUnit.MILLISECONDS);
            return new Result(true, null, accepted.reply().requestId(), accepted.reply().httpStatus(), null, Instant.now());
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof CallFailedException failed) {
                CallFailure failure = failed.failure();
                return new Result(!DOWN_CODES.contains(failure.code()), failure.code(), failure.requestId(),
                        failure.httpStatus(), failure.describe(), Instant.now());
            }
            return new Result(false, cause.getClass().getSimpleName(), null, 0, String.valueOf(cause.getMessage()),
                    Instant.now());
        } catch (TimeoutException e) {
            return new Result(false, "HealthCheckTimeout", null, 0, "no answer within " + deadlineMillis + " ms",
                    Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "Interrupted", null, 0, "interrupted while waiting for the gateway", Instant.now());
        }
    }
}
