package org.camelaliyun.iot.simulator.devices;

import java.util.Locale;

/** A device's state as the platform reports it. Only an {@link #ONLINE} device receives a service call. */
public enum DeviceState {
    ONLINE("ONLINE"), OFFLINE("OFFLINE"), UNACTIVE("UNACTIVE"), DISABLED("DISABLE");

    private final String apiName;

    DeviceState(String apiName) {
        this.apiName = apiName;
    }

    /** The spelling of the read APIs ({@code DISABLE}, not DISABLED). */
    public String apiName() {
        return apiName;
    }

    /** Accepts {@code online}, {@code OFFLINE}, {@code disable} or {@code disabled}, any case. */
    public static DeviceState parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        return "DISABLE".equals(upper) ? DISABLED : valueOf(upper);
    }
}
