package dev.vibe.riffs.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The runtime event ledger and its live stream. The prefix binds {@code RUNTIME_EVENTS_RETENTION},
 * {@code RUNTIME_EVENTS_MAX_STREAMS} and the others directly.
 */
@ConfigMapping(prefix = "runtime-events")
public interface RuntimeEventsConfig {

    /** How long events are kept; older ones are deleted in batches by the reconciler's replicas. */
    @WithDefault("30D")
    Duration retention();

    /** Events deleted per statement by the retention job. */
    @WithDefault("1000")
    int retentionBatchSize();

    /** Time between retention runs. */
    @WithDefault("1H")
    Duration retentionInterval();

    /** Open event streams ({@code GET /api/events}) per replica; beyond, {@code 503} with {@code Retry-After}. */
    @WithDefault("1000")
    int maxStreams();

    /** Time between two keep-alive comments on every open stream. */
    @WithDefault("15S")
    Duration keepAlive();

    /**
     * Safety net of the cross-replica fan-out: the ledger is read for new events at least this often even without a
     * notification (a lost one, a reconnect).
     */
    @WithDefault("5S")
    Duration pollInterval();

    /** Longest pause between two attempts at (re)connecting the listening connection. */
    @WithDefault("30S")
    Duration maxReconnectBackoff();
}
