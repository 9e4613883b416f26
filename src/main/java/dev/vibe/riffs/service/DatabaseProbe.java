package dev.vibe.riffs.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;

/**
 * Whether the database answers: a pooled connection, checked with a bounded validation. Bounded as a whole by the
 * pool's acquisition and login timeouts ({@code quarkus.datasource.jdbc.*}).
 */
@ApplicationScoped
public class DatabaseProbe {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final AgroalDataSource dataSource;

    DatabaseProbe(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Empty when the database answers; otherwise why not, for people (never a credential). */
    public Optional<String> problem() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS) ? Optional.empty() : Optional.of("Database did not answer in time");
        } catch (SQLException | RuntimeException e) {
            Log.debugf("Database check failed: %s", e.getMessage());
            return Optional.of("Database unavailable");
        }
    }
}
