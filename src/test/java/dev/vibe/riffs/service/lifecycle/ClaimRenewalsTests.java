package dev.vibe.riffs.service.lifecycle;

import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Claim renewals never wait on a riff another transaction holds: the renewal locks many rows in one statement while the
 * recorder locks a batch's riffs one by one, and waiting both ways deadlocked them under load (three replicas catching
 * up 100,000 riffs), undoing recordings of runtimes just started.
 */
@QuarkusTest
class ClaimRenewalsTests {

    @Inject
    ClaimRenewals renewals;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRenewalSkipsTheRowsAnotherTransactionHoldsAndRenewsTheRest() throws Exception {
        String user = newUser();
        createApp(user, "renewals");
        List<Long> ids = expiredClaims(user, "renewals", "renewal-token", 2);
        long held = ids.get(0);
        long free = ids.get(1);

        try (Connection holder = dataSource.getConnection(); Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("select 1 from riffs where id = " + held + " for update");

            CompletableFuture<Void> renewal = CompletableFuture.runAsync(
                    () -> renewals.renew(List.of(new RiffClaim(held, "renewal-token"), new RiffClaim(free, "renewal-token"))));
            renewal.get(10, TimeUnit.SECONDS); // a renewal waiting on the held row would never end before the rollback

            holder.rollback();
        }

        assertThat(claimLive(free)).as("the free riff's claim is renewed").isTrue();
        assertThat(claimLive(held)).as("the held riff is skipped, left for the next renewal").isFalse();
    }

    private List<Long> expiredClaims(String user, String app, String token, int count) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, runtime_claim, runtime_claim_until)
                select a.id, a.user_id, 'claimed-' || n, now(), a.user_id, a.user_id || ':' || a.slug || ':claimed-' || n,
                       ?3, clock_timestamp() - interval '1 second'
                from apps a, generate_series(1, ?4) n
                where a.user_id = ?1 and a.slug = ?2
                returning id""", Long.class)
                .setParameter(1, user).setParameter(2, app).setParameter(3, token).setParameter(4, count)
                .getResultList().stream().sorted().toList());
    }

    private boolean claimLive(long riffId) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery(
                "select runtime_claim_until > clock_timestamp() from riffs where id = ?1")
                .setParameter(1, riffId).getSingleResult());
    }
}
