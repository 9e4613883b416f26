package dev.vibe.riffs.service.reconciler;

import static dev.vibe.riffs.Bursts.together;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.domain.RiffMetricsRepository;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.domain.refresh.RefreshBucketRepository;
import dev.vibe.riffs.domain.refresh.RefreshBucketRepository.LeasedBucket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The regular status refresh goes bucket by bucket: it writes a riff only when its status changed, leaves a riff being
 * changed to its claimant, gives a bucket back when its look-up failed, and replicas lease disjoint buckets.
 */
@QuarkusTest
class StatusRefreshBucketsTests extends FreshRuntimeApiTest {

    @Inject
    TunableStatusRefresh refresh;

    @Inject
    RefreshBucketRepository buckets;

    @Inject
    RiffClaimRepository claims;

    @Inject
    RiffMetricsRepository metrics;

    @Inject
    RiffRepository riffs;

    @Inject
    EntityManager em;

    @AfterEach
    void configured() {
        refresh.restoreConfigured();
    }

    /** A riff whose runtime runs, stored as running since two minutes ago. */
    private Riff runningRiff(String user, String app, String slug) {
        RunningRiffs.insert(simulator, em, user, app, slug, Duration.ofMinutes(2));
        return stored(user, slug);
    }

    private Riff stored(String user, String slug) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.<Riff>find("userId = ?1 and slug = ?2", user, slug).firstResult());
    }

    private Instant checkOfBucket(long riffId) {
        return QuarkusTransaction.requiringNew().call(() -> (Instant) em.createNativeQuery(
                "select checked_at from runtime_refresh_buckets where bucket = ?1")
                .setParameter(1, (int) (riffId % RefreshBucketRepository.BUCKETS)).getSingleResult());
    }

    private long eventsOf(long riffId, String reason) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from runtime_events where riff_id = ?1 and reason = ?2")
                .setParameter(1, riffId).setParameter(2, reason).getSingleResult()).longValue());
    }

    @Test
    void writesOnlyTheRiffsWhoseStatusChangedAndChecksTheBucketsOfAll() {
        String user = newUser();
        createApp(user, "app");
        Riff changed = runningRiff(user, "app", "changed");
        Riff unchanged = runningRiff(user, "app", "unchanged");
        simulator.forceStatus(changed.runtimeId, "paused", "not found"); // a change made outside the service
        Instant before = Instant.now();

        refresh.refresh(Instant.now().plusSeconds(30));

        Riff changedAfter = stored(user, "changed");
        assertThat(changedAfter.runtimeStatus).isEqualTo(RuntimeStatus.PAUSED);
        assertThat(changedAfter.runtimeStatusAt).isAfter(before);
        assertThat(eventsOf(changed.id, "observed")).isOne();
        Riff unchangedAfter = stored(user, "unchanged");
        assertThat(unchangedAfter.runtimeStatus).isEqualTo(RuntimeStatus.RUNNING);
        assertThat(unchangedAfter.version).isEqualTo(unchanged.version);
        assertThat(unchangedAfter.runtimeStatusAt).isEqualTo(unchanged.runtimeStatusAt); // two minutes old, and not written
        assertThat(checkOfBucket(unchanged.id)).isAfter(before); // but checked now
    }

    @Test
    void theStatusAgeGaugeCountsFromTheOldestCheckOfABucketWithLiveRiffs() {
        String user = newUser();
        createApp(user, "app");
        Riff riff = runningRiff(user, "app", "r");
        refresh.refresh(Instant.now().plusSeconds(30));
        assertThat(metrics.oldestLiveStatusAgeSeconds()).isLessThan(30);

        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update runtime_refresh_buckets set checked_at = now() - interval '100 seconds' where bucket = ?1")
                .setParameter(1, (int) (riff.id % RefreshBucketRepository.BUCKETS)).executeUpdate());

        assertThat(metrics.oldestLiveStatusAgeSeconds()).isBetween(100.0, 130.0);
    }

    @Test
    void leavesARiffBeingChangedToItsClaimant() {
        String user = newUser();
        createApp(user, "app");
        Riff riff = runningRiff(user, "app", "claimed");
        assertThat(QuarkusTransaction.requiringNew().call(() -> claims.claim(riff.id, "pausing-it", Duration.ofMinutes(1), false))).isTrue();
        simulator.forceStatus(riff.runtimeId, "paused", "not found"); // the claimant's pause, not recorded yet

        refresh.refresh(Instant.now().plusSeconds(30));

        assertThat(stored(user, "claimed").runtimeStatus).isEqualTo(RuntimeStatus.RUNNING);
        assertThat(eventsOf(riff.id, "observed")).isZero();

        QuarkusTransaction.requiringNew().run(() -> claims.release(riff.id, "pausing-it"));
        refresh.refresh(Instant.now().plusSeconds(30));

        assertThat(stored(user, "claimed").runtimeStatus).isEqualTo(RuntimeStatus.PAUSED);
    }

    @Test
    void givesABucketBackWhenItsLookUpFailed() {
        String user = newUser();
        createApp(user, "app");
        Riff riff = runningRiff(user, "app", "r");
        refresh.refresh(Instant.now().plusSeconds(30));
        Instant checked = checkOfBucket(riff.id);
        simulator.goDown();

        assertThatThrownBy(() -> refresh.refresh(Instant.now().plusSeconds(30))).isInstanceOf(RuntimeException.class);

        assertThat(checkOfBucket(riff.id)).isEqualTo(checked);
        assertThat(stored(user, "r").runtimeStatus).isEqualTo(RuntimeStatus.RUNNING);
    }

    @Test
    void replicasLeaseDisjointBuckets() throws Exception {
        Instant now = Instant.now();
        // Three replicas at once, each asking for more than a third of the buckets, all of them due.
        List<List<LeasedBucket>> leased = together(3, () -> QuarkusTransaction.requiringNew()
                .call(() -> buckets.leaseStale(now, now, 400)));

        Set<Integer> seen = new HashSet<>();
        for (List<LeasedBucket> one : leased) {
            for (LeasedBucket bucket : one) {
                assertThat(seen.add(bucket.bucket())).as("bucket %d leased twice", bucket.bucket()).isTrue();
            }
        }
        assertThat(seen).hasSize(RefreshBucketRepository.BUCKETS);
    }
}
