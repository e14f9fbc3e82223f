package org.camelaliyun.iot.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Signature V3 (ACS3-HMAC-SHA256) checks in the gateway's order: a well-formed Authorization header, the required
 * x-acs-* headers, the body hash, timestamp, AccessKeyId, STS token, then the signature over the query string and
 * the signed headers. The nonce and the quota come after (see {@link Gateway}).
 */
final class V3Authenticator {

    private static final String PREFIX = SignatureV3.ALGORITHM + " ";

    private record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {
    }

    private final Function<String, Account> accounts;

    V3Authenticator(Function<String, Account> accounts) {
        this.accounts = accounts;
    }

    static boolean isV3(IncomingRequest request) {
        String authorization = request.header("authorization");
        return authorization != null && authorization.startsWith(PREFIX);
    }

    AuthenticatedRequest authenticate(IncomingRequest request, Instant serverNow) {
        Authorization auth = parseAuthorization(request.header("authorization"));
        String action = required(request, "x-acs-action", "Action");
        String version = required(request, "x-acs-version", "Version");
        String date = required(request, "x-acs-date", "XAcsDate");
        String nonce = required(request, "x-acs-signature-nonce", "XAcsSignatureNonce");
        String declaredHash = required(request, "x-acs-content-sha256", "XAcsContentSha256");

        for (String name : request.headers().keySet()) {
            if ((name.startsWith("x-acs-") || name.equals("host")) && !auth.signedHeaders().contains(name)) {
                throw GatewayRejection.gateway(400, "IncompleteSignature",
                        "The request signature does not conform to Aliyun standards. Header " + name
                                + " must be listed in SignedHeaders.");
            }
        }
        String bodyHash = SignatureV3.sha256Hex(request.body());
        if (!bodyHash.equals(declaredHash)) {
            throw GatewayRejection.gateway(400, "XAcsContentSha256.Mismatch",
                    "The x-acs-content-sha256 header does not match the SHA-256 of the request body.");
        }
        Timestamps.check(date, serverNow);

        Account account = accounts.apply(auth.accessKeyId());
        if (account == null) {
            throw GatewayRejection.gateway(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        account.checkSecurityToken(request.header("x-acs-security-token"));

        Map<String, String> signed = new LinkedHashMap<>();
        for (String name : auth.signedHeaders()) {
            String value = request.joinedHeader(name);
            signed.put(name, value == null ? "" : value);
        }
        String canonical = SignatureV3.canonicalRequest(request.method(), request.path(), request.queryParameters(),
                signed, bodyHash);
        String stringToSign = SignatureV3.stringToSign(canonical);
        String expected = SignatureV3.sign(stringToSign, account.accessKeySecret());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                auth.signature().getBytes(StandardCharsets.UTF_8))) {
            throw GatewayRejection.gateway(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
        }
        return new AuthenticatedRequest("3.0", auth.accessKeyId(), action, version, nonce, Gateway.wantsXml(request));
    }

    private static String required(IncomingRequest request, String header, String codeSuffix) {
        String value = request.header(header);
        if (value == null || value.isBlank()) {
            throw GatewayRejection.gateway(400, "Missing" + codeSuffix, header + " is mandatory for this action.");
        }
        return value.trim();
    }

    /** {@code ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>}. */
    private static Authorization parseAuthorization(String header) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : header.substring(PREFIX.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || credential.isEmpty() || signedHeaders == null || signedHeaders.isEmpty()
                || signature == null || signature.isEmpty()) {
            throw GatewayRejection.gateway(400, "IncompleteSignature",
                    "The request signature does not conform to Aliyun standards. The Authorization header needs "
                            + "Credential, SignedHeaders and Signature.");
        }
        List<String> names = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
        if (!names.contains("host")) {
            throw GatewayRejection.gateway(400, "IncompleteSignature",
                    "The request signature does not conform to Aliyun standards. SignedHeaders must include host.");
        }
        return new Authorization(credential, names, signature);
    }
}
