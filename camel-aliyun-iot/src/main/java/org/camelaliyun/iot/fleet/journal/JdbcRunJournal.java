package org.camelaliyun.iot.fleet.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.camelaliyun.iot.outcomes.Outcome;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.camelaliyun.iot.fleet.journal.JournalSchema.BATCH_TABLE;
import static org.camelaliyun.iot.fleet.journal.JournalWrites.Ended;

/**
 * The run journal over JDBC (H2, PostgreSQL, any database with standard SQL). One transaction per batch before it is
 * sent: the ends of batches that finished since are written in the same commit, so a batch costs one commit. Ends are
 * otherwise written every {@value #FLUSH_MILLIS} ms by a timer, which also renews this instance's leases.
 * <p>
 * A batch in flight is owned by the instance that recorded it until its lease runs out; the owner renews the leases
 * of all its batches in flight while it lives. Another instance sees a batch in flight with an expired lease as left
 * by a dead instance: {@link BatchState#UNKNOWN}.
 */
public final class JdbcRunJournal implements RunJournal {

    static final long FLUSH_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRunJournal.class);
    private static final int CLAIM_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final Runnable onClose;
    private final long leaseMillis;
    private final LongSupplier clock;
    private final String owner;
    private final ConcurrentLinkedQueue<Ended> pendingEnds = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<KeptBackDevices> pendingKeptBack = new ConcurrentLinkedQueue<>();
    private final Map<String, Boolean> resumedRuns = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    private ScheduledFuture<?> timer;
    private volatile long lastRenewal;

    /**
     * @param onClose     releases what the journal opened itself (an H2 pool), nothing for a DataSource bean
     * @param leaseMillis how long a batch in flight stays this instance's without renewal
     */
    public JdbcRunJournal(DataSource dataSource, Runnable onClose, long leaseMillis, LongSupplier clock) {
        if (leaseMillis < 3 * FLUSH_MILLIS) {
            throw new IllegalArgumentException("journalLeaseTime must be at least " + 3 * FLUSH_MILLIS + " ms, got "
                                               + leaseMillis);
        }
        this.dataSource = dataSource;
        this.onClose = onClose;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
        this.owner = ProcessHandle.current().pid() + "@" + hostName() + "/" + UUID.randomUUID();
    }

    /** Creates the tables if missing and starts the timer that writes ends and renews leases. */
    public JdbcRunJournal start(ScheduledExecutorService scheduler) {
        JournalSchema.create(dataSource);
        lastRenewal = clock.getAsLong();
        timer = scheduler.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** This instance's name in the OWNER column. */
    public String owner() {
        return owner;
    }

    @Override
    public BatchClaim begin(String runId, String productKey, List<String> deviceNames, boolean retryUnknown) {
        if (runId == null || runId.isBlank() || runId.length() > JournalSchema.MAX_RUN_ID) {
            throw new IllegalArgumentException("The fleet run id must be 1-" + JournalSchema.MAX_RUN_ID
                                               + " characters, got " + (runId == null ? "none" : runId.length()));
        }
        boolean resumed = resumedRuns.computeIfAbsent(runId, this::registerRun);
        SQLException last = null;
        for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
            // under the flush lock: an end the timer is writing commits before this batch's in-flight record, so a
            // sequential run never has two batches in flight in the journal
            synchronized (flushLock) {
                List<Ended> ends = drain();
                List<KeptBackDevices> keptBack = KeptBackDevices.drain(pendingKeptBack);
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    try {
                        JournalWrites.writeEnds(connection, ends);
                        KeptBackDevices.write(connection, keptBack, owner);
                        BatchClaim claim = claim(connection, runId, productKey, deviceNames, retryUnknown, resumed);
                        connection.commit();
                        return claim;
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback();
                        throw e;
                    }
                } catch (SQLException | RuntimeException e) {
                    pendingEnds.addAll(ends); // not written: the next transaction writes them
                    pendingKeptBack.addAll(keptBack);
                    if (!(e instanceof SQLException sql) || !isConflict(sql)) {
                        throw new RunJournalException("The run journal could not record a batch of run " + runId
                                                      + " before sending it; nothing was sent: " + e.getMessage(), e);
                    }
                    last = sql; // another instance claimed some of these devices at the same moment: look again
                }
            }
        }
        throw new RunJournalException("The run journal could not claim a batch of run " + runId + " after "
                                      + CLAIM_ATTEMPTS + " attempts (other instances kept claiming the same devices);"
                                      + " nothing was sent", last);
    }

    private BatchClaim claim(Connection connection, String runId, String productKey, List<String> deviceNames,
                             boolean retryUnknown, boolean resumed) throws SQLException {
        long now = clock.getAsLong();
        Map<String, DeviceRecords.Record> found = DeviceRecords.find(connection, runId, productKey, deviceNames);
        List<String> toInsert = new ArrayList<>();
        Map<String, Long> toReclaim = new LinkedHashMap<>();
        List<Long> expired = new ArrayList<>();
        Map<Long, List<DeviceRecords.Record>> recalledDevices = new LinkedHashMap<>();
        Map<Long, BatchState> recalledStates = new LinkedHashMap<>();
        List<String> toSend = new ArrayList<>();
        for (String device : deviceNames) {
            DeviceRecords.Record record = found.get(device);
            BatchState state = record == null ? null : record.state();
            if (state == BatchState.IN_FLIGHT && record.leaseUntil() < now) {
                state = BatchState.UNKNOWN; // its owner died (or stalled past its lease) with the batch in flight
                if (!expired.contains(record.batchId())) {
                    expired.add(record.batchId());
                }
            }
            if (state == null) {
                toInsert.add(device);
                toSend.add(device);
            } else if (state != BatchState.IN_FLIGHT && sendAgain(state, record.outcome(), retryUnknown)) {
                toReclaim.put(device, record.batchId());
                toSend.add(device);
            } else {
                recalledDevices.computeIfAbsent(record.batchId(), id -> new ArrayList<>()).add(record);
                recalledStates.putIfAbsent(record.batchId(), state);
            }
        }
        JournalWrites.markUnknown(connection, expired, now);
        long batchId = 0;
        if (!toSend.isEmpty()) {
            batchId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            JournalWrites.insertBatch(connection, owner, leaseMillis, batchId, runId, productKey, toSend.size(), now);
            JournalWrites.insertDevices(connection, runId, productKey, toInsert, batchId);
            JournalWrites.reclaimDevices(connection, runId, productKey, toReclaim, batchId);
        }
        List<RecalledBatch> recalled = new ArrayList<>(recalledDevices.size());
        recalledDevices.forEach((id, records) -> recalled.add(
                RecalledBatches.of(records, recalledStates.get(id), productKey, now)));
        return new BatchClaim(batchId, runId, productKey, toSend, recalled, resumed);
    }

    /**
     * Whether a resumed run sends a device its journal already knows: a device outcome decides when one was recorded
     * (only UNKNOWN, or NOT_INVOKED in a batch that never ended or never left, is sent), else the batch's end.
     */
    private static boolean sendAgain(BatchState state, DeviceOutcome outcome, boolean retryUnknown) {
        if (outcome != null) {
            return !outcome.isFinal(state) && (outcome.outcome() != Outcome.UNKNOWN || retryUnknown);
        }
        // (an UNKNOWN device is where a resolver asking the platform - QueryDeviceServiceData - records an outcome)
        return state == BatchState.NOT_SENT || (state == BatchState.UNKNOWN && retryUnknown);
    }

    @Override
    public List<UnknownBatch> unknown(String runId, String productKey, List<String> deviceNames) {
        try (Connection connection = dataSource.getConnection()) {
            return UnknownDevices.find(connection, runId, productKey, deviceNames, clock.getAsLong());
        } catch (SQLException e) {
            throw new RunJournalException("The run journal could not read the unknown devices of run " + runId
                                          + "; nothing was sent: " + e.getMessage(), e);
        }
    }

    @Override
    public void resolved(String runId, String productKey, long batchId, List<DeviceResult> invoked,
                         List<String> notInvoked) {
        synchronized (flushLock) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    UnknownDevices.resolve(connection, owner, runId, productKey, batchId, invoked, notInvoked,
                            clock.getAsLong());
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new RunJournalException("The run journal could not record the resolved devices of run " + runId
                                              + " (they stay UNKNOWN): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void end(BatchClaim claim, BatchEnd end) {
        if (claim.batchId() != 0) {
            pendingEnds.add(new Ended(claim.batchId(), end, clock.getAsLong()));
        }
    }

    @Override
    public void endDevices(BatchClaim claim, List<String> deviceNames, BatchEnd end) {
        if (claim.batchId() != 0 && !deviceNames.isEmpty()) {
            pendingKeptBack.add(new KeptBackDevices(claim, List.copyOf(deviceNames), end, clock.getAsLong()));
        }
    }

    @Override
    public void end(BatchClaim claim, BatchEnd end, List<DeviceOutcome> outcomes) {
        if (claim.batchId() != 0) {
            pendingEnds.add(new Ended(claim.batchId(), end, clock.getAsLong(), claim.runId(), claim.productKey(),
                    List.copyOf(outcomes), false));
        }
    }

    @Override
    public void recordOutcomes(String runId, String productKey, long batchId, List<DeviceOutcome> outcomes) {
        if (!outcomes.isEmpty()) {
            pendingEnds.add(new Ended(batchId, null, clock.getAsLong(), runId, productKey, List.copyOf(outcomes), true));
        }
    }

    private List<Ended> drain() {
        List<Ended> ends = new ArrayList<>();
        for (Ended ended; (ended = pendingEnds.poll()) != null;) {
            ends.add(ended);
        }
        return ends;
    }

    /** Writes pending ends and, every third of a lease, pushes the lease of this instance's batches in flight. */
    void flush() throws SQLException {
        synchronized (flushLock) {
            long now = clock.getAsLong();
            boolean renew = now - lastRenewal >= leaseMillis / 3;
            List<Ended> ends = drain();
            // after the ends: devices kept back from a batch are queued before its end, so both land together
            List<KeptBackDevices> keptBack = KeptBackDevices.drain(pendingKeptBack);
            if (ends.isEmpty() && keptBack.isEmpty() && !renew) {
                return;
            }
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    JournalWrites.writeEnds(connection, ends);
                    KeptBackDevices.write(connection, keptBack, owner);
                    if (renew) {
                        try (PreparedStatement update = connection.prepareStatement("UPDATE " + BATCH_TABLE
                                                                                    + " SET LEASE_UNTIL = ? WHERE OWNER = ? AND STATE = 'IN_FLIGHT'")) {
                            update.setLong(1, now + leaseMillis);
                            update.setString(2, owner);
                            update.executeUpdate();
                        }
                    }
                    connection.commit();
                    if (renew) {
                        lastRenewal = now;
                    }
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                pendingEnds.addAll(ends);
                pendingKeptBack.addAll(keptBack);
                throw e;
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (Exception e) {
            // kept queued and tried again on the next tick; a batch whose end never lands is reported UNKNOWN later
            LOG.warn("The run journal could not write {} batch end(s) yet: {}", pendingEnds.size(), e.toString());
        }
    }

    private boolean registerRun(String runId) {
        long now = clock.getAsLong();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + JournalSchema.RUN_TABLE
                                                                        + " (RUN_ID, STARTED_AT, LAST_SEEN_AT, EXECUTIONS) VALUES (?, ?, ?, 1)")) {
                insert.setString(1, runId);
                insert.setLong(2, now);
                insert.setLong(3, now);
                insert.executeUpdate();
                return false;
            } catch (SQLException e) {
                if (!isConflict(e)) {
                    throw e;
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + JournalSchema.RUN_TABLE
                                                                        + " SET EXECUTIONS = EXECUTIONS + 1, LAST_SEEN_AT = ? WHERE RUN_ID = ?")) {
                update.setLong(1, now);
                update.setString(2, runId);
                update.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            throw new RunJournalException("The run journal could not record run " + runId + "; nothing was sent: "
                                          + e.getMessage(), e);
        }
    }

    /** Unique violations (23xxx) and serialization failures or deadlocks (40xxx) mean: another instance won a race. */
    private static boolean isConflict(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && (state.startsWith("23") || state.startsWith("40"))) {
                return true;
            }
        }
        return false;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.cancel(false);
        }
        try {
            flush();
        } catch (Exception e) {
            LOG.warn("The run journal closed with {} batch end(s) unwritten (they will read as UNKNOWN): {}",
                    pendingEnds.size(), e.toString());
        } finally {
            onClose.run();
        }
    }
}
