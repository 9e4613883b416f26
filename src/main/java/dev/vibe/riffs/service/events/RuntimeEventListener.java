package dev.vibe.riffs.service.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Iterator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.vibe.riffs.config.RuntimeEventsConfig;
import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.domain.RuntimeEventRepository;
import dev.vibe.riffs.service.DatabaseUnavailableWarning;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Brings the events that any replica commits to this replica's streams, with PostgreSQL as the only shared
 * infrastructure: one dedicated connection per replica (not from the pool) {@code LISTEN}s on the
 * {@code runtime_events} channel, on one daemon thread. Each notification (sent in the transaction that records the
 * event, so delivered on its commit) carries an event id; the thread then reads, in one query, the notified events and
 * any newer than the last it saw (the latter also every {@code poll-interval}, a safety net for a lost notification or
 * a reconnect), and hands them to the {@link RuntimeEventHub}. A dropped connection is made again with growing pauses.
 */
@ApplicationScoped
public class RuntimeEventListener {

    private static final int BATCH = 1000;
    private static final int REMEMBERED = 10_000;

    private final RuntimeEventHub hub;
    private final RuntimeEventsConfig config;
    private final DatabaseUnavailableWarning databaseWarning;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final LinkedHashSet<Long> delivered = new LinkedHashSet<>();
    private volatile boolean running;
    private Thread thread;
    private long lastSeen = -1;

    RuntimeEventListener(RuntimeEventHub hub, RuntimeEventsConfig config, DatabaseUnavailableWarning databaseWarning,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.hub = hub;
        this.config = config;
        this.databaseWarning = databaseWarning;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent started) {
        running = true;
        thread = new Thread(this::run, "runtime-event-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try (Connection connection = connect()) {
                backoff = Duration.ofMillis(500);
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                // An outage is reported once per interval with the requests' failures; anything else is worth a line.
                if (!databaseWarning.recordIfUnavailable(e)) {
                    Log.warnf("Runtime event listener failed; reconnecting in %d ms: %s", backoff.toMillis(), e.getMessage());
                } else {
                    Log.debugf("Runtime event listener lost its connection; reconnecting in %d ms", backoff.toMillis());
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(config.maxReconnectBackoff()) > 0) {
                    backoff = config.maxReconnectBackoff();
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("ApplicationName", "vibe-riffs runtime event listener");
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + RuntimeEventRepository.CHANNEL);
        }
        if (lastSeen < 0) {
            try (Statement statement = connection.createStatement();
                    ResultSet max = statement.executeQuery("select coalesce(max(id), 0) from runtime_events")) {
                max.next();
                lastSeen = max.getLong(1);
            }
        }
        Log.debugf("Runtime event listener listening from event %d", lastSeen);
        return connection;
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection listening = connection.unwrap(PGConnection.class);
        int timeout = (int) Math.max(1, config.pollInterval().toMillis());
        while (running) {
            PGNotification[] notifications = listening.getNotifications(timeout);
            List<Long> notified = new ArrayList<>();
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    try {
                        notified.add(Long.parseLong(notification.getParameter()));
                    } catch (NumberFormatException e) {
                        Log.debugf("Ignored notification %s", notification.getParameter());
                    }
                }
            }
            fetch(connection, notified);
        }
    }

    /** Reads the notified events and those after the last seen, and hands those not delivered yet to the streams. */
    private void fetch(Connection connection, List<Long> notified) throws SQLException {
        List<RuntimeEvent> fresh = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("select " + RuntimeEventRepository.COLUMNS
                + " from runtime_events where id > ? or id = any(?) order by id limit " + BATCH)) {
            query.setLong(1, lastSeen);
            query.setArray(2, connection.createArrayOf("bigint", notified.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    RuntimeEvent event = RuntimeEventRepository.event(rows);
                    lastSeen = Math.max(lastSeen, event.id());
                    if (delivered.add(event.id())) {
                        fresh.add(event);
                    }
                }
            }
        }
        for (Iterator<Long> oldest = delivered.iterator(); delivered.size() > REMEMBERED && oldest.hasNext();) {
            oldest.next();
            oldest.remove();
        }
        if (!fresh.isEmpty()) {
            hub.dispatch(fresh);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
