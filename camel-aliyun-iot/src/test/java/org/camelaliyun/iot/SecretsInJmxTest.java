package org.camelaliyun.iot;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With JMX on, no MBean name or readable attribute of a route using aliyun-iot shows a secret. */
class SecretsInJmxTest {

    static final String SECRET = "Jmx-Secret-Value-55aa";
    static final String TOKEN = "Jmx-Token-Value-66bb";

    @Test
    void noMBeanShowsTheSecretOrTheToken() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().stsAccount("STS.jmx", SECRET, TOKEN).build().start();
             CamelContext context = new DefaultCamelContext()) {
            context.setManagementName("jmx-secrets");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:jmx").routeId("jmx-route")
                            .to("aliyun-iot:invokeThingsService?accessKeyId=STS.jmx&accessKeySecret=RAW(" + SECRET
                                + ")&securityToken=RAW(" + TOKEN + ")&productKey=p&identifier=TimeReset"
                                + "&rateLimitPerSecond=0&endpoint=" + simulator.baseUrl());
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("direct:jmx", List.of("dev1"));
            assertThat(simulator.invocations()).hasSize(1);

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context=jmx-secrets,*"), null);
            List<String> shown = new ArrayList<>();
            for (ObjectName name : names) {
                shown.add(name.toString());
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    if (attribute.isReadable()) {
                        try {
                            shown.add(name + " " + attribute.getName() + "=" + server.getAttribute(name, attribute.getName()));
                        } catch (Exception | LinkageError e) {
                            // attributes that cannot be read cannot show anything either
                        }
                    }
                }
            }

            assertThat(shown).as("the endpoint MBean shows its URI, masked")
                    .anySatisfy(s -> assertThat(s).contains("EndpointUri=aliyun-iot://invokeThingsService?").contains("accessKeySecret=xxxxxx"));
            assertThat(String.join("\n", shown)).doesNotContain(SECRET).doesNotContain(TOKEN);
        }
    }
}
