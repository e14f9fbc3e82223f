package org.camelaliyun.iot.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The option and header tables of the component's page, rendered from its catalog JSON: what the page must say.
 */
final class CatalogTables {

    private CatalogTables() {
    }

    static String componentOptions(JsonNode catalog) {
        return optionTable(catalog.path("componentProperties"),
                "The component supports " + catalog.path("componentProperties").size()
                                                             + " options, set once for every endpoint as "
                                                             + "`camel.component.aliyun-iot.<option>`.");
    }

    static String endpointOptions(JsonNode catalog) {
        return optionTable(catalog.path("properties"),
                "The endpoint supports " + catalog.path("properties").size() + " options: the path parameter "
                                                       + "and the query parameters of `"
                                                       + catalog.path("component").path("syntax").asText()
                                                       + "[?options]`.");
    }

    static String headers(JsonNode catalog) {
        List<String> lines = new ArrayList<>();
        lines.add("The component supports " + catalog.path("headers").size() + " message headers.");
        lines.add("");
        lines.add("[width=\"100%\",cols=\"2,1,5\",options=\"header\"]");
        lines.add("|===");
        lines.add("| Header | Type | Description");
        for (Map.Entry<String, JsonNode> e : catalog.path("headers").properties()) {
            JsonNode h = e.getValue();
            lines.add("| `" + e.getKey() + "` | " + simpleName(h.path("javaType").asText()) + " | "
                      + cell(h.path("description").asText()));
        }
        lines.add("|===");
        return String.join("\n", lines) + "\n";
    }

    private static String optionTable(JsonNode options, String intro) {
        List<String> lines = new ArrayList<>();
        lines.add(intro);
        lines.add("");
        lines.add("[width=\"100%\",cols=\"2,1,1,1,5\",options=\"header\"]");
        lines.add("|===");
        lines.add("| Option | Group | Default | Type | Description");
        for (Map.Entry<String, JsonNode> e : options.properties()) {
            JsonNode o = e.getValue();
            String name = "`" + e.getKey() + "`" + (o.path("required").asBoolean() ? " (required)" : "")
                          + (o.path("secret").asBoolean() ? " (secret)" : "");
            String defaultValue = o.hasNonNull("defaultValue") ? "`" + o.get("defaultValue").asText() + "`" : "";
            lines.add("| " + name + " | " + o.path("group").asText() + " | " + defaultValue + " | " + type(o) + " | "
                      + cell(o.path("description").asText()));
        }
        lines.add("|===");
        return String.join("\n", lines) + "\n";
    }

    private static String type(JsonNode option) {
        return switch (option.path("type").asText()) {
            case "enum" -> "enum (" + String.join(", ", option.path("enum").valueStream().map(JsonNode::asText)
                    .toList()) + ")";
            case "object" -> simpleName(option.path("javaType").asText());
            default -> option.path("type").asText();
        };
    }

    private static String simpleName(String javaType) {
        return javaType.substring(javaType.lastIndexOf('.') + 1);
    }

    /** A table cell: a pipe would end the cell early. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
