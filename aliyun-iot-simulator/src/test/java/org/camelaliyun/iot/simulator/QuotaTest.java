package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-AccessKeyId sliding-window quota. */
class QuotaTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account("first", "s1").account("second", "s2"));

    private static List<HttpResponse<String>> burst(List<HttpRequest> requests) {
        // signed up front so all of them reach the server well within one second
        List<CompletableFuture<HttpResponse<String>>> futures = requests.stream()
                .map(r -> Http.CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString())).toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void burstOfTwentyFiveGetsExactlyTenThrough() {
        List<HttpRequest> requests = IntStream.range(0, 25)
                .mapToObj(i -> V1Request.of("first", "s1").build(sim.simulator())).toList();
        List<HttpResponse<String>> responses = burst(requests);

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(10);
        assertThat(responses).filteredOn(r -> r.statusCode() == 400)
                .allSatisfy(r -> assertThat(Http.json(r).path("Code").asText()).isEqualTo("Throttling.User"))
                .allSatisfy(r -> assertThat(Http.json(r).path("Message").asText())
                        .isEqualTo("Request was denied due to user flow control."))
                .hasSize(15);
        SimulatorSummary summary = sim.simulator().summary();
        assertThat(summary.count("Success")).isEqualTo(10);
        assertThat(summary.count("Throttling.User")).isEqualTo(15);
        assertThat(summary.maxAcceptedInAnySecond()).containsEntry("first", 10);
        assertThat(sim.simulator().invocations()).hasSize(10);
    }

    @Test
    void secondKeyIsNotAffectedByTheFirstKeysQuota() {
        List<HttpRequest> first = IntStream.range(0, 15)
                .mapToObj(i -> V1Request.of("first", "s1").build(sim.simulator())).toList();
        assertThat(burst(first)).filteredOn(r -> r.statusCode() == 200).hasSize(10);

        List<HttpRequest> second = IntStream.range(0, 5)
                .mapToObj(i -> V1Request.of("second", "s2").build(sim.simulator())).toList();
        assertThat(burst(second)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(sim.simulator().summary().maxAcceptedInAnySecond()).containsEntry("first", 10).containsEntry("second", 5);
    }

    @Test
    void theWindowSlides() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        QuotaWindow window = new QuotaWindow(2, nanos::get);
        assertThat(window.tryAdmit("k")).isTrue();           // t = 0
        nanos.addAndGet(600_000_000L);
        assertThat(window.tryAdmit("k")).isTrue();           // t = 600 ms
        nanos.addAndGet(399_000_000L);
        assertThat(window.tryAdmit("k")).isFalse();          // t = 999 ms: both still in (t-1000, t]
        nanos.addAndGet(1_000_000L);
        assertThat(window.tryAdmit("k")).isTrue();           // t = 1000 ms: the one at 0 left the window
        assertThat(window.tryAdmit("k")).isFalse();          // 600 and 1000 are in
        assertThat(window.maxAdmittedInAnyWindow()).containsEntry("k", 2);
    }

    @Test
    void unlimitedStillMeasures() {
        AtomicLong nanos = new AtomicLong();
        QuotaWindow window = new QuotaWindow(0, nanos::get);
        for (int i = 0; i < 30; i++) {
            nanos.addAndGet(50_000_000L); // 20 per second
            assertThat(window.tryAdmit("k")).isTrue();
        }
        assertThat(window.maxAdmittedInAnyWindow()).containsEntry("k", 20);
    }

    @Test
    void refusedRequestsDoNotConsumeQuota() {
        AtomicLong nanos = new AtomicLong();
        QuotaWindow window = new QuotaWindow(1, nanos::get);
        assertThat(window.tryAdmit("k")).isTrue();
        for (int i = 0; i < 5; i++) {
            nanos.addAndGet(100_000_000L);
            assertThat(window.tryAdmit("k")).isFalse();
        }
        nanos.addAndGet(500_000_000L); // t = 1000 ms after the only admission
        assertThat(window.tryAdmit("k")).isTrue();
    }
}
