package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.BATCH_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.DEVICE_TABLE;

/**
 * Devices of a claimed batch that were not sent and already have their end (the online pre-check found them offline),
 * waiting to be written: they move to a batch of their own, recorded with that end, so a resumed run reads them as
 * ended and the claim's end covers only the devices that were sent.
 */
record KeptBackDevices(BatchClaim claim, List<String> deviceNames, BatchEnd end, long endedAt) {

    static List<KeptBackDevices> drain(Queue<KeptBackDevices> pending) {
        List<KeptBackDevices> out = new ArrayList<>();
        for (KeptBackDevices next; (next = pending.poll()) != null;) {
            out.add(next);
        }
        return out;
    }

    /** Within the caller's transaction: one ended batch per entry, its devices moved to it. */
    static void write(Connection connection, List<KeptBackDevices> keptBack, String owner) throws SQLException {
        for (KeptBackDevices kept : keptBack) {
            long batchId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            BatchEnd end = kept.end();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + BATCH_TABLE
                    + " (BATCH_ID, RUN_ID, PRODUCT_KEY, DEVICES, STATE, OWNER, LEASE_UNTIL, STARTED_AT, ENDED_AT,"
                    + " REQUEST_ID, CODE, ERROR_MESSAGE, HTTP_STATUS, ATTEMPTS) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, batchId);
                insert.setString(2, kept.claim().runId());
                insert.setString(3, kept.claim().productKey());
                insert.setInt(4, kept.deviceNames().size());
                insert.setString(5, end.state().name());
                insert.setString(6, owner);
                insert.setLong(7, kept.endedAt());
                insert.setLong(8, kept.endedAt());
                insert.setString(9, end.requestId());
                insert.setString(10, end.code());
                insert.setString(11, end.errorMessage());
                insert.setInt(12, end.httpStatus());
                insert.setInt(13, end.attempts());
                insert.executeUpdate();
            }
            try (PreparedStatement move = connection.prepareStatement("UPDATE " + DEVICE_TABLE
                    + " SET BATCH_ID = ? WHERE RUN_ID = ? AND PRODUCT_KEY = ? AND DEVICE_NAME = ? AND BATCH_ID = ?")) {
                for (String device : kept.deviceNames()) {
                    move.setLong(1, batchId);
                    move.setString(2, kept.claim().runId());
                    move.setString(3, kept.claim().productKey());
                    move.setString(4, device);
                    move.setLong(5, kept.claim().batchId());
                    move.addBatch();
                }
                move.executeBatch();
            }
            try (PreparedStatement shrink = connection.prepareStatement("UPDATE " + BATCH_TABLE
                    + " SET DEVICES = DEVICES - ? WHERE BATCH_ID = ?")) {
                shrink.setInt(1, kept.deviceNames().size());
                shrink.setLong(2, kept.claim().batchId());
                shrink.executeUpdate();
            }
        }
    }
}
