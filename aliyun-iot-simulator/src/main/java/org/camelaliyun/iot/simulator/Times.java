package org.camelaliyun.iot.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The platform's human-readable times: {@code yyyy-MM-dd HH:mm:ss.SSS} in China Standard Time, and ISO UTC. */
final class Times {

    static final ZoneId PLATFORM_ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(PLATFORM_ZONE);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneId.of("UTC"));

    private Times() {
    }

    static String platform(long epochMillis) {
        return LOCAL.format(Instant.ofEpochMilli(epochMillis));
    }

    static String utc(long epochMillis) {
        return UTC.format(Instant.ofEpochMilli(epochMillis));
    }
}
