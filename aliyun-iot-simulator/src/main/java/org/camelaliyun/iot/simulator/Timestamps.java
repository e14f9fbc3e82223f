package org.camelaliyun.iot.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/** The V1 {@code Timestamp} / V3 {@code x-acs-date} rules: exact ISO-8601 UTC form and a ±15-minute window. */
final class Timestamps {

    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    // the pattern rejects what a lenient parser would accept (millis, offsets, lower-case letters)
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {
    }

    /** Parses and checks the value against the server's clock; throws the gateway's error otherwise. */
    static Instant check(String value, Instant serverNow) {
        Instant stamp;
        try {
            if (!SHAPE.matcher(value).matches()) {
                throw new DateTimeParseException("bad shape", value, 0);
            }
            stamp = LocalDateTime.parse(value, FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw GatewayRejection.gateway(400, "InvalidTimeStamp.Format",
                    "Specified time stamp or date value is not well formatted.");
        }
        if (Duration.between(stamp, serverNow).abs().compareTo(MAX_SKEW) > 0) {
            throw GatewayRejection.gateway(400, "InvalidTimeStamp.Expired",
                    "Specified time stamp or date value is expired.");
        }
        return stamp;
    }

    static String format(Instant instant) {
        return FORMAT.format(instant.atOffset(ZoneOffset.UTC));
    }
}
