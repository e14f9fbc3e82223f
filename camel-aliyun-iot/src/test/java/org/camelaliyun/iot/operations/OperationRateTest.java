package org.camelaliyun.iot.operations;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each operation has its own documented quota: a lower rate is taken, a higher one only when explicitly allowed. */
class OperationRateTest {

    CamelContext context;
    ProducerTemplate template;

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    static String uri(String operation, String options) {
        return "aliyun-iot:" + operation + "?accessKeyId=rate-key&accessKeySecret=RAW(rate-secret)"
               + "&endpoint=http://127.0.0.1:9" + options;
    }

    @ParameterizedTest
    @CsvSource({ "invokeThingsService,InvokeThingsService,10", "invokeThingService,InvokeThingService,500",
                 "batchGetDeviceState,BatchGetDeviceState,50", "getDeviceStatus,GetDeviceStatus,500",
                 "queryDeviceServiceData,QueryDeviceServiceData,50", "queryProductList,QueryProductList,50" })
    void aRateAboveTheDocumentedQuotaIsRefusedWhenTheEndpointIsCreated(String operation, String action, int documented) {
        assertThatThrownBy(() -> context.getEndpoint(uri(operation, "&rateLimitPerSecond=" + (documented + 1))))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause()
                .hasMessageContaining("rateLimitPerSecond=" + (documented + 1))
                .hasMessageContaining(action + " (" + documented + " calls/s per account)")
                .hasMessageContaining("allowRateAboveDocumented=true")
                .hasMessageNotContaining("rate-secret");

        assertThat(context.getEndpoint(uri(operation, "&rateLimitPerSecond=" + documented))).isNotNull();
        assertThat(context.getEndpoint(uri(operation, "&rateLimitPerSecond=1"))).isNotNull();
        assertThat(context.getEndpoint(uri(operation, "&rateLimitPerSecond=" + (documented * 3)
                                                      + "&allowRateAboveDocumented=true"))).isNotNull();
    }

    @Test
    void aComponentWideRateAboveAnOperationsQuotaIsRefusedForThatOperationOnly() {
        org.camelaliyun.iot.AliyunIotComponent component = context.getComponent("aliyun-iot",
                org.camelaliyun.iot.AliyunIotComponent.class);
        component.getConfiguration().setRateLimitPerSecond(100);

        assertThat(context.getEndpoint(uri("getDeviceStatus", ""))).isNotNull();
        assertThatThrownBy(() -> context.getEndpoint(uri("queryProductList", ""))).rootCause()
                .hasMessageContaining("QueryProductList (50 calls/s per account)");
    }

    @Test
    void aLowerRateIsTheOneCallsKeepTo() throws Exception {
        // the simulator's GetDeviceStatus quota lowered to 20/s, a sliding window: the documented 500 would overrun it
        // a key of its own: a quota is JVM-wide per key and operation, and the first endpoint started sets its rate
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("lower-rate-key", "rate-secret")
                .apiQps("GetDeviceStatus", 20).build().start()) {
            String uri = "aliyun-iot:getDeviceStatus?accessKeyId=lower-rate-key&accessKeySecret=RAW(rate-secret)"
                         + "&productKey=a1P&maxRetries=0&rateLimitPerSecond=20&endpoint=" + simulator.baseUrl();
            List<CompletableFuture<Exchange>> calls = IntStream.range(0, 50)
                    .mapToObj(i -> template.asyncSend(uri,
                            e -> e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAME, "lamp-" + i)))
                    .toList();
            for (CompletableFuture<Exchange> call : calls) {
                assertThat(call.get().getException()).isNull();
            }
            assertThat(simulator.rejections()).as("no call throttled at 20/s").isEmpty();
            assertThat(simulator.requests()).hasSize(50);
        }
    }
}
