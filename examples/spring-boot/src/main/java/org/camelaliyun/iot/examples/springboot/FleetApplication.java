package org.camelaliyun.iot.examples.springboot;

import java.io.IOException;
import java.io.InputStream;

import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;

/**
 * The fleet run on Spring Boot: the route is {@code camel/fleet.camel.yaml}, the component is configured by
 * {@code application.properties} alone (through camel-aliyun-iot-starter), and without credentials in the environment
 * {@link EmbeddedSimulator} stands in for the cloud.
 */
@SpringBootApplication
public class FleetApplication {

    public static void main(String[] args) {
        SpringApplication.run(FleetApplication.class, args);
    }

    /** Folds every batch's result and every batch's failure into one summary: the split's strategy. */
    @Bean
    InvokeSummaryAggregationStrategy fleetSummary() {
        return new InvokeSummaryAggregationStrategy();
    }

    /** The device list the route splits: classpath: or file:, one device name per line. */
    @Bean
    DeviceList deviceList(@Value("${fleet.devices-file}") Resource file) {
        return new DeviceList(file);
    }

    /** Opens the list as a stream, so the split reads it line by line in flat memory whatever its length. */
    public record DeviceList(Resource file) {

        public InputStream open() throws IOException {
            return file.getInputStream();
        }
    }
}
