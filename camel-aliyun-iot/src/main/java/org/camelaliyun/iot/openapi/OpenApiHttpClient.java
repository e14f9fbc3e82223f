package org.camelaliyun.iot.openapi;

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
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
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

    /** What the HTTP client needs to know, resolved by the endpoint: no Camel type reaches the call engine. */
    public record Settings(long connectTimeoutMillis, long responseTimeoutMillis, int maxConnections,
            SSLContext sslContext, Consumer<HttpClientBuilder> configurer) {
    }

    private static final ContentType FORM = ContentType.create(SignedRequest.FORM_CONTENT_TYPE, StandardCharsets.UTF_8);

    /** The {@link HttpClientContext} attribute holding the current call's {@link ReplyDeadline}. */
    private static final String DEADLINE = ReplyDeadline.class.getName();

    private final URI baseUri;
    private final URI target;
    private final long responseTimeoutMillis;
    private final ScheduledExecutorService timer;
    private final CloseableHttpClient client;

    /** @param timer keeps each reply's deadline; it only cancels requests, never does I/O */
    public OpenApiHttpClient(URI baseUri, Settings settings, ScheduledExecutorService timer) {
        this.baseUri = baseUri;
        this.target = baseUri.resolve(SignedRequest.PATH);
        this.responseTimeoutMillis = settings.responseTimeoutMillis();
        this.timer = timer;
        this.client = build(settings);
    }

    private static CloseableHttpClient build(Settings settings) {
        Timeout connectTimeout = Timeout.ofMilliseconds(settings.connectTimeoutMillis());
        Timeout responseTimeout = Timeout.ofMilliseconds(settings.responseTimeoutMillis());
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(responseTimeout)
                        // a pooled connection the server closed while idle would fail the next call after sending:
                        // check idle ones first, so such a failure is not mistaken for an unknown outcome
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build());
        if (settings.sslContext() != null) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(settings.sslContext()));
        }
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connectTimeout)
                        .setResponseTimeout(responseTimeout)
                        .setRedirectsEnabled(false)
                        .build())
                // the connection is ready here and the request not yet written: the reply's deadline starts now
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "aliyun-iot-reply-deadline",
                        (request, scope, chain) -> {
                            if (scope.clientContext.getAttribute(DEADLINE) instanceof ReplyDeadline deadline) {
                                deadline.start();
                            }
                            return chain.proceed(request, scope);
                        })
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("camel-aliyun-iot");
        if (settings.configurer() != null) {
            settings.configurer().accept(builder);
        }
        return builder.build();
    }

    public URI baseUri() {
        return baseUri;
    }

    public HttpReply send(SignedRequest request) throws TransportFailure {
        // the parameters in the query string and no body, as the official SDKs send RPC actions
        HttpPost post = new HttpPost(URI.create(target + "?" + request.query()));
        request.headers().forEach(post::setHeader);
        if (!request.formBody().isEmpty()) {
            post.setEntity(new StringEntity(request.formBody(), FORM));
        }
        ReplyDeadline deadline = new ReplyDeadline(post, timer, responseTimeoutMillis);
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(DEADLINE, deadline);
        try {
            return client.execute(post, context, response -> {
                Header requestId = response.getFirstHeader("x-acs-request-id");
                String body = readBody(response.getEntity());
                return new HttpReply(response.getCode(), body, requestId == null ? null : requestId.getValue(),
                        retryAfterMillis(response.getFirstHeader("Retry-After")));
            });
        } catch (IOException e) {
            if (deadline.expired()) {
                throw new TransportFailure(ErrorCodes.RESPONSE_TIMEOUT, true, "the reply did not arrive whole within "
                                                                              + "responseTimeout (" + deadline.millis()
                                                                              + " ms) after the request was sent",
                        e);
            }
            throw classify(e);
        } finally {
            deadline.stop();
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
