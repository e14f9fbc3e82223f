package org.camelaliyun.iot.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three HTTP calls to the ECS instance metadata service: IMDSv2 session token, role discovery, role credentials.
 * <p>
 * Holds no state besides the HTTP client; caching and refresh live in {@link EcsRamRoleCredentialsProvider}. Error
 * messages name the URL path and HTTP status only, never a reply body, because a body may carry the secret.
 */
final class EcsMetadataClient {

    static final String TOKEN_PATH = "/latest/api/token";
    static final String CREDENTIALS_PATH = "/latest/meta-data/ram/security-credentials/";
    static final String TOKEN_TTL_HEADER = "X-aliyun-ecs-metadata-token-ttl-seconds";
    static final String TOKEN_HEADER = "X-aliyun-ecs-metadata-token";
    /** Six hours, the maximum the metadata service allows; the token is only used for one fetch anyway. */
    static final int TOKEN_TTL_SECONDS = 21600;

    private static final Logger LOG = LoggerFactory.getLogger(EcsMetadataClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration readTimeout;
    private final boolean requireImdsV2;
    private final HttpClient http;

    EcsMetadataClient(URI baseUrl, Duration connectTimeout, Duration readTimeout, boolean requireImdsV2) {
        String url = baseUrl.toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.readTimeout = readTimeout;
        this.requireImdsV2 = requireImdsV2;
        // No proxy on purpose: the metadata service is link-local and must never be asked through a proxy.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * Asks for an IMDSv2 session token. Returns null when the service refuses and IMDSv1 fallback is allowed, so the
     * following calls go without a token (older images and some custom metadata proxies have no token endpoint).
     */
    String fetchSessionToken() {
        HttpRequest request = request(TOKEN_PATH, null)
                .header(TOKEN_TTL_HEADER, Integer.toString(TOKEN_TTL_SECONDS))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        String failure;
        try {
            HttpResponse<String> response = send(request);
            String token = CredentialsSources.trimToNull(response.body());
            if (response.statusCode() == 200 && token != null) {
                return token;
            }
            failure = "PUT " + TOKEN_PATH + " answered HTTP " + response.statusCode();
        } catch (AliyunCredentialsException e) {
            failure = e.getMessage();
        }
        if (requireImdsV2) {
            throw new AliyunCredentialsException(
                    "could not get an IMDSv2 token from the ECS metadata service at " + baseUrl + " (" + failure
                                                 + ") and IMDSv1 fallback is disabled");
        }
        LOG.debug("No IMDSv2 token from {} ({}); falling back to IMDSv1", baseUrl, failure);
        return null;
    }

    /** The RAM role attached to this instance: GET on the credentials folder lists it. */
    String discoverRoleName(String sessionToken) {
        HttpResponse<String> response = send(request(CREDENTIALS_PATH, sessionToken).GET().build());
        int status = response.statusCode();
        String body = status == 200 ? CredentialsSources.trimToNull(response.body()) : null;
        if (status != 200 && status != 404) {
            throw new AliyunCredentialsException("GET " + baseUrl + CREDENTIALS_PATH + " answered HTTP " + status);
        }
        if (body == null) {
            throw new AliyunCredentialsException(
                    "no RAM role is attached to this ECS instance (GET " + baseUrl + CREDENTIALS_PATH + " answered HTTP "
                                                 + status + (status == 200 ? " with no role" : "")
                                                 + "); attach one, or name it (ALIBABA_CLOUD_ECS_METADATA)");
        }
        // One role per instance; should a listing ever have several lines, take the first.
        return body.lines().map(String::trim).filter(line -> !line.isEmpty()).findFirst().orElseThrow();
    }

    /** The role's current STS credentials. */
    AliyunCredentials fetchCredentials(String roleName, String sessionToken) {
        String path = CREDENTIALS_PATH + roleName;
        HttpResponse<String> response = send(request(path, sessionToken).GET().build());
        if (response.statusCode() == 404) {
            throw new AliyunCredentialsException(
                    "RAM role '" + roleName + "' is not attached to this ECS instance (GET " + baseUrl + path
                                                 + " answered HTTP 404)");
        }
        if (response.statusCode() != 200) {
            throw new AliyunCredentialsException(
                    "GET " + baseUrl + path + " answered HTTP " + response.statusCode());
        }
        return parseCredentials(response.body(), baseUrl + path);
    }

    private static AliyunCredentials parseCredentials(String body, String url) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            // Jackson's message quotes the offending text, which may be the secret: say no more than this.
            throw new AliyunCredentialsException("GET " + url + " did not answer valid JSON");
        }
        String code = text(json, "Code");
        if (!"Success".equals(code)) {
            throw new AliyunCredentialsException("GET " + url + " answered Code=" + (code == null ? "(missing)" : code)
                                                 + " instead of Success");
        }
        String accessKeyId = text(json, "AccessKeyId");
        String accessKeySecret = text(json, "AccessKeySecret");
        String securityToken = text(json, "SecurityToken");
        String expiration = text(json, "Expiration");
        if (accessKeyId == null || accessKeySecret == null || securityToken == null || expiration == null) {
            throw new AliyunCredentialsException(
                    "GET " + url + " answered Code=Success but lacks AccessKeyId, AccessKeySecret, SecurityToken or Expiration");
        }
        try {
            return AliyunCredentials.sts(accessKeyId, accessKeySecret, securityToken, Instant.parse(expiration));
        } catch (DateTimeParseException e) {
            throw new AliyunCredentialsException(
                    "GET " + url + " answered an Expiration that is not ISO-8601: " + expiration);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json == null ? null : json.get(field);
        return node == null || node.isNull() ? null : CredentialsSources.trimToNull(node.asText());
    }

    private HttpRequest.Builder request(String path, String sessionToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(readTimeout);
        if (sessionToken != null) {
            builder.header(TOKEN_HEADER, sessionToken);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        String what = request.method() + " " + request.uri();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AliyunCredentialsException(what + " timed out (is this an ECS instance?)", e);
        } catch (IOException e) {
            throw new AliyunCredentialsException(
                    what + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AliyunCredentialsException(what + " was interrupted", e);
        }
    }
}
