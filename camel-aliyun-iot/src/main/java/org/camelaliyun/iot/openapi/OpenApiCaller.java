package org.camelaliyun.iot.openapi;

import org.camelaliyun.iot.openapi.CallFailure.Outcome;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * reply, or exceptionally with a {@link CallFailedException} carrying the {@link CallFailure}. Never blocks a thread
 * while waiting for a permit or a retry.
 */
public final class OpenApiCaller {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiCaller.class);
    private static final String SIGNATURE_MISMATCH = "SignatureDoesNotMatch";

    /** An accepted call, how many attempts it took, and the reply's text for operations that read its data. */
    public record Accepted(OpenApiReply reply, int attempts, String body) {
    }

    /**
     * One call across its attempts: what to send, for which devices, and where its outcome goes.
     *
     * @param sentWithoutAnswer set once an attempt was sent and got no answer: whatever later attempts say, the call
     *                          may have been executed
     */
    private record Call(OpenApiCall request, List<String> deviceNames, CompletableFuture<Accepted> result,
            AtomicBoolean sentWithoutAnswer, CallObserver observer, WaitingCalls.Place place) {

        /** Ends the call before anything was sent. */
        void fail(String code, String message, int attempt, Throwable cause) {
            fail(asSeenAcrossAttempts(failure(code, message, null, 0, Outcome.NOT_SENT, attempt, null)), cause);
        }

        void fail(CallFailure failure, Throwable cause) {
            result.completeExceptionally(new CallFailedException(failure, cause));
        }

        /** Remembers an attempt that may have been executed, and keeps any later failure from claiming otherwise. */
        CallFailure asSeenAcrossAttempts(CallFailure failure) {
            if (failure.outcomeUnknown()) {
                sentWithoutAnswer.set(true);
                return failure;
            }
            if (!sentWithoutAnswer.get()) {
                return failure;
            }
            return new CallFailure(failure.action(), failure.code(), failure.errorMessage()
                                   + " [an earlier attempt was sent without an answer: it may have been executed]",
                    failure.requestId(), failure.httpStatus(), Outcome.UNKNOWN, failure.attempts(),
                    failure.deviceNames(), failure.detail());
        }

        CallFailure failure(String code, String message, String requestId, int httpStatus, Outcome outcome,
                            int attempt, String detail) {
            return new CallFailure(request.action(), code, message, requestId, httpStatus, outcome, attempt,
                    deviceNames, detail);
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
    private volatile CallListener listener = CallListener.NONE;
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

    /** Who is told about each call (the component's statistics); {@link CallListener#NONE} by default. */
    public void setCallListener(CallListener listener) {
        this.listener = listener == null ? CallListener.NONE : listener;
    }

    public CompletableFuture<Accepted> call(OpenApiCall request, List<String> deviceNames) {
        Call call = new Call(request, deviceNames, new CompletableFuture<>(), new AtomicBoolean(),
                listener.callStarted(request.action(), deviceNames), new WaitingCalls.Place());
        guarded(call, 1, () -> attempt(call, 1));
        // the observer sees every ending, and before the exchange does: a route reading the numbers after it is exact
        return call.result().whenComplete(call.observer()::completed);
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
        call.observer().waitingForQuota();
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
        CallFailure failure;
        long retryAfterMillis = -1;
        Throwable cause = null;
        try {
            SignedRequest request = RequestSigner.sign(call.request(), credentials, signatureVersion, hostHeader,
                    Nonces.next(), Instant.now());
            HttpReply httpReply;
            call.observer().sending(attempt);
            try {
                httpReply = http.send(request);
            } finally {
                // before the result completes: the route may send its next call from inside that completion
                if (permit != null) {
                    permit.completed();
                }
            }
            OpenApiReply reply = ReplyMapper.map(httpReply, mapper.getFactory());
            call.observer().answered(reply.code(), reply.requestId(), reply.httpStatus());
            if (permit != null && ErrorCodes.isThrottling(reply.code())) {
                permit.throttled(); // although we kept to the budget: others spend the account's quota too
            }
            if (reply.success()) {
                LOG.debug("{} accepted: RequestId={}, {} device(s), attempt {}", action, reply.requestId(),
                        call.deviceNames().size(), attempt);
                call.result().complete(new Accepted(reply, attempt, httpReply.body()));
                return;
            }
            failure = replyFailure(call, attempt, reply, credentials);
            retryAfterMillis = httpReply.retryAfterMillis();
        } catch (TransportFailure e) {
            call.observer().answered(e.code(), null, 0);
            failure = call.failure(e.code(), SecretRedactor.redact(e.getMessage(), credentials), null, 0,
                    e.requestSent() ? Outcome.UNKNOWN : Outcome.NOT_SENT, attempt, null);
            cause = e;
        } catch (RuntimeException e) {
            call.result().completeExceptionally(e);
            return;
        }
        // retried for what this attempt met; reported with what every attempt so far may have done
        CallFailure acrossAttempts = call.asSeenAcrossAttempts(failure);
        if (retryPolicy.shouldRetry(attempt, failure)) {
            long delay = retryPolicy.delayMillis(attempt, retryAfterMillis);
            call.observer().retrying(failure.code(), delay);
            LOG.debug("{} attempt {} failed ({}, RequestId={}, outcome {}); retrying in {} ms", action,
                    attempt, failure.code(), failure.requestId(), failure.outcome(), delay);
            CallFailure last = acrossAttempts;
            Throwable lastCause = cause;
            waiting.park(call.place(), null, () -> call.fail(ErrorCodes.COMPONENT_STOPPED, "the aliyun-iot component"
                    + " stopped while the call waited to retry after " + last.code() + "; attempt " + (attempt + 1)
                    + " was not sent", attempt, lastCause));
            later(call, attempt + 1, TimeUnit.MILLISECONDS.toNanos(delay), () -> {
                if (waiting.resume(call.place())) {
                    attempt(call, attempt + 1);
                }
            });
            return;
        }
        call.fail(acrossAttempts, cause);
    }

    /** The gateway's refusal as one failure: its message without secrets, and what to do about it. */
    private static CallFailure replyFailure(Call call, int attempt, OpenApiReply reply, AliyunCredentials credentials) {
        String message = SecretRedactor.redact(reply.message(), credentials);
        String detail = null;
        if (SIGNATURE_MISMATCH.equals(reply.code())) {
            // the gateway quotes its whole string to sign: worth a DEBUG line, too long for every failure's message
            detail = message;
            message = signatureMismatch(message, credentials.getAccessKeyId());
            LOG.debug("{} {} for AccessKeyId {}: the gateway said: {}", call.request().action(), SIGNATURE_MISMATCH,
                    credentials.getAccessKeyId(), detail);
        } else {
            message = withHint(reply.code(), message);
        }
        return call.failure(reply.code(), message, reply.requestId(), reply.httpStatus(),
                ReplyOutcome.of(reply.code(), reply.httpStatus()), attempt, detail);
    }

    /** The gateway's sentence without its string to sign, and the likely cause: the secret does not fit the key. */
    static String signatureMismatch(String gatewayMessage, String accessKeyId) {
        String said = gatewayMessage == null ? "" : gatewayMessage;
        int stringToSign = said.indexOf("server string to sign is");
        if (stringToSign >= 0) {
            said = said.substring(0, stringToSign).trim();
        }
        return (said.isEmpty() ? "" : said + " ") + "[check accessKeySecret: it is not the secret of AccessKeyId "
               + accessKeyId + " (or the request was changed on its way); the gateway's string to sign is in the "
               + "failure's detail and the DEBUG log of " + OpenApiCaller.class.getName() + "]";
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
