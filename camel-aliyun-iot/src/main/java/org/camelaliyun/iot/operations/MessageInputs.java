package org.camelaliyun.iot.operations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;

import org.apache.camel.Message;

/** Reads one input value from a header, falling back to an option, and says which header or option to fix. */
final class MessageInputs {

    private MessageInputs() {
    }

    static String text(Message message, String header, String fallback) {
        Object value = message.getHeader(header);
        String text = value != null ? value.toString() : fallback;
        return text == null || text.isBlank() ? null : text.trim();
    }

    static String required(Message message, String header, String option, String fallback, String what) {
        String value = text(message, header, fallback);
        if (value == null) {
            throw new IllegalArgumentException("No " + what + ": set the " + option + " option or the " + header
                                               + " header");
        }
        return value;
    }

    /** A whole number from a header (Number or text) or the option, checked against its range. */
    static Integer integer(Message message, String header, Integer fallback, String option, int min, int max) {
        Object value = message.getHeader(header);
        String source = value != null ? "the " + header + " header" : option;
        if (value == null && fallback == null) {
            return null;
        }
        long number = value != null ? wholeNumber(value, source) : fallback;
        if (number < min || number > max) {
            throw new IllegalArgumentException(source + " is " + number + ", out of range: use " + min + " to " + max);
        }
        return (int) number;
    }

    static boolean flag(Message message, String header, boolean fallback) {
        Object value = message.getHeader(header);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if ("true".equalsIgnoreCase(text) || "1".equals(text)) {
            return true;
        }
        if ("false".equalsIgnoreCase(text) || "0".equals(text)) {
            return false;
        }
        throw new IllegalArgumentException("The " + header + " header is '" + text + "': use true or false");
    }

    /**
     * A point in time in epoch milliseconds: a Number, an {@link Instant}, a {@link Date}, or text holding either
     * digits or an ISO-8601 instant such as 2026-11-30T08:00:00Z.
     */
    static Long epochMillis(Message message, String header) {
        Object value = message.getHeader(header);
        if (value == null) {
            return null;
        }
        long millis;
        if (value instanceof Number number) {
            millis = number.longValue();
        } else if (value instanceof Instant instant) {
            millis = instant.toEpochMilli();
        } else if (value instanceof Date date) {
            millis = date.getTime();
        } else if (value instanceof OffsetDateTime time) {
            millis = time.toInstant().toEpochMilli();
        } else {
            String text = value.toString().trim();
            try {
                millis = text.chars().allMatch(Character::isDigit) && !text.isEmpty()
                        ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("The " + header + " header is '" + text + "', not a time: give "
                                                   + "epoch milliseconds, an Instant, a Date or ISO-8601 text such "
                                                   + "as 2026-11-30T08:00:00Z");
            }
        }
        if (millis < 0) {
            throw new IllegalArgumentException("The " + header + " header is " + millis
                                               + " ms, before 1970: give epoch milliseconds");
        }
        return millis;
    }

    private static long wholeNumber(Object value, String source) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        String text = value.toString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " is '" + text + "', not a whole number");
        }
    }
}
