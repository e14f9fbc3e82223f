package org.camelaliyun.iot.springboot;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the component's secret options in actuator's {@code configprops} and {@code env} endpoints even where an
 * application shows values ({@code management.endpoint.*.show-values=always}): Boot's defaults only hide what they do
 * not show at all, and neither {@code access-key-secret} nor {@code security-token} is a key it knows.
 */
public class SecretOptionsSanitizer implements SanitizingFunction {

    private static final String PREFIX = AliyunIotComponentAutoConfiguration.PREFIX + ".";

    private final Set<String> keys;

    public SecretOptionsSanitizer(Set<String> secretOptions) {
        // configprops reports the bound name (accessKeySecret), env the property as written (kebab or camel case)
        this.keys = secretOptions.stream()
                .flatMap(o -> Set.of(o, o.replaceAll("([A-Z])", "-$1")).stream())
                .map(k -> k.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        // both endpoints pass the full key, camel.component.aliyun-iot.accessKeySecret; other keys stay as they are
        String key = data.getLowerCaseKey();
        String last = key.substring(key.lastIndexOf('.') + 1);
        return key.startsWith(PREFIX) && keys.contains(last) ? data.withSanitizedValue() : data;
    }
}
