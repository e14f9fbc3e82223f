package org.camelaliyun.iot.openapi;

import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.quota.AccountQuota;
import org.camelaliyun.iot.quota.SendWindow;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

    /** An accepted call, how many attempts it took, and the reply's text for operations that read its data. */
    public record Accepted(OpenApiReply reply, int attempts, String body) {
    }

    /** One call across its attempts: what to send, for which devices, and where its outcome goes. */
    private record Call(OpenApiCall request, List<String> deviceNames, CompletableFuture<Accepted> result) {

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
        Call call = new Call(request, deviceNames, new CompletableFuture<>());
        guarded(call, 1, () -> attempt(call, 1));
        return call.result();
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
        CompletableFuture<Void> permit = quota.acquire(scheduler);
        if (permit.isDone() && !permit.isCompletedExceptionally()) {
            sendWithinWindow(call, attempt, credentials);
            return;
        }
        permit.whenComplete((ignored, error) -> {
            if (error != null) {
                call.fail(ErrorCodes.COMPONENT_STOPPED, "waiting for the quota failed before the call was sent: " + error,
                        attempt, error);
            } else {
                later(call, attempt, 0, () -> sendWithinWindow(call, attempt, credentials));
            }
        });
    }

    /** Sends once the account's sliding window has room; otherwise waits for it without holding this thread. */
    private void sendWithinWindow(Call call, int attempt, AliyunCredentials credentials) {
        SendWindow.Ticket ticket = quota.tryStartSend();
        if (ticket == null) {
            later(call, attempt, quota.nanosUntilSendable(), () -> sendWithinWindow(call, attempt, credentials));
            return;
        }
        send(call, attempt, credentials, ticket);
    }

    private void send(Call call, int attempt, AliyunCredentials credentials, SendWindow.Ticket ticket) {
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
                if (ticket != null) {
                    quota.sendCompleted(ticket);
                }
            }
            OpenApiReply reply = ReplyMapper.map(httpReply, mapper.getFactory());
            if (reply.success()) {
                LOG.debug("{} accepted: RequestId={}, {} device(s), attempt {}", action, reply.requestId(),
                        call.deviceNames().size(), attempt);
                call.result().complete(new Accepted(reply, attempt, httpReply.body()));
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
            later(call, attempt + 1, TimeUnit.MILLISECONDS.toNanos(delay), () -> attempt(call, attempt + 1));
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
