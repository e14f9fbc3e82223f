package org.camelaliyun.iot;

/**
 * The rate an endpoint's calls are held to: the operation's documented account quota, or a lower one the user asks
 * for. A higher one only with {@code allowRateAboveDocumented}: the gateway throttles what exceeds the account's
 * quota, and every throttled call costs a retry.
 */
final class OperationRates {

    private OperationRates() {
    }

    /**
     * The calls per second to allow, 0 for no limiter; refuses a rate above the documented one unless allowed. The
     * range itself is {@link OptionChecks}'.
     */
    static int resolve(AliyunIotOperations operation, AliyunIotConfiguration configuration) {
        Integer asked = configuration.getRateLimitPerSecond();
        if (asked == null) {
            return operation.documentedRate();
        }
        if (asked > operation.documentedRate() && !configuration.isAllowRateAboveDocumented()) {
            throw new IllegalArgumentException("rateLimitPerSecond=" + asked + " is above the quota Alibaba documents "
                                               + "for " + operation.action() + " (" + operation.documentedRate()
                                               + " calls/s per account): the gateway would throttle the excess. Use "
                                               + "at most " + operation.documentedRate() + ", or, if Alibaba raised "
                                               + "your account's quota, also set allowRateAboveDocumented=true");
        }
        return asked;
    }
}
