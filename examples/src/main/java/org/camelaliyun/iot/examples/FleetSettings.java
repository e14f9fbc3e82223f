package org.camelaliyun.iot.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the demo runs with, read once at start: system properties ({@code -Ddemo.*}) for the demo's own knobs, the
 * environment for the cloud. With no AccessKey pair in the environment the demo runs against the embedded simulator.
 *
 * <table>
 * <tr><th>setting</th><th>default</th></tr>
 * <tr><td>{@code demo.dsl} yaml | java</td><td>yaml</td></tr>
 * <tr><td>{@code demo.devices} rows of the list to use</td><td>all</td></tr>
 * <tr><td>{@code demo.rate} calls/s for the component's limiter (and the simulator's quota)</td><td>10</td></tr>
 * <tr><td>{@code demo.devicesFile} / {@code ALIYUN_IOT_DEVICES_FILE}</td><td>the bundled devices.csv</td></tr>
 * <tr><td>{@code demo.identifier} / {@code ALIYUN_IOT_IDENTIFIER}</td><td>TimeReset</td></tr>
 * <tr><td>{@code demo.args} / {@code ALIYUN_IOT_ARGS}</td><td>{"source":"camel-aliyun-iot demo"}</td></tr>
 * <tr><td>{@code demo.productKey} / {@code ALIYUN_IOT_PRODUCT_KEY}: for rows that are just a device name</td><td>none</td></tr>
 * <tr><td>{@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET},
 * {@code ALIBABA_CLOUD_SECURITY_TOKEN} (STS)</td><td>none: simulator</td></tr>
 * <tr><td>{@code ALIYUN_IOT_REGION}</td><td>cn-shanghai</td></tr>
 * <tr><td>{@code ALIYUN_IOT_INSTANCE_ID} (enterprise instances)</td><td>none</td></tr>
 * </table>
 */
public record FleetSettings(String dsl, long deviceLimit, int rate, Path devicesFile, String identifier, String args,
        String defaultProductKey, String accessKeyId, String accessKeySecret, String securityToken, String regionId,
        String iotInstanceId) {

    public static final String BUNDLED_DEVICES = "devices.csv";
    public static final String DEFAULT_IDENTIFIER = "TimeReset";
    public static final String DEFAULT_ARGS = "{\"source\":\"camel-aliyun-iot demo\"}";

    public static FleetSettings fromEnvironment() {
        return from(System.getProperties(), System.getenv());
    }

    static FleetSettings from(Properties props, Map<String, String> env) {
        String dsl = text(props.getProperty("demo.dsl"), "yaml").toLowerCase(Locale.ROOT);
        if (!dsl.equals("yaml") && !dsl.equals("java")) {
            throw new IllegalArgumentException("demo.dsl must be yaml or java, not " + dsl);
        }
        String limit = text(props.getProperty("demo.devices"), "all");
        long deviceLimit = limit.equalsIgnoreCase("all") ? 0 : positive("demo.devices", limit);
        int rate = (int) positive("demo.rate", text(props.getProperty("demo.rate"), "10"));
        String file = text(props.getProperty("demo.devicesFile"), env.get("ALIYUN_IOT_DEVICES_FILE"));
        Path devicesFile = file == null ? null : Path.of(file);
        if (devicesFile != null && !Files.isReadable(devicesFile)) {
            throw new IllegalArgumentException("Cannot read the device list " + devicesFile.toAbsolutePath());
        }
        String accessKeyId = text(env.get("ALIBABA_CLOUD_ACCESS_KEY_ID"), null);
        String accessKeySecret = text(env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), null);
        if (accessKeyId != null && accessKeySecret == null) {
            throw new IllegalArgumentException("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET "
                                               + "is not: set both to call the cloud, or neither for the simulator");
        }
        if (accessKeyId != null && devicesFile == null) {
            // the bundled list names made-up products: every call to the cloud would fail
            throw new IllegalArgumentException("Calling the real cloud needs your own device list: set "
                                               + "ALIYUN_IOT_DEVICES_FILE to a CSV of productKey,deviceName rows");
        }
        return new FleetSettings(dsl, deviceLimit, rate, devicesFile,
                text(props.getProperty("demo.identifier"), text(env.get("ALIYUN_IOT_IDENTIFIER"), DEFAULT_IDENTIFIER)),
                text(props.getProperty("demo.args"), text(env.get("ALIYUN_IOT_ARGS"), DEFAULT_ARGS)),
                text(props.getProperty("demo.productKey"), env.get("ALIYUN_IOT_PRODUCT_KEY")),
                accessKeyId, accessKeySecret, text(env.get("ALIBABA_CLOUD_SECURITY_TOKEN"), null),
                text(env.get("ALIYUN_IOT_REGION"), "cn-shanghai"), text(env.get("ALIYUN_IOT_INSTANCE_ID"), null));
    }

    /** True when the demo calls Alibaba Cloud; false = the embedded simulator. */
    public boolean realCloud() {
        return accessKeyId != null;
    }

    public DeviceBatchReader reader() {
        return devicesFile != null ? DeviceBatchReader.ofFile(devicesFile, defaultProductKey, deviceLimit)
                : DeviceBatchReader.ofClasspath(BUNDLED_DEVICES, defaultProductKey, deviceLimit);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "dsl=" + dsl + ", devices=" + (deviceLimit == 0 ? "all" : deviceLimit) + ", rate=" + rate
               + " calls/s, identifier=" + identifier + ", args=" + args
               + (realCloud() ? ", region=" + regionId + (iotInstanceId != null ? ", instance=" + iotInstanceId : "") : "");
    }

    private static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static long positive(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the fix
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, not '" + value + "'");
    }
}
