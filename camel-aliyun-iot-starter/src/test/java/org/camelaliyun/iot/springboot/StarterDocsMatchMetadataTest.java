package org.camelaliyun.iot.springboot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.camelaliyun.iot.docs.DocRegions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's page lists exactly the properties its IDE metadata describes (which in turn must match the catalog:
 * {@link StarterMetadataMatchesCatalogTest}). On a mismatch the corrected page is written to {@code target/docs/}.
 */
class StarterDocsMatchMetadataTest {

    static final Path PAGE = Path.of("src/main/docs/aliyun-iot-starter.adoc");
    static final Path CORRECTED = Path.of("target/docs/aliyun-iot-starter.adoc");

    @Test
    void optionTableIsTheMetadatas() throws IOException {
        Map<String, JsonNode> properties
                = new TreeMap<>(StarterMetadataMatchesCatalogTest.StarterMetadata.properties());
        String page = Files.readString(PAGE);
        String expected = DocRegions.replace(page, Map.of("generated-starter-options", table(properties)));
        if (!expected.equals(page)) {
            Files.createDirectories(CORRECTED.getParent());
            Files.writeString(CORRECTED, expected, StandardCharsets.UTF_8);
        }
        assertThat(page).as("%s differs from the starter's metadata; the corrected page is in %s: cp %s %s", PAGE,
                CORRECTED, CORRECTED, PAGE).isEqualTo(expected);
        properties.keySet().forEach(name -> assertThat(page).contains("| *" + name + "*"));
    }

    static String table(Map<String, JsonNode> properties) {
        List<String> lines = new ArrayList<>();
        lines.add("The starter supports " + properties.size() + " options, which are listed below (kebab-case as "
                  + "shown, or camelCase).");
        lines.add("");
        lines.add("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]");
        lines.add("|===");
        lines.add("| Name | Description | Default | Type");
        properties.forEach((name, p) -> {
            String type = p.path("type").asText();
            lines.add("| *" + name + "* | " + p.path("description").asText().replace("|", "\\|") + " | "
                      + (p.has("defaultValue") ? p.get("defaultValue").asText() : "") + " | "
                      + type.substring(type.lastIndexOf('.') + 1).replace('$', '.'));
        });
        lines.add("|===");
        return String.join("\n", lines) + "\n";
    }
}
