package org.camelaliyun.iot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.apache.camel.main.Main;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The YAML route of the README, as printed there, run under camel-main with a file of device names. */
class ReadmeYamlRouteTest {

    @TempDir
    Path dir;

    /** The README's YAML DSL example: the first yaml block after the "YAML DSL" line. */
    static String readmeYaml() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = Pattern.compile("YAML DSL[^\\n]*\\n+```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("a yaml block after 'YAML DSL' in README.md").isTrue();
        return block.group(1);
    }

    @Test
    void theReadmesYamlRouteInvokesEveryDeviceOfAFile() throws Exception {
        Path routes = Files.writeString(dir.resolve("readme.camel.yaml"), readmeYaml());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        List<String> names = IntStream.rangeClosed(1, 101).mapToObj(i -> String.format("lamp-%04d", i)).toList();
        CompletableFuture<InvokeSummary> summary = new CompletableFuture<>();

        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("readme-key", "readme-secret")
                .qps(10).build().start()) {
            Main main = new Main();
            main.configure().withRoutesIncludePattern("file:" + routes.toAbsolutePath());
            main.addInitialProperty("camel.component.aliyun-iot.accessKeyId", "readme-key");
            main.addInitialProperty("camel.component.aliyun-iot.accessKeySecret", "readme-secret");
            main.addInitialProperty("camel.component.aliyun-iot.endpoint", simulator.baseUrl());
            main.addInitialProperty("iot.productKey", "a1B2c3");
            main.addInitialProperty("fleet.inbox", inbox.toAbsolutePath().toString());
            EventNotifierSupport summaries = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeCompletedEvent done
                        && done.getExchange().getMessage().getBody() instanceof InvokeSummary result) {
                        summary.complete(result);
                    }
                }
            };
            main.start();
            try {
                summaries.start();
                main.getCamelContext().getManagementStrategy().addEventNotifier(summaries);
                // one name per line, the last without a final newline: the last group holds one line
                Files.writeString(dir.resolve("devices.tmp"), String.join("\n", names), StandardCharsets.UTF_8);
                Files.move(dir.resolve("devices.tmp"), inbox.resolve("devices.txt"));

                InvokeSummary result = summary.get(60, TimeUnit.SECONDS);

                assertThat(result.getFailures()).isEmpty();
                assertThat(result.getAccepted()).isEqualTo(101);
                assertThat(result.getBatches()).isEqualTo(2);
                assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName)
                        .containsExactlyInAnyOrderElementsOf(names);
                assertThat(simulator.invocations()).allSatisfy(i -> assertThat(i.productKey()).isEqualTo("a1B2c3"));
            } finally {
                main.stop();
            }
        }
    }
}
