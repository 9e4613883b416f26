package dev.vibe.riffs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Everything the application logs while it is open, as text (messages and stack traces), for tests to search. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        capture.root.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringWriter text = new StringWriter().append(String.valueOf(message));
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        Map<String, String> mdc = record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of();
        lines.add(new Line(record.getLevel(), record.getLoggerName(), text.toString(), mdc));
    }

    public List<String> lines() {
        return lines.stream().map(Line::text).toList();
    }

    /** The lines logged at {@code level} or above (WARN and ERROR for {@link Level#WARNING}), from any logger. */
    public List<Line> linesAtLeast(Level level) {
        return lines.stream().filter(line -> line.level().intValue() >= level.intValue()).toList();
    }

    /** One log record: its level, logger, message (with any stack trace) and the MDC it was logged with. */
    public record Line(Level level, String logger, String text, Map<String, String> mdc) {
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
