package org.camelaliyun.iot.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option and header tables of the component's page must be what the catalog says. The catalog JSON is the one
 * the build just regenerated from the {@code @UriParam} annotations, so an option added, renamed or re-described in
 * code without the page fails here. On a mismatch the corrected page is written to {@code target/docs/}: copy it over
 * (the prose outside the generated regions is kept as it is).
 */
class ComponentDocsMatchCatalogTest {

    static final Path CATALOG = Path.of("src/generated/resources/META-INF/org/camelaliyun/iot/aliyun-iot.json");
    static final Path PAGE = Path.of("src/main/docs/aliyun-iot-component.adoc");
    static final Path CORRECTED = Path.of("target/docs/aliyun-iot-component.adoc");

    @Test
    void optionAndHeaderTablesAreTheCatalogs() throws IOException {
        JsonNode catalog = new ObjectMapper().readTree(CATALOG.toFile());
        String page = Files.readString(PAGE);

        Map<String, String> regions = new LinkedHashMap<>();
        regions.put("generated-component-options", CatalogTables.componentOptions(catalog));
        regions.put("generated-endpoint-options", CatalogTables.endpointOptions(catalog));
        regions.put("generated-headers", CatalogTables.headers(catalog));
        String expected = DocRegions.replace(page, regions);

        if (!expected.equals(page)) {
            Files.createDirectories(CORRECTED.getParent());
            Files.writeString(CORRECTED, expected, StandardCharsets.UTF_8);
        }
        assertThat(page).as("%s differs from the catalog %s; the corrected page is in %s: cp %s %s", PAGE, CATALOG,
                CORRECTED, CORRECTED, PAGE).isEqualTo(expected);
    }

    @Test
    void everyCatalogOptionAndHeaderIsOnThePage() throws IOException {
        // guards the renderer itself: a table that lost rows would still equal its own rendering
        JsonNode catalog = new ObjectMapper().readTree(CATALOG.toFile());
        String page = Files.readString(PAGE);
        for (String section : new String[] { "componentProperties", "properties", "headers" }) {
            catalog.path(section).properties().forEach(e -> assertThat(page).contains("| `" + e.getKey() + "`"));
        }
    }
}
