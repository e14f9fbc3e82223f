package org.camelaliyun.iot.springboot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata this jar ships ({@code META-INF/spring-configuration-metadata.json}, written by Spring's
 * configuration processor from the generated class) says exactly what the component's catalog says: the same
 * options, each with its description, a type Spring binds and the catalog's default. Catches a generator or
 * processor step that drops, renames or garbles an option.
 */
class StarterMetadataMatchesCatalogTest {

    static final String PREFIX = "camel.component.aliyun-iot.";

    @Test
    void everyCatalogOptionIsDescribedWithItsDescriptionTypeAndDefault() throws IOException {
        Map<String, JsonNode> metadata = StarterMetadata.properties();
        SoftAssertions soft = new SoftAssertions();
        Catalog.componentOptions().forEach((name, option) -> {
            JsonNode item = metadata.get(PREFIX + Catalog.kebab(name));
            soft.assertThat(item).as("metadata for %s", name).isNotNull();
            if (item == null) {
                return;
            }
            soft.assertThat(item.path("description").asText()).as("description of %s", name)
                    .isEqualTo(option.path("description").asText());
            soft.assertThat(item.path("type").asText()).as("type of %s", name).isEqualTo(springType(option));
            soft.assertThat(item.path("defaultValue").isMissingNode() ? null : item.path("defaultValue").asText())
                    .as("default of %s", name).isEqualTo(springDefault(option));
        });
        soft.assertAll();
    }

    @Test
    void nothingButTheCatalogOptionsAndTheStartersOwnSwitches() throws IOException {
        Set<String> expected = new TreeSet<>(Set.of(PREFIX + "enabled", PREFIX + "customizer.enabled"));
        Catalog.componentOptions().keySet().forEach(name -> expected.add(PREFIX + Catalog.kebab(name)));
        assertThat(new TreeSet<>(StarterMetadata.properties().keySet())).isEqualTo(expected);
    }

    @Test
    void theSecretOptionsAreTheCatalogsSecretOptions() {
        Set<String> secrets = new TreeSet<>();
        Catalog.componentOptions().forEach((name, option) -> {
            if (option.path("secret").asBoolean()) {
                secrets.add(name);
            }
        });
        assertThat(secrets).contains("accessKeySecret", "securityToken");
        assertThat(new TreeSet<>(AliyunIotComponentConfiguration.SECRET_OPTIONS)).isEqualTo(secrets);
    }

    /** What Spring should bind each catalog type as, written out independently of the generator. */
    static String springType(JsonNode option) {
        String javaType = option.path("javaType").asText();
        if (option.path("type").asText().equals("duration")) {
            return "java.time.Duration";
        }
        return switch (javaType) {
            case "boolean" -> "java.lang.Boolean";
            case "int" -> "java.lang.Integer";
            case "long" -> "java.lang.Long";
            case "double" -> "java.lang.Double";
            default -> javaType;
        };
    }

    static String springDefault(JsonNode option) {
        if (!option.hasNonNull("defaultValue")) {
            return null;
        }
        String value = option.path("defaultValue").asText();
        return option.path("type").asText().equals("duration") && value.matches("\\d+") ? value + "ms" : value;
    }

    /** This jar's metadata: the file next to the configuration class, not one of the other starters'. */
    static final class StarterMetadata {

        static Map<String, JsonNode> properties() throws IOException {
            Path file = classesDirectory().resolve("META-INF/spring-configuration-metadata.json");
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            new ObjectMapper().readTree(file.toFile()).path("properties")
                    .forEach(p -> byName.put(p.path("name").asText(), p));
            return byName;
        }

        static Path classesDirectory() {
            try {
                return Path.of(AliyunIotComponentConfiguration.class.getProtectionDomain().getCodeSource()
                        .getLocation().toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        private StarterMetadata() {
        }
    }
}
