package org.camelaliyun.iot;

import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.spi.ContextServicePlugin;

/**
 * Teaches every CamelContext our secret option names as soon as the context is built. Camel's own list of sensitive
 * keys does not know {@code accessKeySecret}, so camel-main would otherwise print
 * {@code camel.component.aliyun-iot.accessKeySecret} in clear while it configures the component. Loaded through
 * {@code META-INF/services/org.apache.camel.spi.ContextServicePlugin}.
 */
public class SensitiveOptionsPlugin implements ContextServicePlugin {

    /** Option names whose values must never be printed. */
    static final List<String> SENSITIVE_OPTIONS = List.of("accessKeySecret", "securityToken", "redisUri");

    @Override
    public void load(CamelContext camelContext) {
        ExtendedCamelContext extended = camelContext.getCamelContextExtension();
        extended.setAdditionalSensitiveKeywords(withSensitiveOptions(extended.getAdditionalSensitiveKeywords()));
    }

    static String withSensitiveOptions(String existing) {
        StringBuilder keywords = new StringBuilder(existing == null ? "" : existing);
        for (String option : SENSITIVE_OPTIONS) {
            if (!keywords.toString().toLowerCase(Locale.ROOT).contains(option.toLowerCase(Locale.ROOT))) {
                keywords.append(keywords.length() > 0 ? "," : "").append(option);
            }
        }
        return keywords.toString();
    }
}
