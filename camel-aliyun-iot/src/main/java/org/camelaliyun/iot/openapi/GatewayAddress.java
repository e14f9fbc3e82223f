package org.camelaliyun.iot.openapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Where the OpenAPI gateway is: the regional HTTPS endpoint, or the {@code endpoint} override. */
public final class GatewayAddress {

    /** Regions with an IoT Platform OpenAPI endpoint (public and enterprise instances). */
    static final List<String> REGIONS = List.of(
            "cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1", "ap-northeast-1",
            "us-west-1", "us-east-1", "eu-central-1");

    private GatewayAddress() {
    }

    /** Resolves and checks the base URI; fails with a message naming the fix. */
    public static URI resolve(String endpoint, String regionId) {
        if (endpoint == null || endpoint.isBlank()) {
            if (regionId == null || !REGIONS.contains(regionId)) {
                throw new IllegalArgumentException("Unknown regionId '" + regionId + "': use one of " + REGIONS
                                                   + ", or set the endpoint option to the gateway's URL");
            }
            return URI.create("https://iot." + regionId + ".aliyuncs.com");
        }
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw notHttpUrl(endpoint);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw notHttpUrl(endpoint);
        }
        // the request would carry neither (the HTTP client refuses user-info when it sends), so every call would
        // fail after the fact as if it had been sent
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The endpoint option must not hold user-info (user:password@): "
                                               + "the gateway authenticates by signature, with accessKeyId and "
                                               + "accessKeySecret; remove it from " + scheme + "://" + uri.getHost()
                                               + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("The endpoint option must not hold a fragment ('#"
                                               + uri.getRawFragment() + "'): use a base URL such as "
                                               + "https://iot.cn-shanghai.aliyuncs.com, but was '" + endpoint + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("The endpoint option must be a base URL without path or query, e.g. "
                                               + "https://iot.cn-shanghai.aliyuncs.com, but was '" + endpoint + "'");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    /** The Host header as the HTTP client writes it: host, plus the port when it is not the scheme's default. */
    public static String hostHeader(URI base) {
        int port = base.getPort();
        boolean defaultPort = port == -1 || "https".equals(base.getScheme()) && port == 443
                || "http".equals(base.getScheme()) && port == 80;
        return defaultPort ? base.getHost() : base.getHost() + ":" + port;
    }

    private static IllegalArgumentException notHttpUrl(String endpoint) {
        return new IllegalArgumentException("The endpoint option must be an http(s) URL such as "
                                            + "https://iot.cn-shanghai.aliyuncs.com or http://127.0.0.1:8085, but was '"
                                            + endpoint + "'");
    }
}
