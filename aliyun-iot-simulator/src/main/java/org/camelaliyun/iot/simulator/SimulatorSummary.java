package org.camelaliyun.iot.simulator;

import java.util.Map;

/**
 * Counts since the last reset.
 *
 * @param countsByCode           {@code "Success"} for every executed call, plus one entry per rejection code
 * @param accepted               executed calls (the size of {@code acceptedCalls()})
 * @param rejected               refused requests (the size of {@code rejections()})
 * @param invocations            device invocations (the size of {@code invocations()})
 * @param maxAcceptedInAnySecond per AccessKeyId, the highest number of InvokeThingsService requests the quota
 *                               admitted within any sliding 1,000 ms window: what a client's own rate limiter achieved
 * @param deviceRepliesByCode    device answers by reply code (200, 9201, …)
 */
public record SimulatorSummary(Map<String, Integer> countsByCode, int accepted, int rejected, int invocations,
        Map<String, Integer> maxAcceptedInAnySecond, Map<Integer, Integer> deviceRepliesByCode) {

    public SimulatorSummary {
        countsByCode = Map.copyOf(countsByCode);
        maxAcceptedInAnySecond = Map.copyOf(maxAcceptedInAnySecond);
        deviceRepliesByCode = Map.copyOf(deviceRepliesByCode);
    }

    /** How many device answers had this code (0 if none). */
    public int replies(int code) {
        return deviceRepliesByCode.getOrDefault(code, 0);
    }

    /** How many requests ended with this code (0 if none). */
    public int count(String code) {
        return countsByCode.getOrDefault(code, 0);
    }
}
