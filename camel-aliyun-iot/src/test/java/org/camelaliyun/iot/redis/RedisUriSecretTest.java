package org.camelaliyun.iot.redis;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.URISupport;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A password in redisUri is a secret like accessKeySecret: masked wherever Camel shows the endpoint. */
class RedisUriSecretTest {

    static final String PASSWORD = "hunter2-redis-password";

    @Test
    void thePasswordInRedisUriIsMaskedInTheEndpointAndItsLogs() throws Exception {
        try (TestRedis redis = new TestRedis();
             AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("secret-key", "secret-secret")
                     .qps(0).build().start();
             CamelContext context = new DefaultCamelContext()) {
            context.start();
            // this redis-server has no password, so it refuses the AUTH and local-share carries the call: what matters
            // here is where the password in the URI shows
            String uri = "aliyun-iot:invokeThingsService?productKey=a1Fleet&identifier=TimeReset&endpoint="
                         + simulator.baseUrl() + "&accessKeyId=secret-key&accessKeySecret=RAW(secret-secret)"
                         + "&quotaStore=redis&quotaFallback=local-share&redisUri=RAW(redis://:" + PASSWORD + "@"
                         + redis.uri().substring("redis://".length()) + ")";
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:invoke").to(uri);
                }
            });
            context.createProducerTemplate().requestBody("direct:invoke", List.of("device-1"));
            Endpoint endpoint = context.getEndpoints().stream().filter(e -> e.getEndpointUri().startsWith("aliyun-iot"))
                    .findFirst().orElseThrow();

            String shown = endpoint.toString() + " " + URISupport.sanitizeUri(endpoint.getEndpointUri()) + " "
                           + context.getRoutes().toString();
            System.out.println("[redis-secret] shown: " + shown);
            assertThat(shown).doesNotContain(PASSWORD);
            assertThat(context.getCamelContextExtension().getAdditionalSensitiveKeywords()).contains("redisUri");
        }
    }
}
