package org.camelaliyun.iot.outcomes;

import java.util.concurrent.CompletableFuture;

/**
 * What the platform recorded of the service calls a device received (QueryDeviceServiceData): the resolver's only
 * source of truth about a call whose own reply never came.
 */
public interface ServiceCallRecords {

    /**
     * One recorded call.
     *
     * @param timeMillis when the platform sent the request to the device (epoch ms, the platform's clock)
     * @param code       the device's recorded answer code, null when no answer is recorded
     * @param message    the answer's message, null without one
     * @param data       what the device returned, as JSON text; null without one
     */
    record RecordedCall(long timeMillis, Integer code, String message, String data) {
    }

    /**
     * The earliest recorded call of {@code identifier} to the device in [{@code fromMillis}, {@code toMillis}), or
     * null when there is none. Completes exceptionally when the records cannot be read; never blocks.
     */
    CompletableFuture<RecordedCall> earliest(String productKey, String deviceName, String identifier,
                                             String iotInstanceId, long fromMillis, long toMillis);
}
