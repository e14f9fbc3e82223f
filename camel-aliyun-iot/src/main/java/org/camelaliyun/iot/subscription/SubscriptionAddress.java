package org.camelaliyun.iot.subscription;

import java.net.URI;
import java.net.URISyntaxException;

/** Where the subscription connects: {@code amqps://host:5671}, from an explicit endpoint or the instance. */
public final class SubscriptionAddress {

    static final int PORT = 5671;

    private SubscriptionAddress() {
    }

    /**
     * @param amqpEndpoint  a full {@code amqps://host:port} (e.g. the simulator), or null to derive it
     * @param iotInstanceId current instances: {@code <iotInstanceId>.amqp.iothub.aliyuncs.com}
     * @param uid           old public instances: {@code <uid>.iot-amqp.<regionId>.aliyuncs.com}
     */
    public static URI resolve(String amqpEndpoint, String iotInstanceId, String uid, String regionId) {
        if (amqpEndpoint != null && !amqpEndpoint.isBlank()) {
            URI uri;
            try {
                uri = new URI(amqpEndpoint.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("amqpEndpoint '" + amqpEndpoint + "' is not a URI: use amqps://host:port", e);
            }
            if (!"amqps".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("amqpEndpoint '" + amqpEndpoint + "' must be amqps://host:port: the "
                                                   + "subscription only accepts TLS (port 5671 on Alibaba Cloud)");
            }
            if (uri.getRawQuery() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
                throw new IllegalArgumentException("amqpEndpoint '" + amqpEndpoint + "' must be only amqps://host:port, "
                                                   + "without path or query: set the other options separately");
            }
            return URI.create("amqps://" + hostPart(uri.getHost()) + ":" + (uri.getPort() > 0 ? uri.getPort() : PORT));
        }
        if (iotInstanceId != null && !iotInstanceId.isBlank()) {
            return URI.create("amqps://" + iotInstanceId.trim() + ".amqp.iothub.aliyuncs.com:" + PORT);
        }
        if (uid != null && !uid.isBlank() && regionId != null && !regionId.isBlank()) {
            return URI.create("amqps://" + uid.trim() + ".iot-amqp." + regionId.trim() + ".aliyuncs.com:" + PORT);
        }
        throw new IllegalArgumentException("No subscription address: set iotInstanceId (current instances), uid (your "
                                           + "Alibaba Cloud account ID, for old public instances) with regionId, or "
                                           + "amqpEndpoint=amqps://host:port");
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
