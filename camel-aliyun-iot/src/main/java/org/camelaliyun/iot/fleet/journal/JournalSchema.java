package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

/**
 * The journal's four tables, created on first use with portable SQL (H2 and PostgreSQL alike): runs, batches, one
 * row per device naming the batch that last claimed it, and one row per device and batch whose outcome is known (only
 * when replies are awaited, or when a resolver learnt it). The device table's primary key is what makes a claim
 * exclusive: two instances cannot both insert a device, and moving a device to a new batch is a conditional update.
 * Outcomes live in their own table so the claim's table stays narrow and a run without awaitReplies writes none.
 * Times are epoch milliseconds from the writing JVM's clock.
 */
public final class JournalSchema {

    public static final String RUN_TABLE = "ALIYUN_IOT_JOURNAL_RUN";
    public static final String BATCH_TABLE = "ALIYUN_IOT_JOURNAL_BATCH";
    public static final String DEVICE_TABLE = "ALIYUN_IOT_JOURNAL_DEVICE";
    public static final String OUTCOME_TABLE = "ALIYUN_IOT_JOURNAL_OUTCOME";

    static final int MAX_RUN_ID = 200;
    static final int MAX_ERROR_MESSAGE = 2000;
    /** Reply data longer than this is not kept (the results file is the place for it). */
    static final int MAX_DATA = 1000;

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS " + RUN_TABLE + " ("
            + "RUN_ID VARCHAR(" + MAX_RUN_ID + ") NOT NULL PRIMARY KEY, "
            + "STARTED_AT BIGINT NOT NULL, "
            + "LAST_SEEN_AT BIGINT NOT NULL, "
            + "EXECUTIONS INT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + BATCH_TABLE + " ("
            + "BATCH_ID BIGINT NOT NULL PRIMARY KEY, "
            + "RUN_ID VARCHAR(" + MAX_RUN_ID + ") NOT NULL, "
            + "PRODUCT_KEY VARCHAR(64) NOT NULL, "
            + "DEVICES INT NOT NULL, "
            + "STATE VARCHAR(16) NOT NULL, "
            + "OWNER VARCHAR(200) NOT NULL, "
            + "LEASE_UNTIL BIGINT NOT NULL, "
            + "STARTED_AT BIGINT NOT NULL, "
            + "ENDED_AT BIGINT, "
            + "REQUEST_ID VARCHAR(64), "
            + "CODE VARCHAR(128), "
            + "ERROR_MESSAGE VARCHAR(" + MAX_ERROR_MESSAGE + "), "
            + "HTTP_STATUS INT, "
            + "ATTEMPTS INT)",
            "CREATE INDEX IF NOT EXISTS ALIYUN_IOT_JOURNAL_BATCH_RUN ON " + BATCH_TABLE + " (RUN_ID, STATE)",
            "CREATE INDEX IF NOT EXISTS ALIYUN_IOT_JOURNAL_BATCH_OWNER ON " + BATCH_TABLE + " (OWNER, STATE)",
            "CREATE TABLE IF NOT EXISTS " + DEVICE_TABLE + " ("
            + "RUN_ID VARCHAR(" + MAX_RUN_ID + ") NOT NULL, "
            + "PRODUCT_KEY VARCHAR(64) NOT NULL, "
            + "DEVICE_NAME VARCHAR(200) NOT NULL, "
            + "BATCH_ID BIGINT NOT NULL, "
            // the device name leads: H2 looks an IN list up through an index only on the index's first column
            + "PRIMARY KEY (DEVICE_NAME, RUN_ID, PRODUCT_KEY))",
            // keyed by batch too: a device sent again after an UNKNOWN keeps the history of both batches
            "CREATE TABLE IF NOT EXISTS " + OUTCOME_TABLE + " ("
            + "RUN_ID VARCHAR(" + MAX_RUN_ID + ") NOT NULL, "
            + "PRODUCT_KEY VARCHAR(64) NOT NULL, "
            + "DEVICE_NAME VARCHAR(200) NOT NULL, "
            + "BATCH_ID BIGINT NOT NULL, "
            + "OUTCOME VARCHAR(16) NOT NULL, "
            + "CODE VARCHAR(128), "
            + "MESSAGE VARCHAR(" + MAX_ERROR_MESSAGE + "), "
            + "DATA VARCHAR(" + MAX_DATA + "), "
            + "SETTLED_AT BIGINT NOT NULL, "
            + "PRIMARY KEY (DEVICE_NAME, RUN_ID, PRODUCT_KEY, BATCH_ID))");

    private JournalSchema() {
    }

    /**
     * Creates what is missing. Two processes starting at once may race on the same CREATE in PostgreSQL (a unique
     * violation in its catalog): the loser tries again and then finds the tables.
     */
    public static void create(DataSource dataSource) {
        SQLException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                for (String ddl : DDL) {
                    statement.execute(ddl);
                }
                return;
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new RunJournalException("Could not create the run journal's tables (" + RUN_TABLE + ", " + BATCH_TABLE
                                      + ", " + DEVICE_TABLE + ", " + OUTCOME_TABLE + "): " + last.getMessage()
                                      + " [the journal's database user needs CREATE TABLE, or create them beforehand"
                                      + " as the component docs show]", last);
    }
}
