package dev.vibe.riffs.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import jakarta.persistence.PersistenceException;
import jakarta.persistence.QueryTimeoutException;
import jakarta.transaction.RollbackException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import io.quarkus.arc.ArcUndeclaredThrowableException;

/** Which failures are the database being unavailable (503), as they surface through the layers. */
class DatabaseUnavailableTests {

    @Test
    void findsConnectionFailuresThroughTheWrappers() {
        PSQLException refused = new PSQLException("Connection to 127.0.0.1:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused"));
        PSQLException broken = new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE);

        assertThat(DatabaseUnavailable.causeIn(refused)).isSameAs(refused);
        assertThat(DatabaseUnavailable.causeIn(new JDBCConnectionException("Unable to acquire JDBC Connection", refused))).isSameAs(refused);
        assertThat(DatabaseUnavailable.causeIn(new PersistenceException(new JDBCConnectionException("JDBC exception executing SQL", broken))))
                .isSameAs(broken);
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.initCause(new PersistenceException(broken));
        assertThat(DatabaseUnavailable.causeIn(new ArcUndeclaredThrowableException(rollback))).isSameAs(broken);
        assertThat(DatabaseUnavailable.causeIn(new JDBCConnectionException("no SQL exception underneath", (SQLException) null))).isNotNull();
        assertThat(DatabaseUnavailable.causeIn(new SQLTransientConnectionException("pool says no"))).isNotNull();
    }

    @Test
    void findsServerShutdownsAndStartups() {
        for (String state : new String[] { "57P01", "57P02", "57P03", "53300", "08003", "08P01" }) {
            SQLException sql = new SQLException("FATAL: " + state, state);
            assertThat(DatabaseUnavailable.causeIn(new GenericJDBCException("could not execute statement", sql))).as(state).isSameAs(sql);
        }
    }

    @Test
    void findsAgroalAcquisitionTimeouts() {
        SQLException sorry = new SQLException("Sorry, acquisition timeout!");
        SQLException waiting = new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException());
        assertThat(DatabaseUnavailable.causeIn(new GenericJDBCException("Unable to acquire JDBC Connection", sorry))).isSameAs(sorry);
        assertThat(DatabaseUnavailable.causeIn(new PersistenceException(new GenericJDBCException("Unable to acquire JDBC Connection", waiting))))
                .isSameAs(waiting);
    }

    @Test
    void leavesOtherFailuresToTheServerErrorPath() {
        assertThat(DatabaseUnavailable.causeIn(new ConstraintViolationException("duplicate key",
                new SQLIntegrityConstraintViolationException("duplicate key value violates unique constraint", "23505"), "apps_pkey"))).isNull();
        assertThat(DatabaseUnavailable.causeIn(new QueryTimeoutException(new SQLException("canceling statement due to statement timeout", "57014"))))
                .isNull();
        assertThat(DatabaseUnavailable.causeIn(new GenericJDBCException("oops", new SQLException("syntax error", "42601")))).isNull();
        assertThat(DatabaseUnavailable.causeIn(new SQLException("Something else without a state"))).isNull();
        assertThat(DatabaseUnavailable.causeIn(new IllegalStateException("not the database"))).isNull();
        assertThat(DatabaseUnavailable.causeIn(null)).isNull();
    }

    @Test
    void endsOnCauseCycles() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second", first);
        first.initCause(second);
        assertThat(DatabaseUnavailable.causeIn(first)).isNull();
    }
}
