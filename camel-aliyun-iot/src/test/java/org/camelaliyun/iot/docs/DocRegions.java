package org.camelaliyun.iot.docs;

import java.util.Map;

/**
 * The generated parts of a hand-written AsciiDoc page: each sits between {@code // <name>: START} and
 * {@code // <name>: END} comment lines, and only those lines are ever rewritten. The names must differ from Camel's
 * own ("component options", ...): camel-package-maven-plugin rewrites those regions with Antora includes that only
 * Camel's website can render. The starter's page test uses it too, through this module's test-jar.
 */
public final class DocRegions {

    private DocRegions() {
    }

    /** The document with each named region's body replaced; a region whose markers are missing is an error. */
    public static String replace(String document, Map<String, String> bodies) {
        String result = document;
        for (Map.Entry<String, String> region : bodies.entrySet()) {
            String start = "// " + region.getKey() + ": START\n";
            String end = "// " + region.getKey() + ": END\n";
            int from = result.indexOf(start);
            int to = result.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException("The document has no region '" + region.getKey() + "': add the lines "
                                                + start.strip() + " and " + end.strip() + " where it belongs");
            }
            result = result.substring(0, from + start.length()) + region.getValue() + result.substring(to);
        }
        return result;
    }
}
