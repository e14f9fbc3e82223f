package org.camelaliyun.iot.simulator;

import java.util.Map;

/**
 * An operation the gateway executed: what to record and the fields of its success reply beside {@code RequestId}
 * and {@code Success}.
 *
 * @param call        the call as recorded in {@code acceptedCalls()}
 * @param invocation  whether it sent requests to devices (then each device is also a {@link RecordedInvocation})
 * @param fields      extra reply fields, such as {@code Data}; empty for InvokeThingsService
 */
record Executed(InvokeThingsServiceRules.Call call, boolean invocation, Map<String, Object> fields) {
}
