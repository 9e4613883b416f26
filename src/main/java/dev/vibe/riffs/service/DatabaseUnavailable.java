package dev.vibe.riffs.service;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a failure because the database cannot be reached from any other: it is somewhere in the cause chain,
 * under whatever the transaction interceptor, Narayana or Hibernate wrapped it in. What counts:
 * <ul>
 * <li>SQLState class {@code 08} (connection exception: refused, closed, I/O error, attempt timed out), also as
 * Hibernate's {@link JDBCConnectionException} or JDBC's connection exception classes;</li>
 * <li>{@code 57P01}/{@code 57P02}/{@code 57P03} (the server is shutting down or cannot accept connections yet) and
 * {@code 53300} (too many connections);</li>
 * <li>Agroal's acquisition timeouts, which are plain {@link SQLException}s without a SQLState, known by their
 * message.</li>
 * </ul>
 * Not a statement timeout ({@code 57014}), a constraint violation or any other SQL error: those stay server errors.
 */
public final class DatabaseUnavailable {

    private static final Set<String> SQL_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    private static final Set<String> POOL_TIMEOUTS = Set.of("Sorry, acquisition timeout!",
            "Acquisition timeout while waiting for new connection");
    private static final int MAX_DEPTH = 32;

    private DatabaseUnavailable() {
    }

    /**
     * @return the deepest exception in the cause chain of {@code failure} (itself included) that shows the database
     *         unavailable, the most precise one to log; null when the failure is of another kind
     */
    public static Throwable causeIn(Throwable failure) {
        Throwable found = null;
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (showsUnavailable(current)) {
                found = current;
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return found;
    }

    private static boolean showsUnavailable(Throwable e) {
        if (e instanceof JDBCConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (e instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null) {
                return state.startsWith("08") || SQL_STATES.contains(state);
            }
            return POOL_TIMEOUTS.contains(sql.getMessage());
        }
        return false;
    }
}
