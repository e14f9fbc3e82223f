package org.camelaliyun.iot;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camelaliyun.iot.signing.SignatureVersion;

/**
 * Refuses, when an endpoint is created, settings that cannot work, with the option's name and the fix in the message:
 * a route then fails at start instead of on its first exchange, or never.
 */
final class OptionChecks {

    /**
     * The highest {@code rateLimitPerSecond} accepted. The platform's busiest APIs allow 1,600 calls per second
     * (InvokeThingsService: 10); anything above this is a typo, not a quota.
     */
    static final int MAX_RATE_LIMIT_PER_SECOND = 10_000;

    /** A region id as Alibaba Cloud spells them: lower-case words joined by hyphens, e.g. cn-shanghai, ap-southeast-1. */
    private static final Pattern REGION_ID = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");
    /** The port of an authority, after an optional user-info and a host or bracketed IPv6 address. */
    private static final Pattern AUTHORITY_PORT = Pattern.compile("(?:[^@]*@)?(?:\\[[^\\]]*\\]|[^:\\[\\]]*):(\\d+)");

    private OptionChecks() {
    }

    /**
     * Checks the raw URI parameters Camel would otherwise convert with a message that does not say what is valid.
     */
    static void checkParameters(Map<String, Object> parameters) {
        Object version = parameters.get("signatureVersion");
        if (version instanceof String text) {
            for (SignatureVersion known : SignatureVersion.values()) {
                if (known.name().equalsIgnoreCase(text.trim())) {
                    return;
                }
            }
            throw new IllegalArgumentException("Unknown signatureVersion '" + text + "': use v1 (HMAC-SHA1, the default, "
                                               + "like the classic SDKs) or v3 (ACS3-HMAC-SHA256, like the Tea SDKs)");
        }
    }

    /** Checks every option once all are applied: component defaults, then the endpoint's URI. */
    static void check(AliyunIotConfiguration configuration) {
        Integer rate = configuration.getRateLimitPerSecond();
        if (rate != null && (rate < 0 || rate > MAX_RATE_LIMIT_PER_SECOND)) {
            throw new IllegalArgumentException("rateLimitPerSecond=" + rate + " is out of range: use 1 to "
                                               + MAX_RATE_LIMIT_PER_SECOND + " calls per second (InvokeThingsService "
                                               + "allows 10 per account), or 0 to turn the limiter off");
        }
        positive("connectTimeout", configuration.getConnectTimeout(), "how long to wait for a connection");
        positive("responseTimeout", configuration.getResponseTimeout(), "how long to wait for the whole reply");
        positive("maxConnections", configuration.getMaxConnections(), "the size of the connection pool");
        positive("resolveTimeout", configuration.getResolveTimeout(), "how long resolving a batch's unknown devices may take");
        if (configuration.getMaxRetries() < 0) {
            throw new IllegalArgumentException("maxRetries=" + configuration.getMaxRetries()
                                               + " is negative: use 0 to disable retries, or a small number such as 3");
        }
        notNegative("retryBaseDelay", configuration.getRetryBaseDelay());
        notNegative("retryMaxDelay", configuration.getRetryMaxDelay());
        if (configuration.getRetryMaxDelay() < configuration.getRetryBaseDelay()) {
            throw new IllegalArgumentException("retryMaxDelay=" + configuration.getRetryMaxDelay()
                                               + " ms is shorter than retryBaseDelay=" + configuration.getRetryBaseDelay()
                                               + " ms: the longest wait cannot be shorter than the base one");
        }
        String region = configuration.getRegionId();
        if (region == null || !REGION_ID.matcher(region).matches()) {
            throw new IllegalArgumentException("regionId '" + region + "' is not a region id: use the id as Alibaba "
                                               + "Cloud spells it, such as cn-shanghai or ap-southeast-1");
        }
        checkEndpointPort(configuration.getEndpoint());
    }

    /**
     * The online pre-check reads the states of an InvokeThingsService batch: no other operation has one. Refused in
     * another endpoint's URI; a component-wide default only applies to invokeThingsService endpoints.
     */
    static void checkPrecheck(AliyunIotOperations operation, Map<String, Object> parameters) {
        Object asked = parameters.get("precheckOnline");
        if (asked != null && "true".equalsIgnoreCase(asked.toString().trim())
            && operation != AliyunIotOperations.invokeThingsService) {
            throw new IllegalArgumentException("precheckOnline=true only applies to aliyun-iot:invokeThingsService, "
                                               + "not aliyun-iot:" + operation.name() + ": remove the option here "
                                               + "(for one device, call aliyun-iot:getDeviceStatus first)");
        }
    }

    private static void positive(String option, long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + "=" + value + " cannot work: it is " + what
                                               + " and must be more than 0");
        }
    }

    private static void notNegative(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + "=" + value + " is negative: use 0 or more milliseconds");
        }
    }

    /** java.net.URI accepts any digits as a port, and overlong ones turn the whole address into something else. */
    private static void checkEndpointPort(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return;
        }
        String authority;
        try {
            authority = new URI(endpoint.trim()).getRawAuthority();
        } catch (URISyntaxException e) {
            return; // the gateway address check names the problem
        }
        if (authority == null) {
            return;
        }
        Matcher port = AUTHORITY_PORT.matcher(authority);
        if (port.matches()) {
            String digits = port.group(1);
            if (digits.length() > 5 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
                throw new IllegalArgumentException("The endpoint option's port " + digits + " is out of range: use a port "
                                                   + "from 1 to 65535, e.g. http://127.0.0.1:8085");
            }
        }
    }
}
