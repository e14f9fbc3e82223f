package org.camelaliyun.iot.fleet.journal;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the run journal lives, as the {@code journal} option names it: {@code h2:<file path>} for an embedded H2 file
 * database, or {@code #<bean>} for a {@code javax.sql.DataSource} (or a ready {@link RunJournal}) in the registry.
 *
 * @param h2File   the H2 database file without its {@code .mv.db} suffix, absolute; null for a bean
 * @param beanName the registry name; null for H2
 */
public record JournalLocation(Path h2File, String beanName) {

    private static final String H2_PREFIX = "h2:";
    private static final String H2_SUFFIX = ".mv.db";

    public static JournalLocation parse(String spec) {
        String value = spec == null ? "" : spec.trim();
        if (value.startsWith("#")) {
            String name = value.startsWith("#bean:") ? value.substring(6) : value.substring(1);
            if (name.isBlank()) {
                throw invalid(spec, "the bean name after # is empty");
            }
            return new JournalLocation(null, name);
        }
        if (value.toLowerCase(Locale.ROOT).startsWith(H2_PREFIX)) {
            String path = value.substring(H2_PREFIX.length()).trim();
            if (path.isEmpty()) {
                throw invalid(spec, "the file path after h2: is empty");
            }
            if (path.contains(";")) {
                throw invalid(spec, "a file path cannot hold ';' (H2 would read the rest as URL settings)");
            }
            if (path.endsWith(H2_SUFFIX)) {
                path = path.substring(0, path.length() - H2_SUFFIX.length());
            }
            return new JournalLocation(Path.of(path).toAbsolutePath().normalize(), null);
        }
        throw invalid(spec, "it is neither h2:<file path> nor #<bean>");
    }

    /**
     * The H2 URL: AUTO_SERVER lets several JVMs on the machine share the file (the first one serves the others);
     * WRITE_DELAY=0 writes each commit to the file at once, so a killed process loses no committed record (the
     * operating system keeps what was written; surviving a power loss is what a server database is for).
     */
    public String h2Url() {
        if (h2File == null) {
            throw new IllegalStateException("not an H2 journal");
        }
        return "jdbc:h2:file:" + h2File + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    private static IllegalArgumentException invalid(String spec, String problem) {
        return new IllegalArgumentException("Invalid journal '" + spec + "': " + problem
                                            + ". Use journal=h2:<file path> (e.g. h2:./data/fleet-journal) for an "
                                            + "embedded H2 file, or journal=#<bean> for a javax.sql.DataSource bean");
    }

    @Override
    public String toString() {
        return h2File != null ? H2_PREFIX + h2File : "#" + beanName;
    }
}
