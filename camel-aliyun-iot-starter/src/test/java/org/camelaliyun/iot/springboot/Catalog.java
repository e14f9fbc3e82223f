package org.camelaliyun.iot.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The component's catalog JSON as its jar ships it: the one source of truth for option names and descriptions. */
final class Catalog {

    static final String RESOURCE = "META-INF/org/camelaliyun/iot/aliyun-iot.json";

    private Catalog() {
    }

    static JsonNode load() {
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Component options by name, in catalog order. */
    static Map<String, JsonNode> componentOptions() {
        Map<String, JsonNode> options = new LinkedHashMap<>();
        load().path("componentProperties").properties().forEach(e -> options.put(e.getKey(), e.getValue()));
        return options;
    }

    /** accessKeySecret -> access-key-secret, the canonical form Spring Boot reports and documents. */
    static String kebab(String option) {
        return option.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
}
