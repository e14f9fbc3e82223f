package org.camelaliyun.iot.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The producer health check of one aliyun-iot endpoint ({@code producer:aliyun-iot-<endpoint id>}): DOWN when the
 * endpoint cannot call the platform at all, with the code and RequestId in its details (see {@link ProductListProbe}).
 * Never a readiness check of the devices: they answer asynchronously and are not asked.
 */
public final class AliyunIotProducerHealthCheck extends AbstractHealthCheck {

    public static final String CODE = "aliyun.iot.code";
    public static final String REQUEST_ID = "aliyun.iot.requestId";
    public static final String CHECKED_AT = "aliyun.iot.checkedAt";
    public static final String CACHED = "aliyun.iot.cached";

    private final ProductListProbe probe;

    public AliyunIotProducerHealthCheck(String endpointId, ProductListProbe probe) {
        super("camel", "producer:aliyun-iot-" + endpointId);
        this.probe = probe;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean cached = probe.fresh();
        ProductListProbe.Result result = probe.check();
        builder.detail(CACHED, cached);
        builder.detail(CHECKED_AT, result.checkedAt().toString());
        if (result.code() != null) {
            builder.detail(CODE, result.code());
            builder.detail(SERVICE_ERROR_CODE, result.code());
        }
        if (result.requestId() != null) {
            builder.detail(REQUEST_ID, result.requestId());
        }
        if (result.httpStatus() != 0) {
            builder.detail(SERVICE_STATUS_CODE, result.httpStatus());
        }
        if (result.message() != null) {
            builder.message(result.message());
        }
        if (result.up()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
