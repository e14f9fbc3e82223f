package org.camelaliyun.iot;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The IoT Platform OpenAPI operations the producer can call; the URI path names one. */
public enum AliyunIotOperations {

    /** Calls one service on 1–100 devices of one product (asynchronous; 10 calls/s per account). */
    invokeThingsService("InvokeThingsService"),

    /** Not a call: the consumer path, {@code from("aliyun-iot:subscription?consumerGroupId=...")}. */
    subscription(null);

    private final String action;

    AliyunIotOperations(String action) {
        this.action = action;
    }

    /** The OpenAPI {@code Action} parameter. */
    public String action() {
        return action;
    }

    /** Resolves a URI path or header value, with an error that lists what is valid. */
    public static AliyunIotOperations fromName(String name) {
        for (AliyunIotOperations operation : values()) {
            if (operation.name().equals(name) || name.equals(operation.action)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown aliyun-iot operation '" + name + "': use one of "
                                           + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
                                           + ", e.g. aliyun-iot:invokeThingsService");
    }
}
