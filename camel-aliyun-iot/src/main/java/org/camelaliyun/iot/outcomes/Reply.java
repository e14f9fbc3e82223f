package org.camelaliyun.iot.outcomes;

import org.camelaliyun.iot.subscription.DownlinkReply;

/**
 * A downlink reply with the device it is about (from its body, else its topic) and when it was created (its
 * {@code gmtCreate}, else the message's generateTime; 0 when neither came).
 */
record Reply(DownlinkReply reply, String productKey, String deviceName, String iotId, long created) {
}
