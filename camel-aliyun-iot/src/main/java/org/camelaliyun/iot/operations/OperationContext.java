package org.camelaliyun.iot.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.outcomes.ReplyTracker;

/**
 * What an operation may use while it runs: the endpoint's options, the component's JSON mapper, the endpoint's
 * caller (with its quota) for operations that send more than one call per exchange such as a paged read, and the
 * fleet bookkeeping of InvokeThingsService batches, and with awaitReplies the tracker of the devices' replies
 * (else null).
 */
public record OperationContext(AliyunIotConfiguration configuration, ObjectMapper mapper, OpenApiCaller caller,
        FleetBatches batches, ReplyTracker replies) {
}
