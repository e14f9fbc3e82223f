package org.camelaliyun.iot.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects the INFO and WARN lines of the quota package. */
final class QuotaLogs extends AbstractAppender implements AutoCloseable {

    private static final String PACKAGE = "org.camelaliyun.iot.quota";

    final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerConfig loggerConfig;
    private final LoggerContext context;

    QuotaLogs() {
        super("captured-quota-logs", null, null, true, Property.EMPTY_ARRAY);
        start();
        context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = context.getConfiguration().getLoggerConfig(PACKAGE);
        if (!PACKAGE.equals(config.getName())) {
            config = new LoggerConfig(PACKAGE, Level.INFO, true);
            context.getConfiguration().addLogger(PACKAGE, config);
        }
        config.addAppender(this, Level.INFO, null);
        loggerConfig = config;
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    List<String> containing(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        loggerConfig.removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
