package dev.vibe.riffs.service.reconciler;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.RiffClaimRepository;
import dev.vibe.riffs.domain.refresh.RefreshBucketRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.lifecycle.SessionRuntimes;

/**
 * The status refresh of the tests: the configured one (whose {@code refresh-every} makes every status stale at once),
 * unless a test sets a realistic {@code refresh-every} for its own run; {@link #restoreConfigured} goes back. A CDI
 * alternative, so that no setter lives in production code; a singleton, since a client proxy would need a constructor
 * without parameters that the refresh does not have.
 */
@Alternative
@Priority(1)
@Singleton
public class TunableStatusRefresh extends RuntimeStatusRefresh {

    private volatile Duration refreshEvery;

    @Inject
    TunableStatusRefresh(RiffClaimRepository riffs, RefreshBucketRepository buckets, RuntimeApiClient api, SessionRuntimes sessions,
            RuntimeApiConfig config, RuntimeEvents events, StatusRechecks rechecks) {
        super(riffs, buckets, api, sessions, config, events, rechecks);
    }

    @Override
    protected Duration refreshEvery() {
        Duration set = refreshEvery;
        return set != null ? set : super.refreshEvery();
    }

    public void setRefreshEvery(Duration refreshEvery) {
        this.refreshEvery = refreshEvery;
    }

    /** Back to the configured {@code refresh-every}. */
    public void restoreConfigured() {
        refreshEvery = null;
    }
}
