package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.BATCH_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.DEVICE_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalSchema.OUTCOME_TABLE;

/**
 * The retry list of a finished run, read from its journal rather than from a results file: the devices
 * {@link DeviceResult#isWorthRetrying() worth calling again} (offline, no reply, unknown, refused for rate or
 * availability), each with what the journal recorded. Feed their names to a new run (a new run id).
 */
public final class JournalRetryList {

    private JournalRetryList() {
    }

    /**
     * @throws IllegalStateException when a batch of the run is still in flight with a running lease: the run is not
     *                               finished (another instance is sending it)
     */
    public static List<DeviceResult> of(DataSource journal, String runId) {
        String sql = "SELECT d.DEVICE_NAME, d.PRODUCT_KEY, b.STATE, b.LEASE_UNTIL, b.REQUEST_ID, b.CODE, "
                     + "b.ERROR_MESSAGE, o.OUTCOME, o.CODE, o.MESSAGE, o.DATA, o.SETTLED_AT FROM " + DEVICE_TABLE
                     + " d JOIN " + BATCH_TABLE + " b ON b.BATCH_ID = d.BATCH_ID LEFT JOIN " + OUTCOME_TABLE
                     + " o ON o.DEVICE_NAME = d.DEVICE_NAME AND o.RUN_ID = d.RUN_ID AND o.PRODUCT_KEY = d.PRODUCT_KEY"
                     + " AND o.BATCH_ID = d.BATCH_ID WHERE d.RUN_ID = ? ORDER BY d.PRODUCT_KEY, d.DEVICE_NAME";
        List<DeviceResult> retry = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Connection connection = journal.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams by fetch size only inside a transaction
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setFetchSize(1000);
                query.setString(1, runId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        DeviceResult result = result(rows, runId, now);
                        if (result != null && result.isWorthRetrying()) {
                            retry.add(result);
                        }
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new RunJournalException("Could not read the retry list of run " + runId + " from the journal: "
                                          + e.getMessage(), e);
        }
        return retry;
    }

    /** The device's outcome, null when it has none (accepted without awaiting replies). */
    private static DeviceResult result(ResultSet rows, String runId, long now) throws SQLException {
        String device = rows.getString(1);
        String productKey = rows.getString(2);
        BatchState state = BatchState.valueOf(rows.getString(3));
        String requestId = rows.getString(5);
        if (state == BatchState.IN_FLIGHT) {
            if (rows.getLong(4) >= now) {
                throw new IllegalStateException("Run " + runId + " is not finished: device " + device + " is in a "
                                                + "batch another instance is sending now; read its retry list once "
                                                + "the run has ended");
            }
            state = BatchState.UNKNOWN;
        }
        DeviceOutcome outcome = DeviceRecords.outcome(rows, 8);
        if (outcome == null && state == BatchState.ACCEPTED) {
            return null;
        }
        if (outcome == null) {
            String code = rows.getString(6);
            if (state == BatchState.UNKNOWN && code == null) {
                code = RunJournal.OUTCOME_UNKNOWN;
            }
            outcome = state == BatchState.NOT_SENT
                    ? new DeviceOutcome(device, Outcome.NOT_INVOKED, code,
                            rows.getString(7), null, now)
                    : RecalledBatches.unrecorded(device, state, code, rows.getString(7), now);
        }
        return outcome.toResult(productKey, requestId);
    }
}
