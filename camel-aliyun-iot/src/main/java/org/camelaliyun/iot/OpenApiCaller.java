package org.camelaliyun.iot;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
final class OpenApiCaller {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiCaller.class);

    /** An accepted call and how many attempts it took. */
    record Accepted(OpenApiReply reply, int attempts) {
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
    private final int callsPerSecond;
    private final RetryPolicy retryPolicy;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final ObjectMapper mapper;

    OpenApiCaller(OpenApiHttpClient http, AliyunCredentialsProvider credentialsProvider, SignatureVersion signatureVersion,
                  int callsPerSecond, RetryPolicy retryPolicy, ScheduledExecutorService scheduler, Executor worker,
                  ObjectMapper mapper) {
        this.http = http;
        this.hostHeader = GatewayAddress.hostHeader(http.baseUri());
        this.credentialsProvider = credentialsProvider;
        this.signatureVersion = signatureVersion;
        this.callsPerSecond = callsPerSecond;
        this.retryPolicy = retryPolicy;
        this.scheduler = scheduler;
        this.worker = worker;
        this.mapper = mapper;
    }

    CompletableFuture<Accepted> call(OpenApiCall request, List<String> deviceNames) {
        Call call = new Call(request, deviceNames, new CompletableFuture<>());
        attempt(call, 1);
        return call.result();
    }

    private void attempt(Call call, int attempt) {
        AliyunCredentials credentials;
        try {
            credentials = credentialsProvider.resolveCredentials();
        } catch (RuntimeException e) {
            call.fail(ErrorCodes.CREDENTIALS_UNAVAILABLE, e.getMessage(), attempt, e);
            return;
        }
        if (credentials.getExpiration() != null && !credentials.getExpiration().isAfter(Instant.now())) {
            call.fail(ErrorCodes.CREDENTIALS_EXPIRED, "the STS credentials of AccessKeyId " + credentials.getAccessKeyId()
                                                      + " expired at " + credentials.getExpiration()
                                                      + ": refresh them in your credentials provider before they expire",
                    attempt, null);
            return;
        }
        if (callsPerSecond <= 0) {
            send(call, attempt, credentials, null, null);
            return;
        }
        AccountQuota quota = AccountQuota.of(credentials.getAccessKeyId(), call.request().action(), callsPerSecond);
        CompletableFuture<Void> permit = quota.acquire(scheduler);
        if (permit.isDone()) {
            sendWithinWindow(call, attempt, credentials, quota);
        } else {
            // the permit fires on the scheduler thread: hand the blocking send to a worker, keep the scheduler free
            permit.whenCompleteAsync((ignored, error) -> sendWithinWindow(call, attempt, credentials, quota), worker);
        }
    }

    /** Sends once the account's sliding window has room; otherwise waits for it without holding this thread. */
    private void sendWithinWindow(Call call, int attempt, AliyunCredentials credentials, AccountQuota quota) {
        SendWindow.Ticket ticket = quota.tryStartSend();
        if (ticket == null) {
            scheduler.schedule(() -> worker.execute(() -> sendWithinWindow(call, attempt, credentials, quota)),
                    quota.nanosUntilSendable(), TimeUnit.NANOSECONDS);
            return;
        }
        send(call, attempt, credentials, quota, ticket);
    }

    private void send(Call call, int attempt, AliyunCredentials credentials, AccountQuota quota, SendWindow.Ticket ticket) {
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
            scheduler.schedule(() -> worker.execute(() -> attempt(call, attempt + 1)), delay, TimeUnit.MILLISECONDS);
            return;
        }
        call.result().completeExceptionally(new AliyunIotException(action, failure.code(), failure.message(),
                failure.requestId(), failure.httpStatus(), call.deviceNames(), failure.outcomeUnknown(), attempt,
                failure.cause()));
    }

    /** The gateway's message, plus what to do where the code alone would leave a user guessing. */
    static String withHint(String code, String message) {
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
