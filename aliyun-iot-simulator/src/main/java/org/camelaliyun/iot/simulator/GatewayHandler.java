package org.camelaliyun.iot.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Serves {@code /}: records the raw request, runs the gateway's checks, applies the fault plan between admission
 * and execution, records the outcome and replies (or drops the connection).
 */
final class GatewayHandler implements HttpHandler {

    private final Gateway gateway;
    private final FaultPlan faults;
    private final Recorder recorder;
    private final ReplyWriter replies = new ReplyWriter();
    private final Clock clock;
    private final int maxRequestBytes;

    GatewayHandler(Gateway gateway, FaultPlan faults, Recorder recorder, Clock clock, int maxRequestBytes) {
        this.gateway = gateway;
        this.faults = faults;
        this.recorder = recorder;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        try {
            IncomingRequest request = RequestParser.parse(exchange, maxRequestBytes);
            recorder.request(new RecordedRequest(clock.instant(), request.method(), request.path(), request.rawQuery(),
                    request.headers(), request.queryParameters(), request.formParameters(),
                    Recorder.recordedBody(request.body())));
            process(exchange, request, requestId);
        } catch (RequestParser.TooLarge e) {
            // answered before the body is read: the client learns at once and the server never holds it
            recorder.rejection(new Rejection(clock.instant(), 413, "RequestEntityTooLarge", e.getMessage(), requestId,
                    null));
            exchange.getResponseHeaders().set("Connection", "close");
            send(exchange, replies.gatewayError(requestId, host(exchange), 413, "RequestEntityTooLarge",
                    e.getMessage(), false), requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the simulator is closing: leave without a reply
            exchange.close();
        } catch (IOException e) {
            // the client went away (e.g. it timed out on a delayed reply): nobody to answer, nothing to record
            exchange.close();
        } catch (RuntimeException e) {
            // a simulator bug must still look like a gateway failure, not a hung connection
            recorder.rejection(new Rejection(clock.instant(), 500, "InternalError", String.valueOf(e), requestId, null));
            send(exchange, replies.gatewayError(requestId, host(exchange), 500, "InternalError",
                    "The request processing has failed due to some unknown error.", false), requestId);
        }
    }

    private void process(HttpExchange exchange, IncomingRequest request, String requestId)
            throws IOException, InterruptedException {
        AuthenticatedRequest auth;
        try {
            auth = gateway.admit(request, clock.instant());
        } catch (GatewayRejection r) {
            reject(exchange, request, requestId, Gateway.claimedAccessKeyId(request), Gateway.wantsXml(request), r);
            return;
        }
        Fault fault = faults.next();
        switch (fault.kind()) {
            case GATEWAY_ERROR -> reject(exchange, request, requestId, auth.accessKeyId(), auth.xmlReply(),
                    GatewayRejection.gateway(fault.httpStatus(), fault.code(), fault.message()));
            case BUSINESS_ERROR -> reject(exchange, request, requestId, auth.accessKeyId(), auth.xmlReply(),
                    GatewayRejection.business(fault.code(), fault.message()));
            case DROP_BEFORE_REPLY -> {
                recorder.rejection(new Rejection(clock.instant(), 0, "Fault.DropBeforeReply",
                        "connection closed before any reply; not executed", requestId, auth.accessKeyId()));
                exchange.close();
            }
            default -> executeWith(fault, exchange, request, requestId, auth);
        }
    }

    /** Faults that let the call run: it is recorded first, then the reply is delayed, dropped or replaced. */
    private void executeWith(Fault fault, HttpExchange exchange, IncomingRequest request, String requestId,
            AuthenticatedRequest auth) throws IOException, InterruptedException {
        GatewayRejection failure = null;
        Executed executed = null;
        try {
            Instant now = clock.instant();
            executed = gateway.execute(auth, request, requestId, now);
            recorder.accepted(now, requestId, auth, executed);
        } catch (GatewayRejection r) {
            failure = r;
            recorder.rejection(new Rejection(clock.instant(), r.httpStatus(), r.code(), r.getMessage(), requestId,
                    auth.accessKeyId()));
        }
        ReplyWriter.Reply reply = failure != null
                ? replies.error(requestId, auth.action(), host(exchange), failure, auth.xmlReply())
                : replies.success(requestId, auth.action(), executed.fields(), auth.xmlReply());
        switch (fault.kind()) {
            case DELAY -> {
                Thread.sleep(fault.delay().toMillis());
                send(exchange, reply, requestId);
            }
            case DROP_AFTER_RECORD -> exchange.close();
            case ERROR_AFTER_RECORD -> {
                if (failure == null) {
                    reply = fault.httpStatus() == 200
                            ? replies.businessError(requestId, auth.action(), fault.code(), fault.message(),
                                    auth.xmlReply())
                            : replies.gatewayError(requestId, host(exchange), fault.httpStatus(), fault.code(),
                                    fault.message(), auth.xmlReply());
                }
                send(exchange, reply, requestId);
            }
            default -> send(exchange, reply, requestId);
        }
    }

    private void reject(HttpExchange exchange, IncomingRequest request, String requestId, String accessKeyId,
            boolean xml, GatewayRejection r) throws IOException {
        recorder.rejection(new Rejection(clock.instant(), r.httpStatus(), r.code(), r.getMessage(), requestId,
                accessKeyId));
        send(exchange, replies.error(requestId, claimedAction(request), host(exchange), r, xml), requestId);
    }

    private static void send(HttpExchange exchange, ReplyWriter.Reply reply, String requestId) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("x-acs-request-id", requestId);
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static String claimedAction(IncomingRequest request) {
        String action = request.header("x-acs-action");
        return action != null ? action : request.parameter("Action");
    }

    /** HostId as the gateway reports it: the host the client addressed. */
    private static String host(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host != null ? host : "iot.simulator.local";
    }
}
