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

    CompletableFuture<Accepted> call(OpenApiCall call, List<String> deviceNames) {
        CompletableFuture<Accepted> result = new CompletableFuture<>();
        attempt(call, deviceNames, 1, result);
        return result;
    }

    private void attempt(OpenApiCall call, List<String> deviceNames, int attempt, CompletableFuture<Accepted> result) {
        AliyunCredentials credentials;
        try {
            credentials = credentialsProvider.resolveCredentials();
        } catch (RuntimeException e) {
            result.completeExceptionally(new AliyunIotException(call.action(), ErrorCodes.CREDENTIALS_UNAVAILABLE,
                    e.getMessage(), null, 0, deviceNames, false, attempt, e));
            return;
        }
        if (credentials.getExpiration() != null && !credentials.getExpiration().isAfter(Instant.now())) {
            result.completeExceptionally(new AliyunIotException(call.action(), ErrorCodes.CREDENTIALS_EXPIRED,
                    "the STS credentials of AccessKeyId " + credentials.getAccessKeyId() + " expired at "
                                                                                   + credentials.getExpiration()
                                                                                   + ": refresh them in your credentials provider before they expire",
                    null, 0, deviceNames, false, attempt, null));
            return;
        }
        if (callsPerSecond <= 0) {
            send(call, deviceNames, credentials, attempt, result, null, null);
            return;
        }
        AccountQuota quota = AccountQuota.of(credentials.getAccessKeyId(), call.action(), callsPerSecond);
        CompletableFuture<Void> permit = quota.acquire(scheduler);
        if (permit.isDone()) {
            sendWithinWindow(call, deviceNames, credentials, attempt, result, quota);
        } else {
            // the permit fires on the scheduler thread: hand the blocking send to a worker, keep the scheduler free
            permit.whenCompleteAsync(
                    (ignored, error) -> sendWithinWindow(call, deviceNames, credentials, attempt, result, quota), worker);
        }
    }

    /** Sends once the account's sliding window has room; otherwise waits for it without holding this thread. */
    private void sendWithinWindow(OpenApiCall call, List<String> deviceNames, AliyunCredentials credentials, int attempt,
                                  CompletableFuture<Accepted> result, AccountQuota quota) {
        SendWindow.Ticket ticket = quota.tryStartSend();
        if (ticket == null) {
            scheduler.schedule(() -> worker.execute(
                    () -> sendWithinWindow(call, deviceNames, credentials, attempt, result, quota)),
                    quota.nanosUntilSendable(), TimeUnit.NANOSECONDS);
            return;
        }
        send(call, deviceNames, credentials, attempt, result, quota, ticket);
    }

    private void send(OpenApiCall call, List<String> deviceNames, AliyunCredentials credentials, int attempt,
                      CompletableFuture<Accepted> result, AccountQuota quota, SendWindow.Ticket ticket) {
        AttemptFailure failure;
        try {
            SignedRequest request = RequestSigner.sign(call, credentials, signatureVersion, hostHeader,
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
                LOG.debug("{} accepted: RequestId={}, {} device(s), attempt {}", call.action(), reply.requestId(),
                        deviceNames.size(), attempt);
                result.complete(new Accepted(reply, attempt));
                return;
            }
            failure = new AttemptFailure(reply.code(),
                    withHint(reply.code(), SecretRedactor.redact(reply.message(), credentials)),
                    reply.requestId(), reply.httpStatus(), false, httpReply.retryAfterMillis(), null);
        } catch (TransportFailure e) {
            failure = new AttemptFailure(e.code(), SecretRedactor.redact(e.getMessage(), credentials), null, 0,
                    e.requestSent(), -1, e);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        if (retryPolicy.shouldRetry(attempt, failure)) {
            long delay = retryPolicy.delayMillis(attempt, failure.retryAfterMillis());
            LOG.debug("{} attempt {} failed ({}, RequestId={}, outcome unknown: {}); retrying in {} ms", call.action(),
                    attempt, failure.code(), failure.requestId(), failure.outcomeUnknown(), delay);
            scheduler.schedule(() -> worker.execute(() -> attempt(call, deviceNames, attempt + 1, result)), delay,
                    TimeUnit.MILLISECONDS);
            return;
        }
        result.completeExceptionally(new AliyunIotException(call.action(), failure.code(), failure.message(),
                failure.requestId(), failure.httpStatus(), deviceNames, failure.outcomeUnknown(), attempt,
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
