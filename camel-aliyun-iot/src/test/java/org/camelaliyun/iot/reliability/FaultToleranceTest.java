package org.camelaliyun.iot.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.fleet.BatchFailure;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.camelaliyun.iot.simulator.Rejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault test (R2): 10,000 devices through the documented route ({@code split(collate(100))} with the
 * summary strategy) while the simulator injects 503s, SystemException, a throttling burst, connections dropped before
 * and after execution, and replies slower than the response timeout. Every device must end up in the summary as
 * accepted or failed with a reason; no device may be invoked twice (nothing the gateway refused before executing is
 * ever doubled by a retry, and outcome-unknown calls are not retried by default); every device whose call executed
 * without the client seeing the reply must be flagged outcome unknown.
 * <p>
 * The assertions are invariants checked against the simulator's records, not a replay of the fault schedule, so an
 * extra real {@code Throttling.User} (see {@code AccountQuotaTest}) would be retried and tolerated, not miscounted.
 */
class FaultToleranceTest {

    static final String KEY = "reliability-fault-r2";
    static final Set<String> OUTCOME_UNKNOWN_CODES = Set.of(ErrorCodes.CONNECTION_CLOSED, ErrorCodes.RESPONSE_TIMEOUT);

    @Test
    void tenThousandDevicesThroughEveryKindOfFaultAreEachAccountedForOnceAndNeverInvokedTwice() throws Exception {
        List<String> deviceNames = Reliability.devices("r2", 10_000);
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, Reliability.SECRET).qps(50)
                .build().start()) {
            simulator.faults()
                    .script(Fault.throttling(), Fault.throttling(), Fault.throttling())
                    .everyNth(7, Fault.serviceUnavailable())
                    .everyNth(11, Fault.systemException())
                    .everyNth(13, Fault.dropBeforeReply())
                    .everyNth(17, Fault.dropAfterRecord())
                    .everyNth(19, Fault.delay(Duration.ofMillis(800)));
            CamelContext context = Reliability.start(new RouteBuilder() {
                @Override
                public void configure() {
                    // the failed batches are in the summary; Camel's log of each one would only be noise here
                    errorHandler(defaultErrorHandler().logExhausted(false));
                    from("direct:invoke")
                            .split(simple("${collate(100)}")).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                                .to(Reliability.uri(simulator, KEY, "&rateLimitPerSecond=50&allowRateAboveDocumented=true&retryBaseDelay=20"
                                                                    + "&retryMaxDelay=200&responseTimeout=500"))
                            .end();
                }
            });
            InvokeSummary summary;
            long start = System.nanoTime();
            try {
                summary = context.createProducerTemplate().requestBody("direct:invoke", deviceNames, InvokeSummary.class);
            } finally {
                context.stop();
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[R2] " + elapsedMillis + " ms; simulator " + simulator.summary().countsByCode()
                               + System.lineSeparator() + summary);

            verify(summary, deviceNames, simulator);
        }
    }

    private static void verify(InvokeSummary summary, List<String> deviceNames, AliyunIotSimulator simulator) {
        Map<String, AcceptedCall> executed = simulator.acceptedCalls().stream()
                .collect(Collectors.toMap(AcceptedCall::requestId, Function.identity()));
        List<Rejection> rejections = simulator.rejections();

        // 1. every device is accepted or failed, exactly once
        assertThat(summary.getDevices()).isEqualTo(10_000);
        assertThat(summary.getAccepted() + summary.getFailed()).isEqualTo(10_000);
        assertThat(summary.getBatches()).isEqualTo(100);
        List<String> acceptedNames = new ArrayList<>();
        for (String requestId : summary.getRequestIds()) {
            assertThat(executed).as("accepted RequestId %s executed by the gateway", requestId).containsKey(requestId);
            acceptedNames.addAll(executed.get(requestId).deviceNames());
        }
        List<String> failedNames = summary.getFailures().stream().flatMap(f -> f.deviceNames().stream()).toList();
        assertThat(acceptedNames).hasSize((int) summary.getAccepted());
        List<String> everyone = new ArrayList<>(acceptedNames);
        everyone.addAll(failedNames);
        assertThat(everyone).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(deviceNames);

        // 2. every failure has a reason; refusals before execution were all retried away
        assertThat(summary.getFailures()).allSatisfy(f -> {
            assertThat(f.code()).isNotBlank();
            assertThat(f.errorMessage()).isNotBlank();
            assertThat(f.deviceNames()).hasSize(100);
        });
        assertThat(summary.getFailures()).extracting(BatchFailure::code).allMatch(
                code -> code.equals("iot.system.SystemException") || OUTCOME_UNKNOWN_CODES.contains(code));

        // 3. no device invoked twice, whatever happened to its first attempt
        List<String> invoked = simulator.invocations().stream().map(RecordedInvocation::deviceName).toList();
        assertThat(invoked).doesNotHaveDuplicates();

        // 4. executed but the client saw no reply: exactly the outcome-unknown failures that reached execution
        Set<String> acceptedSet = new HashSet<>(acceptedNames);
        Set<String> executedNotAccepted = invoked.stream().filter(name -> !acceptedSet.contains(name))
                .collect(Collectors.toSet());
        Set<String> unknownNames = summary.getFailures().stream().filter(BatchFailure::outcomeUnknown)
                .flatMap(f -> f.deviceNames().stream()).collect(Collectors.toSet());
        assertThat(unknownNames).containsAll(executedNotAccepted);
        assertThat(summary.getOutcomeUnknown()).isEqualTo(unknownNames.size());
        // a SystemException may come after execution (here it never does, but nothing on the wire says so)
        assertThat(summary.getFailures()).allSatisfy(f -> assertThat(f.outcomeUnknown())
                .as("outcome unknown flag of %s", f).isEqualTo(OUTCOME_UNKNOWN_CODES.contains(f.code())
                                                               || f.code().equals("iot.system.SystemException")));

        List<BatchFailure> timeouts = failures(summary, ErrorCodes.RESPONSE_TIMEOUT);
        List<BatchFailure> dropped = failures(summary, ErrorCodes.CONNECTION_CLOSED);
        List<BatchFailure> droppedAfterExecution = dropped.stream()
                .filter(f -> executedNotAccepted.containsAll(f.deviceNames())).toList();
        List<BatchFailure> droppedBeforeExecution = dropped.stream()
                .filter(f -> f.deviceNames().stream().noneMatch(executedNotAccepted::contains)).toList();
        assertThat(droppedAfterExecution.size() + droppedBeforeExecution.size()).as("each drop is one or the other")
                .isEqualTo(dropped.size());
        // a slow reply is executed by the gateway before the client gives up
        assertThat(timeouts).allSatisfy(f -> assertThat(executedNotAccepted).containsAll(f.deviceNames()));
        long executedUnacceptedCalls = executed.keySet().stream()
                .filter(id -> !new HashSet<>(summary.getRequestIds()).contains(id)).count();
        assertThat(executedUnacceptedCalls).isEqualTo(timeouts.size() + droppedAfterExecution.size());
        assertThat(executedNotAccepted).hasSize(100 * (timeouts.size() + droppedAfterExecution.size()));
        assertThat(droppedBeforeExecution).hasSize(count(rejections, "Fault.DropBeforeReply"));

        // 5. SystemExceptions: failed with their code and the gateway's RequestId, outcome unknown, never retried
        List<BatchFailure> systemExceptions = failures(summary, "iot.system.SystemException");
        Set<String> systemExceptionIds = rejections.stream().filter(r -> r.code().equals("iot.system.SystemException"))
                .map(Rejection::requestId).collect(Collectors.toSet());
        assertThat(systemExceptions).hasSize(systemExceptionIds.size()).allSatisfy(f -> {
            assertThat(f.requestId()).isNotBlank().isIn(systemExceptionIds);
            assertThat(f.httpStatus()).isEqualTo(200);
            assertThat(f.outcomeUnknown()).isTrue();
            assertThat(invoked).doesNotContainAnyElementsOf(f.deviceNames());
        });

        // 6. each retry answers one refusal before execution (503 or throttling), and nothing else was retried
        long refusedBeforeExecution = rejections.stream()
                .filter(r -> r.code().equals("ServiceUnavailable") || r.code().startsWith("Throttling")).count();
        assertThat(summary.getRetries()).isEqualTo(refusedBeforeExecution);

        // 7. the mix really happened
        assertThat(count(rejections, "ServiceUnavailable")).isGreaterThanOrEqualTo(10);
        assertThat(count(rejections, "Throttling.User")).isGreaterThanOrEqualTo(3);
        assertThat(systemExceptions).hasSizeGreaterThanOrEqualTo(5);
        assertThat(droppedBeforeExecution).hasSizeGreaterThanOrEqualTo(3);
        assertThat(droppedAfterExecution).hasSizeGreaterThanOrEqualTo(3);
        assertThat(timeouts).hasSizeGreaterThanOrEqualTo(3);
        System.out.printf("[R2] %d accepted, %d failed: %d SystemException, %d timeouts, %d drops after execution, "
                          + "%d drops before execution; %d retries; %d devices executed but unconfirmed%n",
                summary.getAccepted(), summary.getFailed(), systemExceptions.size(), timeouts.size(),
                droppedAfterExecution.size(), droppedBeforeExecution.size(), summary.getRetries(),
                executedNotAccepted.size());
    }

    private static List<BatchFailure> failures(InvokeSummary summary, String code) {
        return summary.getFailures().stream().filter(f -> code.equals(f.code())).toList();
    }

    private static int count(List<Rejection> rejections, String code) {
        return (int) rejections.stream().filter(r -> code.equals(r.code())).count();
    }
}
