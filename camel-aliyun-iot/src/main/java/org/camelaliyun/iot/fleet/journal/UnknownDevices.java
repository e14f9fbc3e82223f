package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.outcomes.DeviceResult;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.BATCH_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.DEVICE_TABLE;

/**
 * The journal's side of resolving unknown outcomes: finds the devices whose batch's outcome is unknown, and moves
 * resolved ones to a batch of their own, ended as accepted (invoked) or not sent (not invoked). A move is
 * conditional on the device still belonging to the unknown batch, so two instances resolving the same devices
 * cannot both send them.
 */
final class UnknownDevices {

    /** The code recorded for devices found invoked, in a batch ended as accepted. */
    static final String RESOLVED_INVOKED = "ResolvedInvoked";

    private UnknownDevices() {
    }

    static List<UnknownBatch> find(Connection connection, String runId, String productKey, List<String> deviceNames,
                                   long now) throws SQLException {
        StringBuilder sql = new StringBuilder(256 + 2 * deviceNames.size())
                .append("SELECT d.DEVICE_NAME, b.BATCH_ID, b.STARTED_AT FROM ").append(DEVICE_TABLE).append(" d JOIN ")
                .append(BATCH_TABLE).append(" b ON b.BATCH_ID = d.BATCH_ID WHERE d.RUN_ID = ? AND d.PRODUCT_KEY = ? ")
                .append("AND (b.STATE = 'UNKNOWN' OR (b.STATE = 'IN_FLIGHT' AND b.LEASE_UNTIL < ?)) ")
                .append("AND d.DEVICE_NAME IN (");
        for (int i = 0; i < deviceNames.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        Map<Long, List<String>> devices = new LinkedHashMap<>();
        Map<Long, Long> startedAt = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setString(1, runId);
            statement.setString(2, productKey);
            statement.setLong(3, now);
            for (int i = 0; i < deviceNames.size(); i++) {
                statement.setString(4 + i, deviceNames.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    devices.computeIfAbsent(rows.getLong(2), id -> new ArrayList<>()).add(rows.getString(1));
                    startedAt.put(rows.getLong(2), rows.getLong(3));
                }
            }
        }
        List<UnknownBatch> found = new ArrayList<>(devices.size());
        devices.forEach((id, names) -> found.add(new UnknownBatch(id, startedAt.get(id), names)));
        return found;
    }

    static void resolve(Connection connection, String owner, String runId, String productKey, long batchId,
                        List<DeviceResult> invoked, List<String> notInvoked, long now) throws SQLException {
        JournalWrites.markUnknown(connection, List.of(batchId), now);
        List<String> invokedNames = invoked.stream().map(DeviceResult::deviceName).toList();
        moveTo(connection, owner, runId, productKey, batchId, invokedNames, now, new BatchEnd(BatchState.ACCEPTED,
                null, RESOLVED_INVOKED, "the call's outcome was unknown; QueryDeviceServiceData shows the devices "
                                        + "were invoked", 0, 0));
        moveTo(connection, owner, runId, productKey, batchId, notInvoked, now, new BatchEnd(BatchState.NOT_SENT, null,
                ErrorCodes.NO_SERVICE_RECORD, "the call's outcome was unknown; QueryDeviceServiceData shows the "
                                              + "devices were not invoked", 0, 0));
    }

    /** Moves the devices still in {@code fromBatch} to a new batch that ends so; none moved, no batch. */
    private static void moveTo(Connection connection, String owner, String runId, String productKey, long fromBatch,
                               List<String> devices, long now, BatchEnd end) throws SQLException {
        if (devices.isEmpty()) {
            return;
        }
        long batchId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        int moved = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + DEVICE_TABLE + " SET BATCH_ID = ? "
                                                                    + "WHERE RUN_ID = ? AND PRODUCT_KEY = ? AND DEVICE_NAME = ? AND BATCH_ID = ?")) {
            for (String device : devices) {
                update.setLong(1, batchId);
                update.setString(2, runId);
                update.setString(3, productKey);
                update.setString(4, device);
                update.setLong(5, fromBatch);
                update.addBatch();
            }
            for (int count : update.executeBatch()) {
                moved += Math.max(0, count);
            }
        }
        if (moved > 0) {
            JournalWrites.insertBatch(connection, owner, 0, batchId, runId, productKey, moved, now);
            JournalWrites.writeEnds(connection, List.of(new JournalWrites.Ended(batchId, end, now)));
        }
    }
}
