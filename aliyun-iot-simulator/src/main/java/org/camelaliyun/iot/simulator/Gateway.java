package org.camelaliyun.iot.simulator;

import java.time.Instant;
import java.util.function.Function;

/**
 * The gateway's ordered checks, in two phases so faults can be injected between them: {@link #admit} (route,
 * signature, nonce, the action's quota) and {@link #execute} (API version and action, then the operation's rules).
 */
final class Gateway {

    static final String API_VERSION = "2018-01-20";
    static final String ACTION = "InvokeThingsService";

    private final V1Authenticator v1;
    private final V3Authenticator v3;
    private final NonceCache nonces;
    private final ApiQuotas quotas;
    private final DeviceCalls calls;
    private final ReadApis reads;

    Gateway(Function<String, Account> accounts, NonceCache nonces, ApiQuotas quotas, DeviceCalls calls,
            ReadApis reads) {
        this.v1 = new V1Authenticator(accounts);
        this.v3 = new V3Authenticator(accounts);
        this.nonces = nonces;
        this.quotas = quotas;
        this.calls = calls;
        this.reads = reads;
    }

    /** Everything up to and including the quota; the request counts against the quota once this returns. */
    AuthenticatedRequest admit(IncomingRequest request, Instant serverNow) {
        if (!"/".equals(request.path()) || !("GET".equals(request.method()) || "POST".equals(request.method()))) {
            throw GatewayRejection.gateway(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        }
        if (request.malformed() != null) {
            throw GatewayRejection.gateway(400, "InvalidParameter", "The request parameters are malformed: "
                    + request.malformed());
        }
        AuthenticatedRequest auth = V3Authenticator.isV3(request)
                ? v3.authenticate(request, serverNow) : v1.authenticate(request, serverNow);
        // the nonce is only burnt by a correctly signed request, so a forger cannot block a client's nonces
        if (!nonces.firstUse(auth.accessKeyId(), auth.nonce())) {
            throw GatewayRejection.gateway(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        if (!quotas.forRequest(auth.action(), request.parameters()).tryAdmit(auth.accessKeyId())) {
            throw GatewayRejection.gateway(400, "Throttling.User", "Request was denied due to user flow control.");
        }
        return auth;
    }

    /** The API lookup and the operation's own rules; returns what to record as executed and reply with. */
    Executed execute(AuthenticatedRequest auth, IncomingRequest request, String requestId, Instant now)
            throws InterruptedException {
        if (!API_VERSION.equals(auth.version())) {
            throw GatewayRejection.gateway(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        var params = request.parameters();
        return switch (auth.action()) {
            case ACTION -> calls.invokeThings(params, requestId, now);
            case "InvokeThingService" -> calls.invokeThing(params, requestId, now);
            case "BatchGetDeviceState" -> reads.batchGetDeviceState(params);
            case "GetDeviceStatus" -> reads.getDeviceStatus(params);
            case "QueryDeviceServiceData" -> reads.queryDeviceServiceData(params);
            case "QueryProductList" -> reads.queryProductList(params);
            default -> throw GatewayRejection.gateway(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        };
    }

    /** The reply format before authentication told us: V3 defaults to JSON, V1 to the API's default XML. */
    static boolean wantsXml(IncomingRequest request) {
        String format = request.parameter("Format");
        return V3Authenticator.isV3(request) ? "XML".equalsIgnoreCase(format) : !"JSON".equalsIgnoreCase(format);
    }

    /** The AccessKeyId the request claims (not yet verified), for the rejection record; null if none. */
    static String claimedAccessKeyId(IncomingRequest request) {
        if (V3Authenticator.isV3(request)) {
            String header = request.header("authorization");
            int start = header.indexOf("Credential=");
            if (start < 0) {
                return null;
            }
            int end = header.indexOf(',', start);
            return header.substring(start + "Credential=".length(), end < 0 ? header.length() : end).trim();
        }
        return request.parameter("AccessKeyId");
    }
}
