package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.OUTCOME_TABLE;

/** Writes devices' outcomes: one batched insert per transaction, after deleting the rows a resolver replaces. */
final class JournalOutcomeWrites {

    private JournalOutcomeWrites() {
    }

    static void write(Connection connection, List<JournalWrites.Ended> ends) throws SQLException {
        if (ends.stream().allMatch(ended -> ended.outcomes().isEmpty())) {
            return;
        }
        if (ends.stream().anyMatch(JournalWrites.Ended::replace)) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + OUTCOME_TABLE
                    + " WHERE DEVICE_NAME = ? AND RUN_ID = ? AND PRODUCT_KEY = ? AND BATCH_ID = ?")) {
                for (JournalWrites.Ended ended : ends) {
                    if (ended.replace()) {
                        for (DeviceOutcome outcome : ended.outcomes()) {
                            delete.setString(1, outcome.deviceName());
                            delete.setString(2, ended.runId());
                            delete.setString(3, ended.productKey());
                            delete.setLong(4, ended.batchId());
                            delete.addBatch();
                        }
                    }
                }
                delete.executeBatch();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + OUTCOME_TABLE
                + " (RUN_ID, PRODUCT_KEY, DEVICE_NAME, BATCH_ID, OUTCOME, CODE, MESSAGE, DATA, SETTLED_AT)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (JournalWrites.Ended ended : ends) {
                for (DeviceOutcome outcome : ended.outcomes()) {
                    insert.setString(1, ended.runId());
                    insert.setString(2, ended.productKey());
                    insert.setString(3, outcome.deviceName());
                    insert.setLong(4, ended.batchId());
                    insert.setString(5, outcome.outcome().name());
                    insert.setString(6, clip(outcome.code(), 128));
                    insert.setString(7, JournalWrites.truncate(outcome.message()));
                    if (outcome.data() == null || outcome.data().length() > JournalSchema.MAX_DATA) {
                        insert.setNull(8, Types.VARCHAR);
                    } else {
                        insert.setString(8, outcome.data());
                    }
                    insert.setLong(9, outcome.settledAtMillis());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
