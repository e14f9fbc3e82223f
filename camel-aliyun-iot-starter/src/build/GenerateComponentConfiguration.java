import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes {@code AliyunIotComponentConfiguration.java} from the component's catalog JSON, which the component's build
 * generates from its {@code @UriParam} annotations and ships in its jar. Run by the starter's build before compiling,
 * as a single-file program:
 * {@code java -cp <the module's classpath> GenerateComponentConfiguration.java <sources dir> <classes dir>}. So every
 * component option becomes a {@code camel.component.aliyun-iot.*} property, and
 * spring-boot-configuration-processor then turns the Javadoc written here into the IDE metadata.
 * <p>
 * One field per component option, in catalog order: the catalog description as Javadoc and a Spring-bindable type
 * (wrappers for primitives, {@link java.time.Duration} for durations so that both {@code 5000} and {@code 5s} bind,
 * the option's own class for enums and objects). Fields start as null, so only what the application set is copied
 * onto the component: a catalog default copied too would overwrite a {@code configuration} bean or an application's
 * own customizer. The defaults go to the IDE metadata instead, through
 * {@code META-INF/additional-spring-configuration-metadata.json}, which the configuration processor merges.
 */
public final class GenerateComponentConfiguration {

    static final String CATALOG = "META-INF/org/camelaliyun/iot/aliyun-iot.json";
    static final String PACKAGE = "org.camelaliyun.iot.springboot";
    static final String CLASS = "AliyunIotComponentConfiguration";

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "usage: GenerateComponentConfiguration <output source directory> <classes directory>");
        }
        JsonNode catalog;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(CATALOG)) {
            if (in == null) {
                throw new IllegalStateException(CATALOG + " is not on the classpath: build camel-aliyun-iot first");
            }
            catalog = new ObjectMapper().readTree(in);
        }
        Path source = Path.of(args[0]).resolve(PACKAGE.replace('.', '/')).resolve(CLASS + ".java");
        boolean changed = writeIfChanged(source, render(catalog));
        // the configuration processor reads this file from the class output directory before it writes its own
        Path defaults = Path.of(args[1]).resolve("META-INF/additional-spring-configuration-metadata.json");
        if (writeIfChanged(defaults, defaultsMetadata(catalog)) && !changed) {
            // the processor only runs when the class is recompiled: a newer source makes the compiler do it
            Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis()));
        }
        System.out.println("Generated " + source + " and " + defaults + " from " + CATALOG);
    }

    /** Unchanged output keeps its timestamp, so the compiler plugin does not recompile the module for nothing. */
    static boolean writeIfChanged(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        if (Files.exists(file) && Files.readString(file).equals(content)) {
            return false;
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return true;
    }

    static String defaultsMetadata(JsonNode catalog) throws IOException {
        String prefix = "camel.component." + catalog.path("component").path("scheme").asText() + ".";
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode properties = root.putArray("properties");
        properties.addObject().put("name", prefix + "enabled").put("type", "java.lang.Boolean")
                .put("defaultValue", true);
        properties.addObject().put("name", prefix + "customizer.enabled").put("type", "java.lang.Boolean")
                .put("description", "Whether the starter applies these properties to the component. Off, they "
                                    + "are still bound, for an application that configures the component itself.")
                .put("defaultValue", true);
        for (Map.Entry<String, JsonNode> e : catalog.path("componentProperties").properties()) {
            JsonNode option = e.getValue();
            if ("java.lang.Object".equals(option.path("javaType").asText())) {
                // the configuration processor leaves Object-typed properties out: describe them here
                properties.addObject().put("name", prefix + kebab(e.getKey())).put("type", "java.lang.Object")
                        .put("description", option.path("description").asText());
                continue;
            }
            if (!option.hasNonNull("defaultValue")) {
                continue;
            }
            ObjectNode item = properties.addObject().put("name", prefix + kebab(e.getKey()));
            String value = option.get("defaultValue").asText();
            switch (option.path("type").asText()) {
                case "boolean" -> item.put("defaultValue", Boolean.parseBoolean(value));
                case "integer" -> item.put("defaultValue", Long.parseLong(value));
                case "number" -> item.put("defaultValue", Double.parseDouble(value));
                // Spring reads a bare number as milliseconds too, but says so only with the unit
                case "duration" -> item.put("defaultValue", value.matches("\\d+") ? value + "ms" : value);
                default -> item.put("defaultValue", value);
            }
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** accessKeySecret -> access-key-secret: Spring Boot's canonical property form. */
    static String kebab(String option) {
        return option.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    static String render(JsonNode catalog) {
        String scheme = catalog.path("component").path("scheme").asText();
        List<Option> options = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : catalog.path("componentProperties").properties()) {
            options.add(Option.of(e.getKey(), e.getValue()));
        }
        StringBuilder out = new StringBuilder(16 * 1024);
        out.append("package ").append(PACKAGE).append(";\n\n");
        out.append("import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;\n");
        out.append("import org.springframework.boot.context.properties.ConfigurationProperties;\n\n");
        out.append("/**\n");
        javadocLines(out, "", catalog.path("component").path("description").asText());
        out.append(" * <p>\n * Generated at build time from the component's catalog ").append(CATALOG)
                .append(" by src/build/GenerateComponentConfiguration.java: do not edit.\n */\n");
        out.append("@ConfigurationProperties(prefix = \"camel.component.").append(scheme).append("\")\n");
        out.append("public class ").append(CLASS).append(" extends ComponentConfigurationPropertiesCommon {\n\n");

        TreeSet<String> secrets = new TreeSet<>();
        options.stream().filter(o -> o.secret).forEach(o -> secrets.add(o.name));
        out.append("    /** Options whose values are secret (secret=true in the catalog): never to be shown. */\n");
        out.append("    public static final java.util.Set<String> SECRET_OPTIONS = java.util.Set.of(");
        out.append(String.join(", ", secrets.stream().map(s -> '"' + s + '"').toList())).append(");\n\n");

        out.append("    /**\n");
        javadocLines(out, "    ", "Whether to enable auto configuration of the " + scheme
                                  + " component. This is enabled by default.");
        out.append("     */\n    private Boolean enabled;\n");
        for (Option o : options) {
            out.append("    /**\n");
            javadocLines(out, "    ", o.description);
            out.append("     */\n");
            // an explicit null: without an initializer the configuration processor documents a boxed number's
            // default as 0, which is not the component's default
            out.append("    private ").append(o.fieldType).append(' ').append(o.name).append(" = null;\n");
        }
        for (Option o : options) {
            String cap = Character.toUpperCase(o.name.charAt(0)) + o.name.substring(1);
            out.append("\n    public ").append(o.fieldType).append(" get").append(cap).append("() {\n")
                    .append("        return ").append(o.name).append(";\n    }\n");
            out.append("\n    public void set").append(cap).append('(').append(o.fieldType).append(' ')
                    .append(o.name).append(") {\n        this.").append(o.name).append(" = ").append(o.name)
                    .append(";\n    }\n");
        }
        out.append("}\n");
        return out.toString();
    }

    /** Javadoc wrapped at 110 columns; a literal end-of-comment in a description must not end the comment. */
    static void javadocLines(StringBuilder out, String indent, String text) {
        String safe = text.replace("*/", "*&#47;");
        StringBuilder line = new StringBuilder();
        for (String word : safe.split(" ")) {
            if (line.length() > 0 && indent.length() + 3 + line.length() + 1 + word.length() > 110) {
                out.append(indent).append(" * ").append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            out.append(indent).append(" * ").append(line).append('\n');
        }
    }

    record Option(String name, String description, String fieldType, boolean secret) {

        static Option of(String name, JsonNode json) {
            String type = json.path("type").asText();
            String javaType = json.path("javaType").asText();
            return new Option(name, json.path("description").asText(), fieldType(type, javaType),
                    json.path("secret").asBoolean(false));
        }

        static String fieldType(String type, String javaType) {
            if ("duration".equals(type)) {
                return "java.time.Duration";
            }
            return switch (javaType) {
                case "boolean" -> "java.lang.Boolean";
                case "int" -> "java.lang.Integer";
                case "long" -> "java.lang.Long";
                case "double" -> "java.lang.Double";
                case "float" -> "java.lang.Float";
                case "short" -> "java.lang.Short";
                case "byte" -> "java.lang.Byte";
                case "char" -> "java.lang.Character";
                default -> javaType.replace('$', '.');
            };
        }
    }

    private GenerateComponentConfiguration() {
    }
}
