package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camelaliyun.iot.outcomes.Outcome;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.BATCH_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.DEVICE_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.OUTCOME_TABLE;

/**
 * Reads what the journal holds about some devices of a run: for each, the batch that last claimed it and the device's
 * outcome in that batch when one was recorded.
 */
final class DeviceRecords {

    /** One device's last batch, as stored; {@code outcome} null when none was recorded for it in that batch. */
    record Record(String deviceName, long batchId, BatchState state, String owner, long leaseUntil, String requestId,
            String code, String errorMessage, int httpStatus, DeviceOutcome outcome) {
    }

    private DeviceRecords() {
    }

    static Map<String, Record> find(Connection connection, String runId, String productKey, List<String> deviceNames)
            throws SQLException {
        StringBuilder sql = new StringBuilder(256 + 2 * deviceNames.size())
                .append("SELECT d.DEVICE_NAME, b.BATCH_ID, b.STATE, b.OWNER, b.LEASE_UNTIL, b.REQUEST_ID, b.CODE, ")
                .append("b.ERROR_MESSAGE, b.HTTP_STATUS, o.OUTCOME, o.CODE, o.MESSAGE, o.DATA, o.SETTLED_AT FROM ")
                .append(DEVICE_TABLE).append(" d JOIN ").append(BATCH_TABLE).append(" b ON b.BATCH_ID = d.BATCH_ID ")
                .append("LEFT JOIN ").append(OUTCOME_TABLE).append(" o ON o.DEVICE_NAME = d.DEVICE_NAME AND ")
                .append("o.RUN_ID = d.RUN_ID AND o.PRODUCT_KEY = d.PRODUCT_KEY AND o.BATCH_ID = d.BATCH_ID ")
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
                            rows.getString(7), rows.getString(8), rows.getInt(9), outcome(rows, 10)));
                }
            }
        }
        return found;
    }

    /** The outcome in columns {@code from}.. (OUTCOME, CODE, MESSAGE, DATA, SETTLED_AT), null when absent. */
    static DeviceOutcome outcome(ResultSet rows, int from) throws SQLException {
        String outcome = rows.getString(from);
        return outcome == null ? null : new DeviceOutcome(rows.getString(1), Outcome.valueOf(outcome),
                rows.getString(from + 1), rows.getString(from + 2), rows.getString(from + 3), rows.getLong(from + 4));
    }
}
