package org.camelaliyun.iot.observability.micrometer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.camelaliyun.iot.observability.CallMeters;
import org.camelaliyun.iot.observability.CallStats;

/**
 * The meters of one account and action. Names (dots; a Prometheus registry shows {@code aliyun_iot_calls_total}):
 * <ul>
 * <li>{@code aliyun.iot.calls} — attempts ended, by {@code code} ({@code Success}, a gateway or platform code, or
 * one of the component's own such as {@code ConnectionFailed});</li>
 * <li>{@code aliyun.iot.quota.wait} — time from an attempt's start to its sending;</li>
 * <li>{@code aliyun.iot.calls.waiting}, {@code aliyun.iot.calls.in.flight} — gauges;</li>
 * <li>{@code aliyun.iot.retries} — retries, by the {@code code} that caused them;</li>
 * <li>{@code aliyun.iot.devices} — devices of ended calls, by {@code outcome}: accepted, failed, outcome_unknown.</li>
 * </ul>
 * Every meter is tagged {@code account} and {@code action}.
 */
final class AccountMeters implements CallMeters {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Counter> devices = new ConcurrentHashMap<>();
    private final Timer quotaWait;

    AccountMeters(MeterRegistry registry, String account, String action, CallStats stats) {
        this.registry = registry;
        this.tags = Tags.of("account", account, "action", action);
        this.quotaWait = keep(Timer.builder("aliyun.iot.quota.wait")
                .description("Time an OpenAPI call waited for the account's quota before it was sent")
                .tags(tags).register(registry));
        keep(Gauge.builder("aliyun.iot.calls.waiting", stats, CallStats::waiting)
                .description("OpenAPI calls waiting for the account's quota").tags(tags).register(registry));
        keep(Gauge.builder("aliyun.iot.calls.in.flight", stats, CallStats::inFlight)
                .description("OpenAPI calls sent and not yet answered").tags(tags).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    private Counter counter(Map<String, Counter> cache, String name, String description, String tag, String value) {
        return cache.computeIfAbsent(value, v -> keep(Counter.builder(name).description(description).tags(tags)
                .tag(tag, v).register(registry)));
    }

    @Override
    public void answered(String code) {
        counter(calls, "aliyun.iot.calls", "OpenAPI call attempts by the code they ended with", "code", code).increment();
    }

    @Override
    public void waitedForQuota(long nanos) {
        quotaWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void retried(String code) {
        counter(retries, "aliyun.iot.retries", "OpenAPI call retries by the code that caused them", "code", code)
                .increment();
    }

    @Override
    public void devices(String outcome, int count) {
        counter(devices, "aliyun.iot.devices", "Devices of ended OpenAPI calls by outcome", "outcome", outcome)
                .increment(count);
    }

    @Override
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
