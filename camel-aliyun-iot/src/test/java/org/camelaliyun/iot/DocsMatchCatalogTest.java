package org.camelaliyun.iot;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.spi.UriParam;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog keeps the option descriptions as written in the source (its tooling drops some characters), and the
 * docs name our version. The option tables themselves are checked by ComponentDocsMatchCatalogTest.
 */
class DocsMatchCatalogTest {

    static JsonNode catalog() throws Exception {
        try (InputStream in = DocsMatchCatalogTest.class.getResourceAsStream("/META-INF/org/camelaliyun/iot/aliyun-iot.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void theCatalogKeepsEveryDescriptionAsWrittenInTheSource() throws Exception {
        JsonNode properties = catalog().get("properties");
        for (Field field : AliyunIotConfiguration.class.getDeclaredFields()) {
            UriParam param = field.getAnnotation(UriParam.class);
            if (param != null) {
                assertThat(properties.get(field.getName()).get("description").asText()).as(field.getName())
                        .isEqualTo(param.description());
            }
        }
    }

    @Test
    void theHeaderNamesOurVersionNotACamelVersionOfOurs() throws Exception {
        String adoc = Files.readString(Path.of("src/main/docs/aliyun-iot-component.adoc"));
        String firstVersion = catalog().get("component").get("firstVersion").asText();

        // firstVersion is the Camel version the component first worked with, as Camel's tools read it
        assertThat(firstVersion).isEqualTo("4.22.0");
        assertThat(adoc).contains(":since: 4.22\n").contains("*camel-aliyun-iot 0.1.0, a third-party component");
    }
}
