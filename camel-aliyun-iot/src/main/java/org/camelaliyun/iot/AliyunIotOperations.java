package org.camelaliyun.iot;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.camelaliyun.iot.operations.BatchGetDeviceStateOperation;
import org.camelaliyun.iot.operations.GetDeviceStatusOperation;
import org.camelaliyun.iot.operations.InvokeThingServiceOperation;
import org.camelaliyun.iot.operations.InvokeThingsServiceOperation;
import org.camelaliyun.iot.operations.Operation;
import org.camelaliyun.iot.operations.QueryDeviceServiceDataOperation;
import org.camelaliyun.iot.operations.QueryProductListOperation;

/**
 * The IoT Platform OpenAPI operations the producer can call; the URI path names one. Each names its {@code Action},
 * the account quota Alibaba documents for it, and the class that runs it: adding an operation is one constant here
 * (and its class).
 */
public enum AliyunIotOperations {

    /** Calls one service on 1–100 devices of one product (asynchronous; 10 calls/s per account). */
    invokeThingsService("InvokeThingsService", 10, InvokeThingsServiceOperation::new),
    /** Calls one service on one device; the result carries the MessageId (500 calls/s per account). */
    invokeThingService("InvokeThingService", 500, InvokeThingServiceOperation::new),
    /** Reads the state of 1–50 devices of one product (50 calls/s per account). */
    batchGetDeviceState("BatchGetDeviceState", 50, BatchGetDeviceStateOperation::new),
    /** Reads the state of one device (500 calls/s per account). */
    getDeviceStatus("GetDeviceStatus", 500, GetDeviceStatusOperation::new),
    /** Reads the service calls a device received in a time range, every page of it (50 calls/s per account). */
    queryDeviceServiceData("QueryDeviceServiceData", 50, QueryDeviceServiceDataOperation::new),
    /** Reads one page of the account's products (50 calls/s per account). */
    queryProductList("QueryProductList", 50, QueryProductListOperation::new),

    /** Not a call: the consumer path, {@code from("aliyun-iot:subscription?consumerGroupId=...")}. */
    subscription(null, 0, null);

    private final String action;
    private final int documentedRate;
    private final Supplier<Operation<?>> factory;

    AliyunIotOperations(String action, int documentedRate, Supplier<Operation<?>> factory) {
        this.action = action;
        this.documentedRate = documentedRate;
        this.factory = factory;
    }

    /** The OpenAPI {@code Action} parameter. */
    public String action() {
        return action;
    }

    /** The calls per second Alibaba documents for this API, per account (all RAM users share it). */
    public int documentedRate() {
        return documentedRate;
    }

    /** A new instance of the class that reads the message, builds the call and puts the result on the exchange. */
    public Operation<?> newOperation() {
        if (factory == null) {
            throw new IllegalStateException("aliyun-iot:" + name() + " is a consumer path: use it in from(...), not to(...)");
        }
        return factory.get();
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
