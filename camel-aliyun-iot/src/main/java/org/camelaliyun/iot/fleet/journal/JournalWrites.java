package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.BATCH_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.DEVICE_TABLE;

/** The journal's writes, each one batched statement inside the caller's transaction. */
final class JournalWrites {

    /**
     * A batch end waiting to be written, with the time it ended, and device outcomes to record with it.
     *
     * @param end     null when only outcomes are recorded
     * @param replace true when the outcomes replace ones recorded before for the same devices and batch
     */
    record Ended(long batchId, BatchEnd end, long endedAt, String runId, String productKey,
            List<DeviceOutcome> outcomes, boolean replace) {

        Ended(long batchId, BatchEnd end, long endedAt) {
            this(batchId, end, endedAt, null, null, List.of(), false);
        }
    }

    private JournalWrites() {
    }

    static void markUnknown(Connection connection, List<Long> batchIds, long now) throws SQLException {
        if (batchIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + BATCH_TABLE
                                                                    + " SET STATE = 'UNKNOWN', ENDED_AT = ? WHERE BATCH_ID = ? AND STATE = 'IN_FLIGHT' AND LEASE_UNTIL < ?")) {
            for (long batchId : batchIds) {
                update.setLong(1, now);
                update.setLong(2, batchId);
                update.setLong(3, now);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static void insertBatch(Connection connection, String owner, long leaseMillis, long batchId, String runId, String productKey, int devices,
                             long now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + BATCH_TABLE
                                                                    + " (BATCH_ID, RUN_ID, PRODUCT_KEY, DEVICES, STATE, OWNER, LEASE_UNTIL, STARTED_AT)"
                                                                    + " VALUES (?, ?, ?, ?, 'IN_FLIGHT', ?, ?, ?)")) {
            insert.setLong(1, batchId);
            insert.setString(2, runId);
            insert.setString(3, productKey);
            insert.setInt(4, devices);
            insert.setString(5, owner);
            insert.setLong(6, now + leaseMillis);
            insert.setLong(7, now);
            insert.executeUpdate();
        }
    }

    static void insertDevices(Connection connection, String runId, String productKey, List<String> devices,
                                      long batchId) throws SQLException {
        if (devices.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + DEVICE_TABLE
                                                                    + " (RUN_ID, PRODUCT_KEY, DEVICE_NAME, BATCH_ID) VALUES (?, ?, ?, ?)")) {
            for (String device : devices) {
                insert.setString(1, runId);
                insert.setString(2, productKey);
                insert.setString(3, device);
                insert.setLong(4, batchId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Moves devices to the new batch only if they still belong to the batch we saw: else someone else took them. */
    static void reclaimDevices(Connection connection, String runId, String productKey, Map<String, Long> devices,
                                       long batchId) throws SQLException {
        if (devices.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + DEVICE_TABLE
                                                                    + " SET BATCH_ID = ? WHERE RUN_ID = ? AND PRODUCT_KEY = ? AND DEVICE_NAME = ? AND BATCH_ID = ?")) {
            for (Map.Entry<String, Long> device : devices.entrySet()) {
                update.setLong(1, batchId);
                update.setString(2, runId);
                update.setString(3, productKey);
                update.setString(4, device.getKey());
                update.setLong(5, device.getValue());
                update.addBatch();
            }
            for (int count : update.executeBatch()) {
                if (count == 0) {
                    throw new SQLException("a device was claimed by another instance meanwhile", "40001");
                }
            }
        }
    }

    static void writeEnds(Connection connection, List<Ended> ends) throws SQLException {
        if (ends.isEmpty()) {
            return;
        }
        updateBatches(connection, ends);
        JournalOutcomeWrites.write(connection, ends);
    }

    private static void updateBatches(Connection connection, List<Ended> ends) throws SQLException {
        if (ends.stream().allMatch(ended -> ended.end() == null)) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + BATCH_TABLE
                                                                    + " SET STATE = ?, REQUEST_ID = ?, CODE = ?, ERROR_MESSAGE = ?, HTTP_STATUS = ?, ATTEMPTS = ?, ENDED_AT = ?"
                                                                    + " WHERE BATCH_ID = ? AND (? <> 'AWAITING_REPLIES' OR STATE = 'IN_FLIGHT')")) {
            for (Ended ended : ends) {
                BatchEnd end = ended.end();
                if (end == null) {
                    continue;
                }
                update.setString(1, end.state().name());
                update.setString(2, end.requestId());
                update.setString(3, end.code());
                update.setString(4, truncate(end.errorMessage()));
                update.setInt(5, end.httpStatus());
                update.setInt(6, end.attempts());
                update.setLong(7, ended.endedAt());
                update.setLong(8, ended.batchId());
                // written again after a failed write, an acceptance must not overwrite the final end queued after it
                update.setString(9, end.state().name());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static String truncate(String message) {
        return message == null || message.length() <= JournalSchema.MAX_ERROR_MESSAGE ? message
                : message.substring(0, JournalSchema.MAX_ERROR_MESSAGE);
    }
}
