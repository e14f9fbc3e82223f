package org.camelaliyun.iot.openapi;

import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.quota.AccountQuota;
import org.camelaliyun.iot.quota.QuotaStoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camelaliyun.iot.credentials.AliyunCredentials;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.signing.OpenApiCall;
import org.camelaliyun.iot.signing.RequestSigner;
import org.camelaliyun.iot.signing.SignatureVersion;
import org.camelaliyun.iot.signing.SignedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one OpenAPI call to its end: waits for the account's quota, signs each attempt afresh (new nonce and
 * timestamp), sends it, reads the reply, and retries what {@link RetryPolicy} allows. Completes with the accepted
 * reply, or exceptionally with an {@link AliyunIotException}. Never blocks a thread while waiting for a permit or a
 * retry.
 */
public final class OpenApiCaller {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiCaller.class);

    /** An accepted call and how many attempts it took. */
    public record Accepted(OpenApiReply reply, int attempts) {
    }

    /** One call across its attempts: what to send, for which devices, and where its outcome goes. */
    private record Call(OpenApiCall request, List<String> deviceNames, CompletableFuture<Accepted> result,
                        WaitingCalls.Place place) {

        void fail(String code, String message, int attempt, Throwable cause) {
            result.completeExceptionally(new AliyunIotException(request.action(), code, message, null, 0, deviceNames,
                    false, attempt, cause));
        }
    }

    private final OpenApiHttpClient http;
    private final String hostHeader;
    private final AliyunCredentialsProvider credentialsProvider;
    private final SignatureVersion signatureVersion;
    /** The account's quota for this call's operation, or null when the limiter is off. */
    private final AccountQuota quota;
    private final RetryPolicy retryPolicy;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final ObjectMapper mapper;
    private final WaitingCalls waiting = new WaitingCalls();

    public OpenApiCaller(OpenApiHttpClient http, AliyunCredentialsProvider credentialsProvider, SignatureVersion signatureVersion,
                  AccountQuota quota, RetryPolicy retryPolicy, ScheduledExecutorService scheduler, Executor worker,
                  ObjectMapper mapper) {
        this.http = http;
        this.hostHeader = GatewayAddress.hostHeader(http.baseUri());
        this.credentialsProvider = credentialsProvider;
        this.signatureVersion = signatureVersion;
        this.quota = quota;
        this.retryPolicy = retryPolicy;
        this.scheduler = scheduler;
        this.worker = worker;
        this.mapper = mapper;
    }

    public CompletableFuture<Accepted> call(OpenApiCall request, List<String> deviceNames) {
        Call call = new Call(request, deviceNames, new CompletableFuture<>(), new WaitingCalls.Place());
        guarded(call, 1, () -> attempt(call, 1));
        return call.result();
    }

    /**
     * Ends every call still waiting for a permit or a retry with {@code ComponentStopped} (nothing sent), at once and
     * from now on; a permit one of them already held is handed back unused. Calls on the wire end on their own.
     */
    public void stop() {
        waiting.stopAll();
    }

    /** How many calls wait for a permit or a retry right now. */
    public int waitingCalls() {
        return waiting.size();
    }

    /** Runs one step of a call; whatever it throws ends the call instead of leaving its exchange waiting forever. */
    private static void guarded(Call call, int attempt, Runnable step) {
        try {
            step.run();
        } catch (RejectedExecutionException e) {
            call.fail(ErrorCodes.COMPONENT_STOPPED, "the aliyun-iot component stopped before the call was sent", attempt, e);
        } catch (Throwable e) {
            call.result().completeExceptionally(e);
        }
    }

    /** Runs a step on a worker after {@code nanos}: the scheduler thread only keeps time and never blocks on I/O. */
    private void later(Call call, int attempt, long nanos, Runnable step) {
        guarded(call, attempt, () -> scheduler.schedule(
                () -> guarded(call, attempt, () -> worker.execute(() -> guarded(call, attempt, step))),
                nanos, TimeUnit.NANOSECONDS));
    }

    private void attempt(Call call, int attempt) {
        AliyunCredentials credentials;
        try {
            credentials = credentialsProvider.resolveCredentials();
        } catch (RuntimeException e) {
            call.fail(ErrorCodes.CREDENTIALS_UNAVAILABLE, e.getMessage(), attempt, e);
            return;
        }
        if (credentials.expiresWithin(Instant.now(), 0)) {
            call.fail(ErrorCodes.CREDENTIALS_EXPIRED, "the STS credentials of AccessKeyId " + credentials.getAccessKeyId()
                                                      + " expired at " + credentials.getExpiration()
                                                      + ": refresh them in your credentials provider before they expire",
                    attempt, null);
            return;
        }
        if (quota == null) {
            send(call, attempt, credentials, null);
            return;
        }
        AtomicReference<AccountQuota.Permit> held = new AtomicReference<>();
        waiting.park(call.place(), null, () -> {
            call.fail(ErrorCodes.COMPONENT_STOPPED, "the aliyun-iot component stopped while the call waited for the"
                                                    + " account's quota; it was not sent", attempt, null);
            AccountQuota.Permit permit = held.get();
            if (permit != null) {
                permit.returned();
            }
        });
        CompletableFuture<AccountQuota.Permit> permit = quota.acquire();
        waiting.waitingFor(call.place(), permit);
        permit.whenComplete((granted, error) -> {
            if (error != null) {
                if (waiting.resume(call.place())) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof QuotaStoreUnavailableException) {
                        call.fail(ErrorCodes.QUOTA_STORE_UNAVAILABLE, cause.getMessage(), attempt, cause);
                    } else {
                        call.fail(ErrorCodes.COMPONENT_STOPPED, "waiting for the quota failed before the call was sent: "
                                                                + cause.getMessage(), attempt, cause);
                    }
                }
                return;
            }
            held.set(granted);
            if (call.place().stopped()) {
                granted.returned();
                return;
            }
            later(call, attempt, 0, () -> sendWithPermit(call, attempt, credentials, granted));
        });
    }

    /** Sends with the permit the quota granted, unless the call was stopped while it waited for a thread. */
    private void sendWithPermit(Call call, int attempt, AliyunCredentials credentials, AccountQuota.Permit permit) {
        if (!waiting.resume(call.place())) {
            permit.returned();
            return;
        }
        send(call, attempt, credentials, permit);
    }

    private void send(Call call, int attempt, AliyunCredentials credentials, AccountQuota.Permit permit) {
        String action = call.request().action();
        AttemptFailure failure;
        try {
            SignedRequest request = RequestSigner.sign(call.request(), credentials, signatureVersion, hostHeader,
                    Nonces.next(), Instant.now());
            HttpReply httpReply;
            try {
                httpReply = http.send(request);
            } finally {
                // before the result completes: the route may send its next call from inside that completion
                if (permit != null) {
                    permit.completed();
                }
            }
            OpenApiReply reply = ReplyMapper.map(httpReply, mapper.getFactory());
            if (permit != null && ErrorCodes.isThrottling(reply.code())) {
                permit.throttled(); // although we kept to the budget: others spend the account's quota too
            }
            if (reply.success()) {
                LOG.debug("{} accepted: RequestId={}, {} device(s), attempt {}", action, reply.requestId(),
                        call.deviceNames().size(), attempt);
                call.result().complete(new Accepted(reply, attempt));
                return;
            }
            failure = new AttemptFailure(reply.code(),
                    withHint(reply.code(), SecretRedactor.redact(reply.message(), credentials)),
                    reply.requestId(), reply.httpStatus(), false, httpReply.retryAfterMillis(), null);
        } catch (TransportFailure e) {
            failure = new AttemptFailure(e.code(), SecretRedactor.redact(e.getMessage(), credentials), null, 0,
                    e.requestSent(), -1, e);
        } catch (RuntimeException e) {
            call.result().completeExceptionally(e);
            return;
        }
        if (retryPolicy.shouldRetry(attempt, failure)) {
            long delay = retryPolicy.delayMillis(attempt, failure.retryAfterMillis());
            LOG.debug("{} attempt {} failed ({}, RequestId={}, outcome unknown: {}); retrying in {} ms", action,
                    attempt, failure.code(), failure.requestId(), failure.outcomeUnknown(), delay);
            AttemptFailure last = failure;
            waiting.park(call.place(), null, () -> call.fail(ErrorCodes.COMPONENT_STOPPED, "the aliyun-iot component"
                    + " stopped while the call waited to retry after " + last.code() + "; attempt " + (attempt + 1)
                    + " was not sent", attempt, last.cause()));
            later(call, attempt + 1, TimeUnit.MILLISECONDS.toNanos(delay), () -> {
                if (waiting.resume(call.place())) {
                    attempt(call, attempt + 1);
                }
            });
            return;
        }
        call.result().completeExceptionally(new AliyunIotException(action, failure.code(), failure.message(),
                failure.requestId(), failure.httpStatus(), call.deviceNames(), failure.outcomeUnknown(), attempt,
                failure.cause()));
    }

    /** The gateway's message, plus what to do where the code alone would leave a user guessing. */
    public static String withHint(String code, String message) {
        if (code != null && code.startsWith("InvalidTimeStamp")) {
            return message + " [local clock: " + RequestSigner.timestamp(Instant.now())
                   + " UTC; the gateway accepts requests within 15 minutes of its time: synchronize this machine's clock, e.g. with NTP]";
        }
        if ("iot.common.InvalidFormattedParameter".equals(code)) {
            return message + " [check Args against the service's TSL: float and double values need a decimal point"
                   + " (10.0, not 10), and Args must be one JSON object]";
        }
        return message;
    }
}
