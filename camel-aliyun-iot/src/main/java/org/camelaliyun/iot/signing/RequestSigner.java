package org.camelaliyun.iot.signing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.camelaliyun.iot.credentials.AliyunCredentials;

/**
 * Turns an {@link OpenApiCall} into a {@link SignedRequest}: adds the common parameters or headers and signs with V1
 * or V3. A pure function: the caller supplies the nonce and the time, so tests can pin them and every retry can be
 * signed afresh.
 */
public final class RequestSigner {

    /** {@code yyyy-MM-dd'T'HH:mm:ss'Z'} in UTC, no fraction: the only form the gateway accepts. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The classic SDK sends this content type with V1 although the body is empty; a gateway may expect it. */
    private static final Map<String, String> V1_HEADERS = Map.of("Content-Type", SignedRequest.FORM_CONTENT_TYPE);

    private static final String SECURITY_TOKEN = "SecurityToken";

    private RequestSigner() {
    }

    private record FormattedSecond(long epochSecond, String text) {
    }

    /** The last second formatted: every call in the same second reuses it (DateTimeFormatter showed in P2's profile). */
    private static volatile FormattedSecond lastTimestamp = new FormattedSecond(Long.MIN_VALUE, "");

    public static String timestamp(Instant time) {
        FormattedSecond last = lastTimestamp;
        if (last.epochSecond() == time.getEpochSecond()) {
            return last.text();
        }
        FormattedSecond formatted = new FormattedSecond(time.getEpochSecond(),
                TIMESTAMP.format(time.truncatedTo(ChronoUnit.SECONDS)));
        lastTimestamp = formatted;
        return formatted.text();
    }

    /**
     * @param host the {@code Host} header exactly as sent (with {@code :port} when it is not the scheme's default);
     *             signed by V3 only
     */
    public static SignedRequest sign(
            OpenApiCall call, AliyunCredentials credentials, SignatureVersion version,
            String host, String nonce, Instant time) {
        return version == SignatureVersion.v3
                ? signV3(call, credentials, host, nonce, time)
                : signV1(call, credentials, nonce, time);
    }

    static SignedRequest signV1(OpenApiCall call, AliyunCredentials credentials, String nonce, Instant time) {
        Map<String, String> parameters = new TreeMap<>(call.parameters());
        parameters.put("Action", call.action());
        parameters.put("Version", call.version());
        parameters.put("Format", "JSON");
        parameters.put("AccessKeyId", credentials.getAccessKeyId());
        parameters.put("SignatureMethod", RpcSignatureV1.SIGNATURE_METHOD);
        parameters.put("SignatureVersion", RpcSignatureV1.SIGNATURE_VERSION);
        parameters.put("SignatureNonce", nonce);
        parameters.put("Timestamp", timestamp(time));
        if (call.regionId() != null) {
            parameters.put("RegionId", call.regionId());
        }
        String token = credentials.getSecurityToken();
        if (token != null) {
            parameters.put(SECURITY_TOKEN, token);
        }
        // The canonical query string is itself a valid query string, so it is built once and sent as it is.
        String canonical = RpcSignatureV1.canonicalQueryString(parameters);
        String signature = "&Signature=" + PercentEncoding.encode(RpcSignatureV1.sign(credentials.getAccessKeySecret(),
                RpcSignatureV1.stringToSign(SignedRequest.METHOD, canonical)));
        if (token == null) {
            return new SignedRequest(V1_HEADERS, canonical + signature, "");
        }
        // signed with the rest, but sent in the form body: HttpClient logs the request line, query included, at DEBUG
        parameters.remove(SECURITY_TOKEN);
        return new SignedRequest(V1_HEADERS, RpcSignatureV1.canonicalQueryString(parameters) + signature,
                SECURITY_TOKEN + "=" + PercentEncoding.encode(token));
    }

    static SignedRequest signV3(
            OpenApiCall call, AliyunCredentials credentials, String host, String nonce, Instant time) {
        // the API parameters travel in the query string and the body is empty, as the Tea SDK sends them
        String query = AcsSignatureV3.canonicalQuery(call.parameters());
        String payloadHash = AcsSignatureV3.EMPTY_PAYLOAD_HASH;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", host);
        headers.put("x-acs-action", call.action());
        headers.put("x-acs-version", call.version());
        headers.put("x-acs-date", timestamp(time));
        headers.put("x-acs-signature-nonce", nonce);
        headers.put("x-acs-content-sha256", payloadHash);
        if (credentials.getSecurityToken() != null) {
            headers.put("x-acs-security-token", credentials.getSecurityToken());
        }
        SortedMap<String, String> signed = AcsSignatureV3.headersToSign(headers);
        String canonicalRequest = AcsSignatureV3.canonicalRequest(
                SignedRequest.METHOD, SignedRequest.PATH, query, signed, payloadHash);
        String signature = AcsSignatureV3.sign(credentials.getAccessKeySecret(), AcsSignatureV3.stringToSign(canonicalRequest));
        headers.put("Authorization", AcsSignatureV3.authorization(credentials.getAccessKeyId(), signed, signature));
        headers.remove("host"); // the HTTP client writes Host itself, with the same value
        return new SignedRequest(headers, query, "");
    }
}
