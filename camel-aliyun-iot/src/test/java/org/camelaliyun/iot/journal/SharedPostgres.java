package org.camelaliyun.iot.journal;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server for the journal tests of this test JVM: it takes seconds to start, so it starts once, on
 * first use, and stops with the JVM. Tests keep apart by run id, so nothing needs resetting between them.
 */
final class SharedPostgres {

    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (Exception e) {
                throw new IllegalStateException("embedded PostgreSQL did not start: " + e, e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** A pooled DataSource on the server's postgres database, as an application would bind one. */
    static DataSource dataSource() {
        return FleetRunMain.pooled(jdbcUrl());
    }

    static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }
}
