package org.camelaliyun.iot.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * Signature V1 checks in the gateway's order: required common parameters, signature method/version, timestamp,
 * AccessKeyId, STS token, signature. The nonce and the quota come after (see {@link Gateway}).
 */
final class V1Authenticator {

    private static final String[] REQUIRED = {
        "Action", "Version", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce",
        "Timestamp"
    };

    private final Function<String, Account> accounts;

    V1Authenticator(Function<String, Account> accounts) {
        this.accounts = accounts;
    }

    AuthenticatedRequest authenticate(IncomingRequest request, Instant serverNow) {
        Map<String, String> params = request.parameters();
        for (String name : REQUIRED) {
            String value = params.get(name);
            if (value == null || value.isEmpty()) {
                throw GatewayRejection.missing(name);
            }
        }
        if (!SignatureV1.SIGNATURE_METHOD.equals(params.get("SignatureMethod"))
                || !SignatureV1.SIGNATURE_VERSION.equals(params.get("SignatureVersion"))) {
            throw GatewayRejection.gateway(400, "IncompleteSignature",
                    "The request signature does not conform to Aliyun standards. SignatureMethod must be "
                            + SignatureV1.SIGNATURE_METHOD + " and SignatureVersion " + SignatureV1.SIGNATURE_VERSION + ".");
        }
        Timestamps.check(params.get("Timestamp"), serverNow);

        String accessKeyId = params.get("AccessKeyId");
        Account account = accounts.apply(accessKeyId);
        if (account == null) {
            throw GatewayRejection.gateway(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        account.checkSecurityToken(params.get("SecurityToken"));

        String stringToSign = SignatureV1.stringToSign(request.method(), params);
        String expected = SignatureV1.sign(stringToSign, account.accessKeySecret());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                params.get("Signature").getBytes(StandardCharsets.UTF_8))) {
            throw GatewayRejection.gateway(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
        }
        return new AuthenticatedRequest("1.0", accessKeyId, params.get("Action"), params.get("Version"),
                params.get("SignatureNonce"), Gateway.wantsXml(request));
    }
}
