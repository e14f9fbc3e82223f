package org.camelaliyun.iot;

import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the real IoT Platform. Runs only when credentials and a test product are in the environment
 * ({@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET}, {@code ALIYUN_IOT_PRODUCT_KEY},
 * {@code ALIYUN_IOT_DEVICE_NAMES}, optionally {@code ALIYUN_IOT_REGION}, {@code ALIYUN_IOT_INSTANCE_ID},
 * {@code ALIYUN_IOT_IDENTIFIER}); skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = "ALIBABA_CLOUD_ACCESS_KEY_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "ALIYUN_IOT_PRODUCT_KEY", matches = ".+")
class RealCloudTest {

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Test
    void invokesAServiceOnRealDevicesWithV1AndV3() throws Exception {
        List<String> devices = Arrays.stream(env("ALIYUN_IOT_DEVICE_NAMES", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        String uri = "aliyun-iot:invokeThingsService?useDefaultCredentialsProvider=true&regionId="
                     + env("ALIYUN_IOT_REGION", "cn-shanghai") + "&productKey=" + env("ALIYUN_IOT_PRODUCT_KEY", "")
                     + "&identifier=" + env("ALIYUN_IOT_IDENTIFIER", "TimeReset")
                     + (System.getenv("ALIYUN_IOT_INSTANCE_ID") != null ? "&iotInstanceId=" + System.getenv("ALIYUN_IOT_INSTANCE_ID") : "");
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            for (String version : List.of("v1", "v3")) {
                Exchange out = context.createProducerTemplate().request(uri + "&signatureVersion=" + version,
                        e -> e.getMessage().setBody(devices));

                assertThat(out.getException()).as(version).isNull();
                InvokeThingsServiceResult result = out.getMessage().getBody(InvokeThingsServiceResult.class);
                assertThat(result.isSuccess()).isTrue();
                assertThat(result.getRequestId()).isNotBlank();
            }
        }
    }
}
