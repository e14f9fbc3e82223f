package org.camelaliyun.iot.credentials;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects every log line of this package, down to DEBUG, so tests can check that none carries a secret. */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private static final String PACKAGE = "org.camelaliyun.iot.credentials";

    final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerConfig loggerConfig;
    private final LoggerContext context;

    CapturedLogs() {
        super("captured-credentials-logs", null, null, true, Property.EMPTY_ARRAY);
        start();
        context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = context.getConfiguration().getLoggerConfig(PACKAGE);
        if (!PACKAGE.equals(config.getName())) {
            config = new LoggerConfig(PACKAGE, Level.DEBUG, true);
            context.getConfiguration().addLogger(PACKAGE, config);
        }
        config.setLevel(Level.DEBUG);
        config.addAppender(this, Level.DEBUG, null);
        loggerConfig = config;
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
        loggerConfig.removeAppender(getName());
        context.getConfiguration().removeLogger(PACKAGE);
        context.updateLoggers();
        stop();
    }
}
