package org.camelaliyun.iot.simulator.amqp;

/**
 * One consumer group's counters since the last reset.
 *
 * @param backlog     messages waiting for a client (or for credit)
 * @param unsettled   messages delivered and neither settled nor timed out yet
 * @param clients     receiver links attached now
 * @param deliveries  transfers sent, redeliveries included
 * @param redelivered transfers sent again after an ack timeout, a release or a lost client
 * @param settled     messages a client settled
 * @param dropped     messages dropped because the backlog was full
 */
public record GroupStats(String consumerGroupId, int backlog, int unsettled, int clients, long deliveries,
        long redelivered, long settled, long dropped) {
}
