package org.camelaliyun.iot;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An {@code endpoint} URL that no request could be sent to as written is refused when the endpoint is created, with
 * the fix in the message, instead of failing every call later as if it had been sent.
 */
class EndpointAddressTest {

    CamelContext context;

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    Throwable create(String endpointUrl) {
        return catchThrowable(() -> context.getEndpoint("aliyun-iot:invokeThingsService?productKey=pk1"
                                                        + "&identifier=TimeReset&accessKeyId=k&accessKeySecret=RAW(s)"
                                                        + "&endpoint=RAW(" + endpointUrl + ")"));
    }

    static String messages(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }

    @Test
    void userInfoIsRefusedAtCreationWithoutEchoingThePassword() {
        Throwable thrown = create("http://user:pw-Secret-42@127.0.0.1:8085");

        assertThat(thrown).as("refused at creation").isNotNull();
        assertThat(messages(thrown)).contains("must not hold user-info", "accessKeySecret", "http://127.0.0.1:8085")
                .doesNotContain("pw-Secret-42");
    }

    @Test
    void aFragmentIsRefusedAtCreation() {
        for (String url : List.of("http://127.0.0.1:8085#part", "http://127.0.0.1:8085/#")) {
            Throwable thrown = create(url);

            assertThat(thrown).as(url).isNotNull();
            assertThat(messages(thrown)).as(url).contains("must not hold a fragment");
        }
    }

    @Test
    void aPlainBaseUrlIsAccepted() {
        assertThat(create("http://127.0.0.1:8085/")).isNull();
    }
}
