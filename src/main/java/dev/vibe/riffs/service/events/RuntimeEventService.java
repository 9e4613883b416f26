package dev.vibe.riffs.service.events;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeEventsConfig;
import dev.vibe.riffs.domain.RiffUsageRow;
import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.domain.RuntimeEventRepository;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.reconciler.BackgroundRuns;
import dev.vibe.riffs.service.reconciler.ReconcilerDisabled;
import dev.vibe.riffs.service.riffs.RiffService;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;

/** Reads of the runtime event ledger (a riff's events, a user's events for the stream's replay, usage) and its retention. */
@ApplicationScoped
public class RuntimeEventService {

    private final RuntimeEventRepository events;
    private final RiffService riffs;
    private final RuntimeEventsConfig config;
    private final BackgroundRuns runs;

    RuntimeEventService(RuntimeEventRepository events, RiffService riffs, RuntimeEventsConfig config, BackgroundRuns runs) {
        this.runs = runs;
        this.events = events;
        this.riffs = riffs;
        this.config = config;
    }

    /** The user's riff's events, newest first, below {@code before} (null: from the newest); App or Riff not found otherwise. */
    public List<RuntimeEvent> ofRiff(String userId, String appSlug, String riffSlug, Long before, int limit) {
        long riffId = riffs.get(userId, appSlug, riffSlug).id;
        return events.listOfRiff(riffId, before, limit);
    }

    /** The user's events (of one app if set) after {@code afterId}, oldest first: what a reconnecting stream missed. */
    @Transactional(TxType.SUPPORTS)
    public List<RuntimeEvent> ofUserAfter(String userId, String appSlug, long afterId, int limit) {
        return events.listOfUserAfter(userId, appSlug, afterId, limit);
    }

    /** The user's runtime time per riff within [{@code from}, {@code to}), deleted riffs included. */
    public List<RiffUsageRow> usage(String userId, Instant from, Instant to) {
        return events.usage(userId, from, to, Clock.now());
    }

    /** Deletes events older than the retention, in batches, until none is left or {@code deadline} passes. */
    public int deleteExpired(Instant deadline) {
        Instant cutoff = Clock.now().minus(config.retention());
        int deleted = 0;
        while (Instant.now().isBefore(deadline)) {
            int batch = deleteBatch(cutoff);
            deleted += batch;
            if (batch < config.retentionBatchSize()) {
                break;
            }
        }
        if (deleted > 0) {
            Log.infof("Deleted %d runtime events older than %s", deleted, cutoff);
        }
        return deleted;
    }

    @Transactional(TxType.REQUIRES_NEW)
    int deleteBatch(Instant cutoff) {
        return events.deleteOlderThan(cutoff, config.retentionBatchSize());
    }

    @Scheduled(identity = "runtime-events-retention", every = "${runtime-events.retention-interval:1H}", delayed = "1M",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = ReconcilerDisabled.class)
    void scheduledRetention() {
        try {
            runs.run(() -> deleteExpired(Instant.now().plusSeconds(30)));
        } catch (RuntimeException e) {
            Log.warnf("Runtime event retention failed; tried again next run: %s", e.getMessage());
        }
    }
}
