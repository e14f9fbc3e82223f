package org.camelaliyun.iot;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our requests on the wire next to the official SDKs' for the same InvokeThingsService call, captured by one loopback
 * server: the classic SDK (signature V1) against ours with {@code signatureVersion=v1}, the Tea SDK (V3) against ours
 * with {@code signatureVersion=v3}. Compared: method, path, which parameters travel in the query string and which in
 * the body, the body itself, its content type, the {@code x-acs-*} headers and the signed header list.
 */
class WireFormatAgainstOfficialSdksTest {

    static final String KEY = "wire-key";
    static final String SECRET = "wire-secret";
    static final String PRODUCT = "a1WireProduct";
    static final String IDENTIFIER = "testFb:testService";
    static final String ARGS = "{\"mode\":\"eco mode*~\",\"level\":2.0,\"label\":\"温度 😀\"}";
    static final String INSTANCE = "iot-wire-instance";
    static final List<String> DEVICES = List.of("dev-1", "dev:2", "dev.3");

    /** One request as the server read it. */
    record Captured(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The names of the x-acs-* headers (values differ per request: nonce, date, hash). */
        TreeSet<String> acsHeaderNames() {
            TreeSet<String> names = new TreeSet<>();
            headers.keySet().stream().filter(n -> n.startsWith("x-acs-")).forEach(names::add);
            return names;
        }

        String signedHeaders() {
            Matcher m = Pattern.compile("SignedHeaders=([^,]+)").matcher(String.valueOf(header("authorization")));
            return m.find() ? m.group(1) : null;
        }

        /** The media type without parameters, null when no Content-Type was sent. */
        String mediaType() {
            String type = header("content-type");
            return type == null ? null : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        }
    }

    static HttpServer server;
    static final List<Captured> captured = new CopyOnWriteArrayList<>();
    CamelContext context;

    @BeforeAll
    static void startCaptureServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            captured.add(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    decode(exchange.getRequestURI().getRawQuery()), headers, body));
            byte[] reply = "{\"RequestId\":\"wire-request\",\"Success\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopCaptureServer() {
        server.stop(0);
    }

    @BeforeEach
    void startCamel() {
        captured.clear();
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    static String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void v1IsSentAsTheClassicSdkSendsIt() throws Exception {
        com.aliyuncs.iot.model.v20180120.InvokeThingsServiceRequest request
                = new com.aliyuncs.iot.model.v20180120.InvokeThingsServiceRequest();
        request.setSysEndpoint(hostAndPort());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setProductKey(PRODUCT);
        request.setIdentifier(IDENTIFIER);
        request.setArgs(ARGS);
        request.setDeviceNames(DEVICES);
        request.setIotInstanceId(INSTANCE);
        new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", KEY, SECRET)).getAcsResponse(request);
        Captured sdk = captured.remove(0);

        Captured ours = callOurs("v1");

        assertSameWireShape(ours, sdk);
        assertThat(sdk.query()).as("the classic SDK sends every parameter in the query string")
                .containsKeys("Action", "Signature", "SignatureNonce", "ProductKey", "Args", "DeviceName.1");
        assertThat(ours.query()).as("our parameter values")
                .containsEntry("Args", ARGS).containsEntry("Identifier", IDENTIFIER)
                .containsEntry("DeviceName.2", "dev:2").containsEntry("IotInstanceId", INSTANCE);
    }

    @Test
    void v3IsSentAsTheTeaSdkSendsIt() throws Exception {
        com.aliyun.iot20180120.Client tea = new com.aliyun.iot20180120.Client(new com.aliyun.teaopenapi.models.Config()
                .setAccessKeyId(KEY).setAccessKeySecret(SECRET).setEndpoint(hostAndPort()).setProtocol("HTTP")
                .setRegionId("cn-shanghai"));
        tea.invokeThingsService(new com.aliyun.iot20180120.models.InvokeThingsServiceRequest().setProductKey(PRODUCT)
                .setIdentifier(IDENTIFIER).setArgs(ARGS).setDeviceName(DEVICES).setIotInstanceId(INSTANCE));
        Captured sdk = captured.remove(0);

        Captured ours = callOurs("v3");

        assertSameWireShape(ours, sdk);
        assertThat(ours.signedHeaders()).as("signed headers")
                .isEqualTo(sdk.signedHeaders())
                .isEqualTo("host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version");
        assertThat(ours.acsHeaderNames()).as("x-acs-* headers").isEqualTo(sdk.acsHeaderNames());
        assertThat(ours.header("x-acs-content-sha256")).as("hash of the empty body")
                .isEqualTo(sdk.header("x-acs-content-sha256"));
        assertThat(ours.query()).as("our parameter values")
                .containsEntry("Args", ARGS).containsEntry("Identifier", IDENTIFIER)
                .containsEntry("DeviceName.2", "dev:2").containsEntry("IotInstanceId", INSTANCE);
    }

    private Captured callOurs(String signatureVersion) {
        Exchange out = context.createProducerTemplate().request("aliyun-iot:invokeThingsService?productKey=" + PRODUCT
                                                                + "&identifier=" + IDENTIFIER + "&accessKeyId=" + KEY
                                                                + "&accessKeySecret=RAW(" + SECRET + ")&iotInstanceId="
                                                                + INSTANCE + "&endpoint=http://" + hostAndPort()
                                                                + "&rateLimitPerSecond=0&signatureVersion="
                                                                + signatureVersion,
                e -> {
                    e.getMessage().setBody(DEVICES);
                    e.getMessage().setHeader(AliyunIotConstants.ARGS, ARGS);
                });
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(InvokeThingsServiceResult.class).isSuccess()).isTrue();
        assertThat(captured).hasSize(1);
        return captured.remove(0);
    }

    private static void assertSameWireShape(Captured ours, Captured sdk) {
        String both = "%nours: %s%nSDK:  %s".formatted(ours, sdk);
        assertThat(ours.method()).as("method" + both).isEqualTo(sdk.method()).isEqualTo("POST");
        assertThat(ours.path()).as("path" + both).isEqualTo(sdk.path()).isEqualTo("/");
        assertThat(ours.query().keySet()).as("parameters in the query string" + both)
                .containsExactlyInAnyOrderElementsOf(sdk.query().keySet());
        assertThat(ours.body()).as("body" + both).isEqualTo(sdk.body()).isEmpty();
        assertThat(ours.mediaType()).as("content type" + both).isEqualTo(sdk.mediaType());
    }

    private static Map<String, String> decode(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        List<String> pairs = new ArrayList<>(List.of(rawQuery.split("&")));
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
