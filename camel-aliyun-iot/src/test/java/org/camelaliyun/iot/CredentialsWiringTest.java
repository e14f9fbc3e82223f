package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.ErrorCodes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.credentials.AliyunCredentials;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the producer's credentials come from: an autowired provider bean, or Alibaba's default chain. */
class CredentialsWiringTest {

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = AliyunIotSimulator.builder().account("bean-key", "bean-secret").account("chain-key", "chain-secret")
                .stsAccount("STS.rotating", "sts-secret", "sts-token").qps(0).build().start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    Exchange send(CamelContext context, String options) {
        return context.createProducerTemplate().request("aliyun-iot:invokeThingsService?productKey=p&identifier=TimeReset"
                                                        + "&rateLimitPerSecond=0&maxRetries=0&endpoint=" + simulator.baseUrl()
                                                        + options,
                e -> e.getMessage().setBody(List.of("dev1")));
    }

    @Test
    void aProviderBeanInTheRegistryIsAutowiredAndAskedOnEveryCall() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AliyunCredentialsProvider provider = () -> {
            asked.incrementAndGet();
            return AliyunCredentials.sts("STS.rotating", "sts-secret", "sts-token", Instant.now().plusSeconds(3600));
        };
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("vaultCredentials", provider);
            context.start();

            assertThat(send(context, "").getException()).isNull();
            assertThat(send(context, "").getException()).isNull();
        }

        assertThat(asked).hasValue(2);
        assertThat(simulator.invocations()).extracting(RecordedInvocation::accessKeyId).containsOnly("STS.rotating");
    }

    @Test
    void expiredStsCredentialsFailBeforeSending() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("stale", (AliyunCredentialsProvider) () -> AliyunCredentials.sts(
                    "STS.rotating", "sts-secret", "sts-token", Instant.now().minusSeconds(5)));
            context.start();

            Exchange out = send(context, "");

            assertThat(out.getException()).isInstanceOf(AliyunIotException.class);
            AliyunIotException e = (AliyunIotException) out.getException();
            assertThat(e.getCode()).isEqualTo(ErrorCodes.CREDENTIALS_EXPIRED);
            assertThat(e.getMessage()).contains("expired at").contains("refresh them").doesNotContain("sts-secret");
        }
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    void theDefaultChainReadsAlibabasSystemProperties() throws Exception {
        System.setProperty("alibabacloud.accessKeyId", "chain-key");
        System.setProperty("alibabacloud.accessKeySecret", "chain-secret");
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();

            assertThat(send(context, "&useDefaultCredentialsProvider=true").getException()).isNull();
        } finally {
            System.clearProperty("alibabacloud.accessKeyId");
            System.clearProperty("alibabacloud.accessKeySecret");
        }
        assertThat(simulator.invocations()).extracting(RecordedInvocation::accessKeyId).containsOnly("chain-key");
    }
}
