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
 * The component docs' option table, the generated catalog and the option descriptions in the source say the same:
 * the catalog tooling drops some characters from descriptions, and the table is written by hand.
 */
class DocsMatchCatalogTest {

    /** Options every Camel endpoint has, not listed in our table. */
    static final Set<String> CAMEL_OPTIONS = Set.of("operation", "lazyStartProducer");

    static JsonNode catalog() throws Exception {
        try (InputStream in = DocsMatchCatalogTest.class.getResourceAsStream("/META-INF/org/camelaliyun/iot/aliyun-iot.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Option name → {default, description} from the adoc's options table. */
    static Map<String, String[]> docsTable() throws Exception {
        String adoc = Files.readString(Path.of("src/main/docs/aliyun-iot-component.adoc"));
        String table = adoc.substring(adoc.indexOf("| Option | Group | Default | Description"));
        table = table.substring(0, table.indexOf("|==="));
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(\\w+)`(?: \\(secret\\))? \\| [^|]+ \\| (?:`([^`]*)`)? *\\| (.*)$").matcher(table);
        while (row.find()) {
            rows.put(row.group(1), new String[] { row.group(2) == null ? "" : row.group(2), row.group(3).trim() });
        }
        return rows;
    }

    @Test
    void theOptionTableListsEveryOptionWithTheCatalogsDefaultAndDescription() throws Exception {
        JsonNode properties = catalog().get("properties");
        Map<String, String[]> docs = docsTable();
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> documented = new LinkedHashMap<>();
        properties.fields().forEachRemaining(p -> {
            if (!CAMEL_OPTIONS.contains(p.getKey())) {
                expected.put(p.getKey(), p.getValue().path("defaultValue").asText("") + " | "
                                         + p.getValue().get("description").asText());
            }
        });
        docs.forEach((name, row) -> documented.put(name, row[0] + " | " + row[1]));

        assertThat(documented).containsExactlyInAnyOrderEntriesOf(expected);
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
