package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.BATCH_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.DEVICE_TABLE;

/** Reads what the journal holds about some devices of a run: for each, the batch that last claimed it. */
final class DeviceRecords {

    /** One device's last batch, as stored. */
    record Record(String deviceName, long batchId, BatchState state, String owner, long leaseUntil, String requestId,
            String code, String errorMessage, int httpStatus) {
    }

    private DeviceRecords() {
    }

    static Map<String, Record> find(Connection connection, String runId, String productKey, List<String> deviceNames)
            throws SQLException {
        StringBuilder sql = new StringBuilder(256 + 2 * deviceNames.size())
                .append("SELECT d.DEVICE_NAME, b.BATCH_ID, b.STATE, b.OWNER, b.LEASE_UNTIL, b.REQUEST_ID, b.CODE, ")
                .append("b.ERROR_MESSAGE, b.HTTP_STATUS FROM ").append(DEVICE_TABLE).append(" d JOIN ")
                .append(BATCH_TABLE).append(" b ON b.BATCH_ID = d.BATCH_ID ")
                .append("WHERE d.RUN_ID = ? AND d.PRODUCT_KEY = ? AND d.DEVICE_NAME IN (");
        for (int i = 0; i < deviceNames.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        Map<String, Record> found = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setString(1, runId);
            statement.setString(2, productKey);
            for (int i = 0; i < deviceNames.size(); i++) {
                statement.setString(3 + i, deviceNames.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), new Record(rows.getString(1), rows.getLong(2),
                            BatchState.valueOf(rows.getString(3)), rows.getString(4), rows.getLong(5), rows.getString(6),
                            rows.getString(7), rows.getString(8), rows.getInt(9)));
                }
            }
        }
        return found;
    }
}
