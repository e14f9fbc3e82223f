package org.camelaliyun.iot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.camelaliyun.iot.fleet.journal.JdbcRunJournal;
import org.camelaliyun.iot.fleet.journal.JournalLocation;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The run journals of one component, one per location and lease: endpoints naming the same journal share it (one
 * pool, one lease timer). Opened when the first endpoint needing it starts, closed when the component stops.
 */
final class AliyunIotJournals {

    private final Map<String, RunJournal> open = new LinkedHashMap<>();
    private final List<RunJournal> owned = new ArrayList<>();

    synchronized RunJournal journal(AliyunIotConfiguration configuration, CamelContext context,
                                    ScheduledExecutorService timer) {
        JournalLocation location = JournalLocation.parse(configuration.getJournal());
        String key = location + "|" + configuration.getJournalLeaseTime();
        RunJournal journal = open.get(key);
        if (journal == null) {
            journal = open(location, configuration.getJournalLeaseTime(), context, timer);
            open.put(key, journal);
        }
        return journal;
    }

    private RunJournal open(JournalLocation location, long leaseMillis, CamelContext context,
                            ScheduledExecutorService timer) {
        if (location.beanName() != null) {
            Object bean = context.getRegistry().lookupByName(location.beanName());
            if (bean instanceof RunJournal journal) {
                return journal; // the application's own: it closes it
            }
            if (!(bean instanceof DataSource dataSource)) {
                throw new IllegalArgumentException("journal=#" + location.beanName() + ": "
                                                   + (bean == null ? "no bean of that name in the registry"
                                                           : "the bean is a " + bean.getClass().getName())
                                                   + "; bind a javax.sql.DataSource (e.g. PostgreSQL's) under that name");
            }
            return own(new JdbcRunJournal(dataSource, () -> {
            }, leaseMillis, System::currentTimeMillis).start(timer));
        }
        try {
            Path parent = location.h2File().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("journal=" + location + ": cannot create its folder: " + e.getMessage(), e);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(location.h2Url(), "sa", "");
        try {
            return own(new JdbcRunJournal(pool, pool::dispose, leaseMillis, System::currentTimeMillis).start(timer));
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    private RunJournal own(RunJournal journal) {
        owned.add(journal);
        return journal;
    }

    synchronized void close() {
        for (RunJournal journal : owned) {
            journal.close();
        }
        owned.clear();
        open.clear();
    }
}
