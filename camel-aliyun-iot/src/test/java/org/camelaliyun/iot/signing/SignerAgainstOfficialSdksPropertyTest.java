package org.camelaliyun.iot.signing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.HmacSHA1Signer;
import com.aliyuncs.auth.RpcSignatureComposer;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpRequest;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.InvokeThingsServiceRequest;
import com.aliyuncs.regions.ProductDomain;
import com.aliyun.tea.TeaRequest;
import org.camelaliyun.iot.credentials.AliyunCredentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style cross-check of our signer against Alibaba's official signers, over randomized InvokeThingsService
 * requests (unicode, emoji, RFC 3986 edge characters, 1–100 devices, STS or not, IotInstanceId or not).
 * <ul>
 * <li>V1: the classic SDK ({@code aliyun-java-sdk-core} 4.7.10 + {@code aliyun-java-sdk-iot} 7.47.0) — both its whole
 * {@code InvokeThingsServiceRequest.signRequest} pipeline and its {@code RpcSignatureComposer}/{@code HmacSHA1Signer}
 * pair — and Tea's {@code openapiutil.Client.getRPCSignature};</li>
 * <li>V3: Tea's {@code openapiutil.Client.getAuthorization} over a {@code TeaRequest} built from our signed request.</li>
 * </ul>
 * Each test draws its cases from one seeded {@link Random}; the seed is in every failure message. Re-run a failure
 * with {@code -Dsigning.seed=<seed>}.
 */
class SignerAgainstOfficialSdksPropertyTest {

    private static final int CASES = 300;
    private static final String ACTION = "InvokeThingsService";
    private static final String VERSION = "2018-01-20";
    private static final String[] REGIONS = {
            "cn-shanghai", "ap-southeast-1", "ap-northeast-1", "us-west-1", "us-east-1", "eu-central-1", "cn-beijing",
            "cn-shenzhen" };
    private static final String ACS3 = "ACS3-HMAC-SHA256";

    /** Characters the encoders disagree about if anyone gets RFC 3986 wrong, plus multi-byte UTF-8. */
    private static final String[] TRICKY = {
            "*", "~", "+", "/", " ", "&", "=", "!", "'", "(", ")", "%", ":", "\n", "%20", "%7E", "+%2B", "-", "_", ".",
            "\"", "{", "}", ",", "?", "#", "\t", "温度", "湿度", "开关", "设备", "😀", "🚀", "🌡️", "👨‍👩‍👧", "é", "ß", "€",
            "\u00a0", "\u2028" };
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static long seed() {
        return Long.getLong("signing.seed", System.nanoTime());
    }

    // ------------------------------------------------------------------------------------------------ V1

    /**
     * The classic SDK's own request pipeline: an {@code InvokeThingsServiceRequest} signed by the SDK, then our
     * {@link RequestSigner} given the SDK's nonce and timestamp must produce the same parameter set, the same string to
     * sign and the same {@code Signature}.
     */
    @Test
    void v1MatchesClassicSdkInvokeThingsServicePipeline() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Case c = Case.random(random);
            String where = c.describe(seed, i);

            InvokeThingsServiceRequest sdkRequest = new InvokeThingsServiceRequest();
            sdkRequest.setSysRegionId(c.regionId);
            sdkRequest.setSysAcceptFormat(FormatType.JSON);
            sdkRequest.setSysProtocol(ProtocolType.HTTPS); // the client sets it when it sends; we only sign
            sdkRequest.setProductKey(c.productKey);
            sdkRequest.setIdentifier(c.identifier);
            sdkRequest.setArgs(c.args);
            sdkRequest.setDeviceNames(c.deviceNames);
            if (c.iotInstanceId != null) {
                sdkRequest.setIotInstanceId(c.iotInstanceId);
            }
            AlibabaCloudCredentials sdkCredentials = c.securityToken == null
                    ? new BasicCredentials(c.accessKeyId, c.accessKeySecret)
                    : new BasicSessionCredentials(c.accessKeyId, c.accessKeySecret, c.securityToken);
            HttpRequest signed = sdkRequest.signRequest(new HmacSHA1Signer(), sdkCredentials, FormatType.JSON,
                    new ProductDomain("Iot", c.host));

            Map<String, String> sdkParams = new TreeMap<>(parseQuery(signed.getSysUrl()));
            byte[] content = signed.getHttpContent();
            if (content != null && content.length > 0) {
                sdkParams.putAll(decodeForm(new String(content, StandardCharsets.UTF_8)));
            }
            String sdkSignature = sdkParams.get("Signature");
            assertThat(sdkSignature).as("SDK signature missing; %s", where).isNotNull();

            SignedRequest ours = RequestSigner.sign(c.call(), c.credentials(), SignatureVersion.v1, c.host,
                    sdkParams.get("SignatureNonce"), Instant.parse(sdkParams.get("Timestamp")));
            Map<String, String> ourParams = new TreeMap<>(v1Parameters(ours));

            assertThat(ourParams.keySet()).as("parameter names vs classic SDK; %s", where)
                    .containsExactlyElementsOf(sdkParams.keySet());
            Map<String, String> ourUnsigned = new TreeMap<>(ourParams);
            ourUnsigned.remove("Signature");
            String ourStringToSign = RpcSignatureV1.stringToSign("POST", ourUnsigned);
            if (sdkRequest.getSysStrToSign() != null) {
                assertThat(ourStringToSign).as("string to sign vs classic SDK; %s", where)
                        .isEqualTo(sdkRequest.getSysStrToSign());
            }
            assertThat(ourParams).as("parameters vs classic SDK; our string to sign:%n%s%nSDK's:%n%s%n%s",
                    ourStringToSign, sdkRequest.getSysStrToSign(), where).isEqualTo(sdkParams);
        }
    }

    /**
     * Our {@link RequestSigner} output (decoded back from the query string) re-signed by the classic
     * {@code RpcSignatureComposer} + {@code HmacSHA1Signer} (POST and GET) and by Tea's {@code getRPCSignature}: same
     * strings to sign, same signatures, with our own random nonce and timestamps.
     */
    @Test
    void v1MatchesClassicComposerAndTeaRpcSignatureForPostAndGet() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        RpcSignatureComposer composer = (RpcSignatureComposer) RpcSignatureComposer.getComposer();
        HmacSHA1Signer sdkSigner = new HmacSHA1Signer();
        for (int i = 0; i < CASES; i++) {
            Case c = Case.random(random);
            String where = c.describe(seed, i);
            SignedRequest ours = c.sign(SignatureVersion.v1);
            Map<String, String> params = new HashMap<>(v1Parameters(ours));
            String ourSignature = params.remove("Signature");

            for (MethodType method : new MethodType[] { MethodType.POST, MethodType.GET }) {
                String sdkStringToSign = composer.composeStringToSign(method, null, sdkSigner, params, null, null);
                String ourStringToSign = RpcSignatureV1.stringToSign(method.name(), params);
                assertThat(ourStringToSign).as("%s string to sign vs classic composer; %s", method, where)
                        .isEqualTo(sdkStringToSign);
                // The classic SDK appends '&' to the secret itself, in RpcAcsRequest.signRequest.
                String sdkSignature = sdkSigner.signString(sdkStringToSign, c.accessKeySecret + "&");
                String teaSignature = com.aliyun.openapiutil.Client.getRPCSignature(params, method.name(), c.accessKeySecret);
                String ourMethodSignature = RpcSignatureV1.sign(c.accessKeySecret, ourStringToSign);
                assertThat(ourMethodSignature).as("%s signature vs classic HmacSHA1Signer; %s", method, where)
                        .isEqualTo(sdkSignature);
                assertThat(ourMethodSignature).as("%s signature vs Tea getRPCSignature; %s", method, where)
                        .isEqualTo(teaSignature);
                if (method == MethodType.POST) {
                    assertThat(ourSignature).as("RequestSigner's POST Signature vs classic SDK; %s", where)
                            .isEqualTo(sdkSignature);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ V3

    /**
     * Our V3 request (API parameters in the query, empty body, host + x-acs-* signed) re-signed by Tea's
     * {@code openapiutil.Client.getAuthorization}: identical {@code Authorization} header and payload hash.
     */
    @Test
    void v3MatchesTeaOpenApiUtilAuthorization() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Case c = Case.random(random);
            String where = c.describe(seed, i);
            SignedRequest ours = c.sign(SignatureVersion.v3);

            // the body is empty: the parameters travel in the query string, as Tea sends them
            String teaPayloadHash = com.aliyun.openapiutil.Client.hexEncode(
                    com.aliyun.openapiutil.Client.hash(new byte[0], ACS3));
            assertThat(ours.headers().get("x-acs-content-sha256")).as("payload hash vs Tea; %s", where)
                    .isEqualTo(teaPayloadHash);

            TeaRequest tea = TeaRequest.create();
            tea.method = SignedRequest.METHOD;
            tea.pathname = SignedRequest.PATH;
            tea.protocol = "https";
            tea.query = new HashMap<>(decodeForm(ours.query()));
            assertThat(tea.query).as("query round trip; %s", where).isEqualTo(c.businessParameters());
            tea.headers = new HashMap<>(ours.headers());
            tea.headers.remove("Authorization");
            tea.headers.put("host", c.host);
            String teaAuthorization = com.aliyun.openapiutil.Client.getAuthorization(
                    tea, ACS3, teaPayloadHash, c.accessKeyId, c.accessKeySecret);

            assertThat(ours.headers().get("Authorization"))
                    .as("Authorization vs Tea; our canonical request:%n%s%n%s", ourCanonicalRequest(c, ours), where)
                    .isEqualTo(teaAuthorization);
        }
    }

    // ------------------------------------------------------------------------------------------------ our own contract

    /**
     * For both versions: the query string decodes back to exactly the input parameters (plus, for V1, the common
     * parameters), nonce and timestamp are the ones given, and {@code SecurityToken} / {@code x-acs-security-token}
     * is present iff the credentials carry a token.
     */
    @Test
    void signedRequestRoundTripsParametersNonceTimestampAndToken() {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Case c = Case.random(random);
            String where = c.describe(seed, i);
            String timestamp = RequestSigner.timestamp(c.time);
            assertThat(timestamp).as(where).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(Instant.parse(timestamp)).as(where).isEqualTo(c.time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

            // V1: business parameters and common parameters all in the query string
            Map<String, String> v1 = v1Parameters(c.sign(SignatureVersion.v1));
            Map<String, String> expected = new TreeMap<>(c.businessParameters());
            expected.put("Action", ACTION);
            expected.put("Version", VERSION);
            expected.put("Format", "JSON");
            expected.put("AccessKeyId", c.accessKeyId);
            expected.put("SignatureMethod", "HMAC-SHA1");
            expected.put("SignatureVersion", "1.0");
            expected.put("SignatureNonce", c.nonce);
            expected.put("Timestamp", timestamp);
            expected.put("RegionId", c.regionId);
            if (c.securityToken != null) {
                expected.put("SecurityToken", c.securityToken);
            }
            assertThat(v1.get("Signature")).as("V1 Signature; %s", where).matches("[A-Za-z0-9+/]{27}=");
            Map<String, String> v1Unsigned = new TreeMap<>(v1);
            v1Unsigned.remove("Signature");
            assertThat(v1Unsigned).as("V1 query round trip; %s", where).isEqualTo(expected);
            assertThat(v1.containsKey("SecurityToken")).as("V1 SecurityToken iff STS; %s", where)
                    .isEqualTo(c.securityToken != null);
            SignedRequest v1Request = c.sign(SignatureVersion.v1);
            assertThat(decodeForm(v1Request.query())).as("V1 STS token never in the query (logged at DEBUG); %s", where)
                    .doesNotContainKey("SecurityToken");
            assertThat(v1Request.formBody()).as("V1 body: the STS token or nothing; %s", where)
                    .isEqualTo(c.securityToken == null ? "" : "SecurityToken=" + PercentEncoding.encode(c.securityToken));

            // V3: only the business parameters in the query string; common values in headers
            SignedRequest v3 = c.sign(SignatureVersion.v3);
            assertThat(decodeForm(v3.query())).as("V3 query round trip; %s", where)
                    .isEqualTo(c.businessParameters());
            Map<String, String> h = v3.headers();
            assertThat(h.get("x-acs-signature-nonce")).as(where).isEqualTo(c.nonce);
            assertThat(h.get("x-acs-date")).as(where).isEqualTo(timestamp);
            assertThat(h.get("x-acs-action")).as(where).isEqualTo(ACTION);
            assertThat(h.get("x-acs-version")).as(where).isEqualTo(VERSION);
            assertThat(h.containsKey("x-acs-security-token")).as("V3 token iff STS; %s", where)
                    .isEqualTo(c.securityToken != null);
            if (c.securityToken != null) {
                assertThat(h.get("x-acs-security-token")).as(where).isEqualTo(c.securityToken);
            }
            assertThat(h.get("Authorization")).as(where).startsWith(ACS3 + " Credential=" + c.accessKeyId
                    + ",SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
                    + (c.securityToken != null ? "x-acs-security-token;" : "")
                    + "x-acs-signature-nonce;x-acs-version,Signature=");
        }
    }

    /** Not a tautology: a one-character change in Args (or the secret) changes both signatures. */
    @Test
    void oneCharacterChangeInArgsChangesTheSignature() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        RpcSignatureComposer composer = (RpcSignatureComposer) RpcSignatureComposer.getComposer();
        HmacSHA1Signer sdkSigner = new HmacSHA1Signer();
        for (int i = 0; i < CASES; i++) {
            Case c = Case.random(random);
            Case changed = c.withArgs(mutateOneCharacter(c.args, random));
            String where = c.describe(seed, i) + " changedArgs=" + escape(changed.args);

            Map<String, String> v1 = v1Parameters(c.sign(SignatureVersion.v1));
            Map<String, String> v1Changed = v1Parameters(changed.sign(SignatureVersion.v1));
            assertThat(v1Changed.get("Signature")).as("V1 must change; %s", where).isNotEqualTo(v1.get("Signature"));
            // ...and the SDK must disagree with the stale signature too
            v1Changed.remove("Signature");
            String sdkChanged = sdkSigner.signString(
                    composer.composeStringToSign(MethodType.POST, null, sdkSigner, v1Changed, null, null),
                    c.accessKeySecret + "&");
            assertThat(sdkChanged).as("SDK signature for changed Args; %s", where).isNotEqualTo(v1.get("Signature"));

            String v3 = c.sign(SignatureVersion.v3).headers().get("Authorization");
            String v3Changed = changed.sign(SignatureVersion.v3).headers().get("Authorization");
            assertThat(v3Changed).as("V3 must change; %s", where).isNotEqualTo(v3);

            Case otherSecret = c.withSecret(c.accessKeySecret + "x");
            assertThat(otherSecret.sign(SignatureVersion.v1).query()).as(where)
                    .isNotEqualTo(c.sign(SignatureVersion.v1).query());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String ourCanonicalRequest(Case c, SignedRequest ours) {
        Map<String, String> headers = new HashMap<>(ours.headers());
        headers.remove("Authorization");
        headers.put("host", c.host);
        SortedMap<String, String> signed = AcsSignatureV3.headersToSign(headers);
        return AcsSignatureV3.canonicalRequest("POST", "/", ours.query(), signed, headers.get("x-acs-content-sha256"));
    }

    /** Every V1 parameter as the gateway reads them: the query string and the form body together. */
    private static Map<String, String> v1Parameters(SignedRequest request) {
        Map<String, String> all = new LinkedHashMap<>(decodeForm(request.query()));
        all.putAll(decodeForm(request.formBody()));
        return all;
    }

    private static Map<String, String> parseQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? Map.of() : decodeForm(url.substring(q + 1));
    }

    /** Splits on {@code &} and {@code =} and URL-decodes (which reads both {@code %20} and {@code +} as a space). */
    private static Map<String, String> decodeForm(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(key, value) != null) {
                throw new AssertionError("duplicate form key " + key + " in " + form);
            }
        }
        return out;
    }

    private static String mutateOneCharacter(String s, Random random) {
        int[] cps = s.codePoints().toArray();
        int at = random.nextInt(cps.length);
        int replacement;
        do {
            replacement = random.nextBoolean() ? ALNUM.charAt(random.nextInt(ALNUM.length())) : TRICKY[random.nextInt(TRICKY.length)].codePointAt(0);
        } while (replacement == cps[at]);
        cps[at] = replacement;
        return new String(cps, 0, cps.length);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '\\') {
                out.append((char) cp);
            } else {
                out.append(String.format("\\u{%x}", cp));
            }
        });
        return out.toString();
    }

    /** One randomized InvokeThingsService call with its credentials, nonce and time. */
    private static final class Case {
        String regionId;
        String host;
        String productKey;
        String identifier;
        String args;
        List<String> deviceNames;
        String iotInstanceId;
        String accessKeyId;
        String accessKeySecret;
        String securityToken;
        String nonce;
        Instant time;

        static Case random(Random r) {
            Case c = new Case();
            c.regionId = REGIONS[r.nextInt(REGIONS.length)];
            c.host = r.nextInt(4) == 0 ? "127.0.0.1:" + (1024 + r.nextInt(60000)) : "iot." + c.regionId + ".aliyuncs.com";
            c.productKey = r.nextInt(5) == 0 ? text(r, 1, 12) : alnum(r, 11);
            c.identifier = switch (r.nextInt(5)) {
                case 0 -> "testFb:testService";
                case 1 -> alnum(r, 1 + r.nextInt(10)) + ":" + alnum(r, 1 + r.nextInt(10));
                case 2 -> alnum(r, 1 + r.nextInt(12));
                default -> text(r, 1, 6) + ":" + text(r, 1, 6);
            };
            c.args = args(r);
            int devices = r.nextInt(4) == 0 ? 100 : 1 + r.nextInt(100);
            c.deviceNames = new ArrayList<>(devices);
            for (int d = 0; d < devices; d++) {
                c.deviceNames.add(r.nextBoolean() ? alnum(r, 1 + r.nextInt(16)) : text(r, 1, 8));
            }
            c.iotInstanceId = r.nextBoolean() ? null : r.nextInt(4) == 0 ? text(r, 1, 6) : "iot-" + alnum(r, 14).toLowerCase();
            c.accessKeyId = "LTAI" + alnum(r, 20);
            c.accessKeySecret = r.nextInt(8) == 0 ? "s" + text(r, 4, 12) : alnum(r, 30);
            c.securityToken = r.nextBoolean() ? null : stsToken(r);
            c.nonce = r.nextInt(3) == 0 ? alnum(r, 32) : new UUID(r.nextLong(), r.nextLong()).toString();
            // 2015..2035 with sub-second noise, which the signer must drop
            c.time = Instant.ofEpochSecond(1_420_070_400L + (long) (r.nextDouble() * 630_720_000L), r.nextInt(1_000_000_000));
            return c;
        }

        Case copy() {
            Case c = new Case();
            c.regionId = regionId;
            c.host = host;
            c.productKey = productKey;
            c.identifier = identifier;
            c.args = args;
            c.deviceNames = deviceNames;
            c.iotInstanceId = iotInstanceId;
            c.accessKeyId = accessKeyId;
            c.accessKeySecret = accessKeySecret;
            c.securityToken = securityToken;
            c.nonce = nonce;
            c.time = time;
            return c;
        }

        Case withArgs(String newArgs) {
            Case c = copy();
            c.args = newArgs;
            return c;
        }

        Case withSecret(String secret) {
            Case c = copy();
            c.accessKeySecret = secret;
            return c;
        }

        Map<String, String> businessParameters() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("ProductKey", productKey);
            p.put("Identifier", identifier);
            p.put("Args", args);
            for (int d = 0; d < deviceNames.size(); d++) {
                p.put("DeviceName." + (d + 1), deviceNames.get(d));
            }
            if (iotInstanceId != null) {
                p.put("IotInstanceId", iotInstanceId);
            }
            return p;
        }

        OpenApiCall call() {
            return new OpenApiCall(ACTION, VERSION, regionId, businessParameters());
        }

        AliyunCredentials credentials() {
            return securityToken == null
                    ? AliyunCredentials.of(accessKeyId, accessKeySecret)
                    : AliyunCredentials.sts(accessKeyId, accessKeySecret, securityToken, time.plusSeconds(3600));
        }

        SignedRequest sign(SignatureVersion version) {
            return RequestSigner.sign(call(), credentials(), version, host, nonce, time);
        }

        String describe(long seed, int index) {
            return "seed=" + seed + " case=" + index + " region=" + regionId + " host=" + host + " productKey="
                   + escape(productKey) + " identifier=" + escape(identifier) + " args=" + escape(args) + " devices="
                   + deviceNames.size() + " firstDevices=" + escape(String.valueOf(deviceNames.subList(0, Math.min(5, deviceNames.size()))))
                   + " iotInstanceId=" + (iotInstanceId == null ? "-" : escape(iotInstanceId)) + " sts="
                   + (securityToken != null) + " nonce=" + nonce + " time=" + time;
        }

        private static String args(Random r) {
            int n = r.nextInt(5);
            if (n == 0) {
                return "{}";
            }
            StringBuilder json = new StringBuilder("{");
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    json.append(r.nextBoolean() ? "," : ",\n ");
                }
                json.append('"').append(text(r, 1, 5)).append("\":");
                switch (r.nextInt(4)) {
                    case 0 -> json.append(r.nextInt(1000)).append(".0");
                    case 1 -> json.append(r.nextBoolean());
                    case 2 -> json.append("[").append(r.nextInt(10)).append(",").append(r.nextDouble()).append("]");
                    default -> json.append('"').append(text(r, 0, 10)).append('"');
                }
            }
            return json.append('}').toString();
        }

        /** A mix of ASCII letters and digits and the tricky pieces; never empty when min >= 1. */
        private static String text(Random r, int min, int max) {
            int pieces = min + r.nextInt(max - min + 1);
            StringBuilder out = new StringBuilder();
            for (int p = 0; p < pieces; p++) {
                if (r.nextInt(3) == 0) {
                    out.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
                } else {
                    out.append(TRICKY[r.nextInt(TRICKY.length)]);
                }
            }
            return out.toString();
        }

        private static String alnum(Random r, int length) {
            StringBuilder out = new StringBuilder(length);
            for (int k = 0; k < length; k++) {
                out.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
            }
            return out.toString();
        }

        private static String stsToken(Random r) {
            String alphabet = ALNUM + "+/=";
            StringBuilder out = new StringBuilder("CAIS");
            int length = 100 + r.nextInt(500);
            for (int k = 0; k < length; k++) {
                out.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return out.toString();
        }
    }
}
