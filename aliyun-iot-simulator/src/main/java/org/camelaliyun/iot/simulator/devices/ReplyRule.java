package org.camelaliyun.iot.simulator.devices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a device answers one service: the reply {@code code}, its {@code data} and {@code message}, the delay
 * before it answers (fixed or a range), the share of devices that never answer, and whether the service is
 * synchronous (InvokeThingService then waits for the answer). Immutable; every {@code with…} returns a copy.
 * <pre>
 * ReplyRule.success().withData("{\"brightness\":50}").withDelay(Duration.ofMillis(20), Duration.ofMillis(200))
 * ReplyRule.code(460).withMessage("bad parameters")
 * ReplyRule.success().withSilentShare(0.1)     // one device in ten never answers this service
 * </pre>
 */
public final class ReplyRule {

    /** The delay of a device that has no rule: it answers 200 quickly. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int code;
    private final String message;
    private final String data;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final double silentShare;
    private final boolean synchronous;

    private ReplyRule(int code, String message, String data, Duration minDelay, Duration maxDelay,
            double silentShare, boolean synchronous) {
        this.code = code;
        this.message = message;
        this.data = data;
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
        this.silentShare = silentShare;
        this.synchronous = synchronous;
    }

    /** Code 200, message {@code success}, data {@code {}}, the default short delay. */
    public static ReplyRule success() {
        return code(200);
    }

    /** Any reply code: 200, 400, 460, 429, 9200, 9201, 403, or a device-defined 100000–110000. */
    public static ReplyRule code(int code) {
        return new ReplyRule(code, defaultMessage(code), "{}", DEFAULT_DELAY, DEFAULT_DELAY, 0, false);
    }

    public ReplyRule withMessage(String message) {
        return new ReplyRule(code, Objects.requireNonNull(message), data, minDelay, maxDelay, silentShare, synchronous);
    }

    /** The {@code data} the device returns: a JSON object as text. */
    public ReplyRule withData(String jsonObject) {
        return new ReplyRule(code, message, normalise(jsonObject), minDelay, maxDelay, silentShare, synchronous);
    }

    /** The {@code data} as a map (or any object Jackson writes as a JSON object). */
    public ReplyRule withData(Object object) {
        if (object instanceof String text) {
            return withData(text);
        }
        return withData(JSON.valueToTree(object).toString());
    }

    public ReplyRule withDelay(Duration delay) {
        return withDelay(delay, delay);
    }

    /** A delay drawn uniformly from [min, max] for each invocation. */
    public ReplyRule withDelay(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
        }
        return new ReplyRule(code, message, data, min, max, silentShare, synchronous);
    }

    /**
     * The share of devices (0..1) that never answer this service. Which devices fall in the share is a stable
     * function of product, device and identifier, so a silent device stays silent for the whole run.
     */
    public ReplyRule withSilentShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("silent share must be within 0..1: " + share);
        }
        return new ReplyRule(code, message, data, minDelay, maxDelay, share, synchronous);
    }

    /** No device ever answers this service. */
    public ReplyRule silent() {
        return withSilentShare(1);
    }

    /** A synchronous service: InvokeThingService waits for the answer and returns it as {@code Data.Result}. */
    public ReplyRule synchronous(boolean synchronous) {
        return new ReplyRule(code, message, data, minDelay, maxDelay, silentShare, synchronous);
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public String data() {
        return data;
    }

    public Duration minDelay() {
        return minDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public double silentShare() {
        return silentShare;
    }

    public boolean isSynchronous() {
        return synchronous;
    }

    Duration drawDelay() {
        long min = minDelay.toNanos();
        long max = maxDelay.toNanos();
        return min == max ? minDelay : Duration.ofNanos(ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    static String defaultMessage(int code) {
        return switch (code) {
            case 200 -> "success";
            case 400 -> "request error";
            case 429 -> "too many requests";
            case 460 -> "request parameter error";
            case 9200 -> "device not activated";
            case 9201 -> "device offline";
            case 403 -> "request forbidden";
            default -> "device error";
        };
    }

    private static String normalise(String jsonObject) {
        try {
            JsonNode node = JSON.readTree(jsonObject);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("reply data must be a JSON object: " + jsonObject);
            }
            return node.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reply data is not JSON: " + jsonObject, e);
        }
    }

    @Override
    public String toString() {
        return "ReplyRule[code=" + code + ", delay=" + minDelay + (maxDelay.equals(minDelay) ? "" : ".." + maxDelay)
                + (silentShare > 0 ? ", silentShare=" + silentShare : "") + (synchronous ? ", synchronous" : "") + "]";
    }
}
