package org.camelaliyun.iot.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Component;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.observability.AliyunIotStatistics;
import org.camelaliyun.iot.observability.CallStats;
import org.camelaliyun.iot.observability.RecentFailure;

/**
 * The {@code aliyun-iot} dev console: per account and API action the quota's rate and the rate really sent, calls
 * waiting and in flight, totals, and the last failed calls by code and RequestId. Shows what the component's
 * statistics hold and nothing else: accounts appear masked as the endpoints name them, and no message, parameter or
 * credential is kept there. Sections other parts of the component add (per-device outcomes, subscription state) follow.
 */
@DevConsole(name = "aliyun-iot", displayName = "Alibaba Cloud IoT", description = "Alibaba Cloud IoT Platform calls")
public class AliyunIotDevConsole extends AbstractDevConsole {

    public AliyunIotDevConsole() {
        super("camel", "aliyun-iot", "Alibaba Cloud IoT", "Alibaba Cloud IoT Platform calls");
    }

    private AliyunIotStatistics statistics() {
        Component component = getCamelContext().hasComponent("aliyun-iot");
        return component instanceof AliyunIotComponent aliyun ? aliyun.getStatistics() : null;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        AliyunIotStatistics statistics = statistics();
        if (statistics == null) {
            return "No aliyun-iot component in this context";
        }
        StringBuilder out = new StringBuilder();
        for (CallStats stats : statistics.all()) {
            CallStats.Snapshot s = stats.snapshot();
            out.append(String.format(Locale.ROOT, "%nAccount: %s  API: %s%n", s.account(), s.action()));
            out.append(String.format(Locale.ROOT, "    Rate: %s configured, %.1f/s sent (last 10 s)%n",
                    s.configuredRate() > 0 ? s.configuredRate() + "/s" : "unlimited", s.effectiveRate()));
            out.append(String.format(Locale.ROOT, "    Now: %d waiting for quota, %d in flight, %d backing off%n",
                    s.waiting(), s.inFlight(), s.backingOff()));
            out.append(String.format(Locale.ROOT,
                    "    Calls: %d started, %d accepted, %d failed (%d outcome unknown), %d throttled, %d retried%n",
                    s.calls(), s.accepted(), s.failed(), s.outcomeUnknown(), s.throttled(), s.retried()));
            out.append(String.format(Locale.ROOT, "    Devices: %d accepted, %d failed (%d outcome unknown)%n",
                    s.devicesAccepted(), s.devicesFailed(), s.devicesOutcomeUnknown()));
            out.append(String.format(Locale.ROOT, "    Quota wait: %d ms in total%n", s.quotaWaitMillis()));
            if (!s.recentFailures().isEmpty()) {
                out.append(String.format(Locale.ROOT, "    Last %d failures:%n", s.recentFailures().size()));
                for (RecentFailure f : s.recentFailures()) {
                    out.append(String.format(Locale.ROOT, "        %s  %s  RequestId=%s  HTTP %s  %d device(s)%s%n",
                            f.time(), f.code(), f.requestId() == null ? "none" : f.requestId(),
                            f.httpStatus() == 0 ? "none" : String.valueOf(f.httpStatus()), f.devices(),
                            f.outcomeUnknown() ? "  OUTCOME UNKNOWN" : ""));
                }
            }
        }
        statistics.sections().forEach((name, section) -> {
            out.append(String.format(Locale.ROOT, "%n%s:%n", name));
            section.forEach((key, value) -> out.append(String.format(Locale.ROOT, "    %s: %s%n", key, value)));
        });
        return out.length() == 0 ? "No aliyun-iot calls yet" : out.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        AliyunIotStatistics statistics = statistics();
        if (statistics == null) {
            return root;
        }
        List<JsonObject> apis = new ArrayList<>();
        for (CallStats stats : statistics.all()) {
            apis.add(toJson(stats.snapshot()));
        }
        root.put("apis", new JsonArray(apis));
        statistics.sections().forEach((name, section) -> root.put(name, new JsonObject(section)));
        return root;
    }

    private static JsonObject toJson(CallStats.Snapshot s) {
        JsonObject api = new JsonObject();
        api.put("account", s.account());
        api.put("action", s.action());
        api.put("configuredRate", s.configuredRate());
        api.put("effectiveRate", s.effectiveRate());
        api.put("waiting", s.waiting());
        api.put("inFlight", s.inFlight());
        api.put("backingOff", s.backingOff());
        api.put("calls", s.calls());
        api.put("accepted", s.accepted());
        api.put("failed", s.failed());
        api.put("throttled", s.throttled());
        api.put("retried", s.retried());
        api.put("outcomeUnknown", s.outcomeUnknown());
        api.put("devicesAccepted", s.devicesAccepted());
        api.put("devicesFailed", s.devicesFailed());
        api.put("devicesOutcomeUnknown", s.devicesOutcomeUnknown());
        api.put("quotaWaitMillis", s.quotaWaitMillis());
        List<JsonObject> failures = new ArrayList<>();
        for (RecentFailure f : s.recentFailures()) {
            JsonObject failure = new JsonObject();
            failure.put("time", f.time().toString());
            failure.put("code", f.code());
            failure.put("requestId", f.requestId());
            failure.put("httpStatus", f.httpStatus());
            failure.put("attempts", f.attempts());
            failure.put("devices", f.devices());
            failure.put("outcomeUnknown", f.outcomeUnknown());
            failures.add(failure);
        }
        api.put("lastFailures", new JsonArray(failures));
        return api;
    }
}
