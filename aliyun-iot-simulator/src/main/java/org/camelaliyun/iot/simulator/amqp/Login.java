package org.camelaliyun.iot.simulator.amqp;

/** A verified subscription login: who connected, for which consumer group. */
record Login(String clientId, String accessKeyId, String consumerGroupId, String iotInstanceId) {
}
