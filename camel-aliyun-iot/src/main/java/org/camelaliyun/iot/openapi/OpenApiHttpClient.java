package org.camelaliyun.iot.openapi;

import org.camelaliyun.iot.AliyunIotConfiguration;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.camelaliyun.iot.signing.SignedRequest;

/**
 * Sends signed requests to the gateway over camel-http's HttpClient 5: pooled keep-alive connections, no automatic
 * retries or redirects (retrying is the component's decision, made per failure kind), TLS verified by default.
 */
public final class OpenApiHttpClient implements Closeable {

    /**
     * Invoke replies are ~100 bytes, but a read's page (50 service records with their Args and answers, 200 products)
     * can reach megabytes; anything past this is no gateway reply and only an excerpt of it is shown.
     */
    private static final int MAX_KEPT_BODY = 16 * 1024 * 1024;
    private static final ContentType FORM = ContentType.parse(SignedRequest.FORM_CONTENT_TYPE);

    private final URI baseUri;
    private final URI target;
    private final CloseableHttpClient client;

    public OpenApiHttpClient(URI baseUri, AliyunIotConfiguration configuration, CamelContext camelContext) {
        this.baseUri = baseUri;
        this.target = baseUri.resolve(SignedRequest.PATH);
        this.client = build(configuration, camelContext);
    }

    private static CloseableHttpClient build(AliyunIotConfiguration configuration, CamelContext camelContext) {
        Timeout connectTimeout = Timeout.ofMilliseconds(configuration.getConnectTimeout());
        Timeout responseTimeout = Timeout.ofMilliseconds(configuration.getResponseTimeout());
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(configuration.getMaxConnections())
                .setMaxConnPerRoute(configuration.getMaxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(responseTimeout)
                        // a pooled connection the server closed while idle would fail the next call after sending:
                        // check idle ones first, so such a failure is not mistaken for an unknown outcome
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build());
        if (configuration.getSslContextParameters() != null) {
            try {
                connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(
                        configuration.getSslContextParameters().createSSLContext(camelContext)));
            } catch (Exception e) {
                throw new IllegalArgumentException("The sslContextParameters option could not create a TLS context: "
                                                   + e.getMessage(), e);
            }
        }
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connectTimeout)
                        .setResponseTimeout(responseTimeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("camel-aliyun-iot");
        if (configuration.getHttpClientConfigurer() != null) {
            configuration.getHttpClientConfigurer().configureHttpClient(builder);
        }
        return builder.build();
    }

    public URI baseUri() {
        return baseUri;
    }

    public HttpReply send(SignedRequest request) throws TransportFailure {
        HttpPost post = new HttpPost(target);
        request.headers().forEach(post::setHeader);
        post.setEntity(new StringEntity(request.formBody(), FORM));
        try {
            return client.execute(post, response -> {
                Header requestId = response.getFirstHeader("x-acs-request-id");
                String body = readBody(response.getEntity());
                return new HttpReply(response.getCode(), body, requestId == null ? null : requestId.getValue(),
                        retryAfterMillis(response.getFirstHeader("Retry-After")));
            });
        } catch (IOException e) {
            throw classify(e);
        }
    }

    /**
     * The reply body as UTF-8 text, in a buffer sized to the reply: HttpClient's EntityUtils starts at 8 KB of chars
     * for a reply of unknown length, which was 60 % of what a call allocated (P3); gateway replies are ~100 bytes.
     */
    private static String readBody(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        long length = entity.getContentLength();
        byte[] buffer = new byte[length >= 0 && length <= MAX_KEPT_BODY ? (int) length : 256];
        int filled = 0;
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return "";
            }
            int read;
            while ((read = in.read(buffer, filled, buffer.length - filled)) != -1) {
                filled += read;
                if (filled == buffer.length) {
                    if (buffer.length >= MAX_KEPT_BODY) {
                        in.transferTo(OutputStream.nullOutputStream()); // e.g. a proxy's HTML page: an excerpt will do
                        break;
                    }
                    int next = in.read();
                    if (next == -1) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2 + 1, MAX_KEPT_BODY));
                    buffer[filled++] = (byte) next;
                }
            }
        }
        return new String(buffer, 0, filled, StandardCharsets.UTF_8);
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is not used by rate limiters we know of). */
    private static long retryAfterMillis(Header header) {
        if (header == null) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(header.getValue().trim())) * 1000;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Decides whether the request may have reached the gateway; only a failure before sending is safe to retry. */
    public static TransportFailure classify(IOException e) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        if (e instanceof ConnectException || e instanceof ConnectTimeoutException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException) {
            return new TransportFailure(ErrorCodes.CONNECTION_FAILED, false, "could not connect, nothing was sent ("
                                                                             + detail + ")", e);
        }
        if (e instanceof ConnectionRequestTimeoutException) {
            return new TransportFailure(ErrorCodes.CONNECTION_FAILED, false, "no pooled connection became free within "
                                                                             + "connectTimeout, nothing was sent (" + detail + ")",
                    e);
        }
        // only a failed handshake is known to precede the request; other TLS errors may come after it was written
        if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
            return new TransportFailure(ErrorCodes.TLS_HANDSHAKE_FAILED, false,
                    "TLS handshake failed, nothing was sent (" + detail + "); check the gateway's certificate and "
                                                                                  + "sslContextParameters",
                    e);
        }
        if (e instanceof SocketTimeoutException) {
            return new TransportFailure(ErrorCodes.RESPONSE_TIMEOUT, true,
                    "no reply within responseTimeout after the request was sent (" + detail + ")", e);
        }
        return new TransportFailure(ErrorCodes.CONNECTION_CLOSED, true,
                "the connection failed after the request was sent (" + detail + ")", e);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
