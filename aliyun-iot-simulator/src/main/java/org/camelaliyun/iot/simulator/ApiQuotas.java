package org.camelaliyun.iot.simulator;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One sliding-window quota per API and AccessKeyId, with the per-account numbers Alibaba publishes.
 * InvokeThingsService (and any action the gateway does not know, which is refused later anyway) uses the
 * simulator's main {@code qps}. QueryProductList has a second, much smaller budget for deep pages.
 */
final class ApiQuotas {

    static final Map<String, Integer> DEFAULTS = Map.of(
            "InvokeThingService", 500,
            "BatchGetDeviceState", 50,
            "GetDeviceStatus", 500,
            "QueryDeviceServiceData", 50,
            "QueryProductList", 50);
    /** QueryProductList with CurrentPage × PageSize at or above this counts against {@link #DEEP_PAGE_QPS}. */
    static final long DEEP_PAGE = 100_000;
    static final int DEEP_PAGE_QPS = 2;

    private final QuotaWindow main;
    private final Map<String, QuotaWindow> byAction = new HashMap<>();
    private final QuotaWindow deepPages;

    ApiQuotas(QuotaWindow main, Map<String, Integer> overrides, LongSupplier nanoClock) {
        this.main = main;
        DEFAULTS.forEach((action, qps) ->
                byAction.put(action, new QuotaWindow(overrides.getOrDefault(action, qps), nanoClock)));
        this.deepPages = new QuotaWindow(overrides.getOrDefault("QueryProductList.deepPages", DEEP_PAGE_QPS),
                nanoClock);
    }

    QuotaWindow forRequest(String action, Map<String, String> params) {
        if ("QueryProductList".equals(action) && isDeepPage(params)) {
            return deepPages;
        }
        return byAction.getOrDefault(action, main);
    }

    QuotaWindow main() {
        return main;
    }

    void clear() {
        main.clear();
        byAction.values().forEach(QuotaWindow::clear);
        deepPages.clear();
    }

    private static boolean isDeepPage(Map<String, String> params) {
        try {
            return Long.parseLong(params.getOrDefault("CurrentPage", "1"))
                    * Long.parseLong(params.getOrDefault("PageSize", "10")) >= DEEP_PAGE;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
