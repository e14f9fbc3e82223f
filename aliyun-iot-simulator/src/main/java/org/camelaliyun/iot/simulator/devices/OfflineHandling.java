package org.camelaliyun.iot.simulator.devices;

import java.util.Locale;

/**
 * What a call to a device that is not online does. Alibaba does not document it, so it is a choice: the default
 * {@link #REPLY_9201} answers with a 9201 (9200 for a device never activated) downlink reply, {@link #SILENT}
 * answers nothing, {@link #REJECT} fails the whole call with {@code iot.messagebroker.OFFLINE}.
 */
public enum OfflineHandling {
    REPLY_9201, SILENT, REJECT;

    /** The config spelling: {@code reply9201}, {@code silent}, {@code reject}. */
    public static OfflineHandling parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "reply9201", "reply_9201" -> REPLY_9201;
            case "silent" -> SILENT;
            case "reject" -> REJECT;
            default -> throw new IllegalArgumentException("offline must be reply9201, silent or reject: " + text);
        };
    }
}
