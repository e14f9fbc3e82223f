package org.camelaliyun.iot;

import org.apache.camel.spi.Metadata;

/** The message headers of the aliyun-iot component. The header table in the docs is generated from this class. */
public final class AliyunIotConstants {

    @Metadata(label = "invokeThingsService,batchGetDeviceState",
              description = "The device names to call: text (comma-separated, or one name per line), or a "
                            + "Collection, Iterable or array of Strings. Takes precedence over the body and the "
                            + "deviceNames option.",
              javaType = "Object")
    public static final String DEVICE_NAMES = "CamelAliyunIotDeviceNames";
    @Metadata(label = "invokeThingsService,invokeThingService",
              description = "The service input: a JSON object as a String, or a Map or POJO serialized with Jackson. "
                            + "Takes precedence over the args option.",
              javaType = "Object")
    public static final String ARGS = "CamelAliyunIotArgs";
    @Metadata(label = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,consumer",
              description = "Producer: overrides the productKey option for this message. Consumer: the "
                            + "ProductKey the message's topic names.",
              javaType = "String")
    public static final String PRODUCT_KEY = "CamelAliyunIotProductKey";
    @Metadata(label = "invokeThingsService,invokeThingService,queryDeviceServiceData",
              description = "Overrides the identifier option (the service, e.g. TimeReset or testFb:testService).",
              javaType = "String")
    public static final String IDENTIFIER = "CamelAliyunIotIdentifier";
    @Metadata(label = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,queryProductList",
              description = "Overrides the iotInstanceId option for this message.",
              javaType = "String")
    public static final String IOT_INSTANCE_ID = "CamelAliyunIotInstanceId";

    @Metadata(label = "invokeThingService,getDeviceStatus,queryDeviceServiceData,consumer",
              description = "Producer: the one device to address, with the ProductKey; takes precedence over the "
                            + "deviceName option; set either this or CamelAliyunIotIotId. Consumer: the DeviceName "
                            + "the message's topic names.",
              javaType = "String")
    public static final String DEVICE_NAME = "CamelAliyunIotDeviceName";
    @Metadata(label = "invokeThingService,getDeviceStatus,queryDeviceServiceData",
              description = "The IotId of the one device to address, instead of ProductKey and DeviceName.",
              javaType = "String")
    public static final String IOT_ID = "CamelAliyunIotIotId";
    @Metadata(label = "queryDeviceServiceData",
              description = "The start of the time range, inclusive (required): epoch milliseconds, an Instant, a "
                            + "Date, or ISO-8601 text. The platform keeps the last 30 days.",
              javaType = "Object")
    public static final String START_TIME = "CamelAliyunIotStartTime";
    @Metadata(label = "queryDeviceServiceData",
              description = "The end of the time range, exclusive (required), in the same forms as the start.",
              javaType = "Object")
    public static final String END_TIME = "CamelAliyunIotEndTime";
    @Metadata(label = "queryDeviceServiceData",
              description = "Oldest first when true; overrides the asc option.", javaType = "Boolean")
    public static final String ASC = "CamelAliyunIotAsc";
    @Metadata(label = "queryDeviceServiceData,queryProductList",
              description = "Records per call (QueryDeviceServiceData 1-50, QueryProductList 1-200); overrides the "
                            + "pageSize option.",
              javaType = "Integer")
    public static final String PAGE_SIZE = "CamelAliyunIotPageSize";
    @Metadata(label = "queryProductList", description = "The page to read, from 1 (default 1).", javaType = "Integer")
    public static final String CURRENT_PAGE = "CamelAliyunIotCurrentPage";

    @Metadata(label = "invokeThingService,consumer",
              description = "invokeThingService: the MessageId of the request sent to the device (set on reply), "
                            + "which the device's answer carries as its id. Consumer: the platform's messageId of the "
                            + "subscription message; a redelivery carries the same one.",
              javaType = "String")
    public static final String MESSAGE_ID = "CamelAliyunIotMessageId";
    @Metadata(label = "getDeviceStatus",
              description = "The device's state (set on reply): ONLINE, OFFLINE, UNACTIVE or DISABLE.",
              javaType = "String")
    public static final String STATUS = "CamelAliyunIotStatus";

    @Metadata(label = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,queryProductList",
              description = "The RequestId of the call (set on reply).",
              javaType = "String")
    public static final String REQUEST_ID = "CamelAliyunIotRequestId";
    @Metadata(label = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,queryProductList",
              description = "Whether the platform accepted the call (set on reply). Accepted is not executed: the "
                            + "devices answer asynchronously.",
              javaType = "Boolean")
    public static final String SUCCESS = "CamelAliyunIotSuccess";
    @Metadata(label = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,queryProductList",
              description = "The error code when the call failed (set on reply).",
              javaType = "String")
    public static final String CODE = "CamelAliyunIotCode";
    @Metadata(label = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,queryProductList",
              description = "The error message when the call failed (set on reply).",
              javaType = "String")
    public static final String ERROR_MESSAGE = "CamelAliyunIotErrorMessage";
    @Metadata(label = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,queryProductList",
              description = "The calls per second the account's quota granted when the call ended: "
                            + "rateLimitPerSecond, or lower while others use the account too (set on reply).",
              javaType = "double")
    public static final String EFFECTIVE_RATE = "CamelAliyunIotEffectiveRate";

    @Metadata(label = "invokeThingsService",
              description = "The fleet run this batch belongs to, overriding the fleetRunId option (needs journal).",
              javaType = "String")
    public static final String FLEET_RUN_ID = "CamelAliyunIotFleetRunId";
    @Metadata(label = "invokeThingsService",
              description = "How many devices of the batch were not sent because the run journal already had their "
                            + "outcome from an earlier execution of the run (set on reply, with a journal).",
              javaType = "Integer")
    public static final String JOURNAL_SKIPPED = "CamelAliyunIotJournalSkipped";

    @Metadata(label = "consumer", description = "The topic of the subscription message, e.g. "
                                                + "/a1B/lamp-1/thing/downlink/reply/message.", javaType = "String")
    public static final String TOPIC = "CamelAliyunIotTopic";
    @Metadata(label = "consumer", description = "When the platform generated the message (epoch milliseconds).",
              javaType = "Long")
    public static final String GENERATE_TIME = "CamelAliyunIotGenerateTime";
    @Metadata(label = "consumer",
              description = "The kind of message, from its topic: downlinkReply, status, property, event, lifecycle, "
                            + "topology, custom or other.",
              javaType = "String")
    public static final String MESSAGE_TYPE = "CamelAliyunIotMessageType";
    @Metadata(label = "invokeThingService",
              description = "With awaitReplies: what became of the device (set on reply, also when the call failed): "
                            + "an org.camelaliyun.iot.outcomes.DeviceResult with its outcome, reply code, message and "
                            + "data, settled by the downlink reply that carries the call's MessageId.",
              javaType = "org.camelaliyun.iot.outcomes.DeviceResult")
    public static final String DEVICE_RESULT = "CamelAliyunIotDeviceResult";

    private AliyunIotConstants() {
    }
}
