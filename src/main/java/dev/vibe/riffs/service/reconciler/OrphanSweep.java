package dev.vibe.riffs.service.reconciler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig.OrphanSweepMode;
import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.ListedRuntimeFacts;
import dev.vibe.riffs.domain.RuntimeOrphan;
import dev.vibe.riffs.domain.RuntimeOrphanRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.RuntimeState;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.service.DatabaseUnavailableWarning;
import dev.vibe.riffs.service.lifecycle.RuntimeStopService;
import dev.vibe.riffs.service.lifecycle.SessionIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;

/**
 * Finds, every {@code runtime-api.orphan-sweep-interval}, the runtimes of this deployment that no riff holds: the
 * orphans. A runtime of the runtime-api's {@code /list} is this deployment's when its session carries
 * {@code runtime-api.session-prefix} or is some riff's session; any other is foreign and never reported or touched.
 * It is an orphan unless a riff holds it, its stop is owed already, or its session's riff has no runtime or is
 * claimed now (that riff adopts it). Each orphan is logged once, by the sweep on any replica that writes its row in
 * {@code runtime_orphans} first; in {@code stop} mode an orphan whose session carries the prefix is handed to
 * {@link RuntimeStopService} once it has been one for {@code orphan-sweep-grace}.
 * <p>
 * {@code /list} is read with no transaction open, then the database is compared with it in short transactions, a
 * few hundred runtimes per statement. Replicas may sweep at once: their writes take turns (an advisory lock), and the
 * table's primary key and the stop queue's unique key make the second one find the first's work done. A runtime whose
 * stop completes between a sweep's {@code /list} and its look at the database may be reported once more; the grace
 * keeps such a runtime from being stopped twice, and a second stop would be a no-op anyway.
 */
@Startup
@ApplicationScoped
public class OrphanSweep {

    /** Runtimes per statement (two bind parameters each). */
    static final int CHUNK = 500;

    /** New orphans, and orphans handed over to be stopped, logged one by one per sweep; the rest in a count. */
    static final int LOGGED_ONE_BY_ONE = 20;

    private final RuntimeApiClient api;
    private final RuntimeOrphanRepository orphans;
    private final RuntimeStopService stopper;
    private final SessionIds sessionIds;
    private final RuntimeApiConfig config;
    private final DatabaseUnavailableWarning databaseWarning;
    private final Counter orphansFound;
    private final Counter orphansStopped;
    private final AtomicInteger known = new AtomicInteger();
    private final AtomicInteger foreign = new AtomicInteger();
    private final BackgroundRuns runs;

    OrphanSweep(RuntimeApiClient api, RuntimeOrphanRepository orphans, RuntimeStopService stopper, SessionIds sessionIds,
            RuntimeApiConfig config, DatabaseUnavailableWarning databaseWarning, MeterRegistry registry, BackgroundRuns runs) {
        this.runs = runs;
        this.api = api;
        this.orphans = orphans;
        this.stopper = stopper;
        this.sessionIds = sessionIds;
        this.config = config;
        this.databaseWarning = databaseWarning;
        this.orphansFound = Counter.builder("runtime_orphans_found")
                .description("Runtimes of this deployment that no riff holds, counted when first found")
                .register(registry);
        this.orphansStopped = Counter.builder("runtime_orphans_stopped")
                .description("Orphan runtimes handed over to be stopped")
                .register(registry);
        Gauge.builder("runtime_orphans", known, AtomicInteger::get)
                .description("Orphan runtimes found by this replica's last sweep")
                .register(registry);
        Gauge.builder("runtime_orphan_sweep_foreign", foreign, AtomicInteger::get)
                .description("Listed runtimes of other deployments (left alone) in this replica's last sweep")
                .register(registry);
    }

    @Scheduled(identity = "orphan-sweep", every = "${runtime-api.orphan-sweep-interval}", delayed = "${runtime-api.orphan-sweep-interval}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = OrphanSweepDisabled.class)
    void scheduled() {
        try {
            runs.run(this::sweep);
        } catch (RuntimeApiException e) {
            Log.warnf("Orphan sweep skipped, next in %s: %s", config.orphanSweepInterval(), e.getMessage());
        } catch (RuntimeException e) {
            if (!databaseWarning.recordIfUnavailable(e)) {
                throw e;
            }
        }
    }

    /** One sweep with the configured mode, prefix and grace. */
    public Result sweep() {
        return sweep(new Policy(config.orphanSweep(), sessionIds.prefix(), config.orphanSweepGrace()));
    }

    /** One sweep; safe to call at any time, from any replica. */
    @ActivateRequestContext
    @WithSpan("orphan sweep")
    public Result sweep(Policy policy) {
        if (policy.mode() == OrphanSweepMode.OFF || !api.configured()) {
            return Result.NONE;
        }
        List<RuntimeInfo> listed = api.list().stream().filter(runtime -> runtime.state() != RuntimeState.STOPPED).toList();
        Map<String, String> found = new LinkedHashMap<>(); // runtime id -> session id
        int foreignCount = 0;
        for (List<RuntimeInfo> chunk : chunks(listed)) {
            List<RuntimeInfo> identified = chunk.stream().filter(runtime -> runtime.runtimeId() != null && runtime.sessionId() != null).toList();
            foreignCount += chunk.size() - identified.size();
            if (identified.isEmpty()) {
                continue;
            }
            ListedRuntimeFacts facts = factsAbout(identified);
            for (RuntimeInfo runtime : identified) {
                String session = runtime.sessionId();
                if (!policy.carriesPrefix(session) && !facts.riffSessions().contains(session)) {
                    foreignCount++;
                } else if (!facts.heldRuntimes().contains(runtime.runtimeId()) && !facts.stoppingRuntimes().contains(runtime.runtimeId())
                        && !facts.adoptingSessions().contains(session)) {
                    found.put(runtime.runtimeId(), session);
                }
            }
        }
        Recorded recorded = record(found, policy);
        report(recorded, found, policy);
        orphansFound.increment(recorded.fresh().size());
        orphansStopped.increment(recorded.stopping().size());
        known.set(found.size());
        foreign.set(foreignCount);
        Log.debugf("Orphan sweep (%s): %d runtimes listed, %d orphans (%d new), %d foreign, %d stops owed", policy.mode(),
                listed.size(), found.size(), recorded.fresh().size(), foreignCount, recorded.stopping().size());
        return new Result(found.size(), recorded.fresh().size(), recorded.stopping().size(), foreignCount);
    }

    @Transactional(TxType.REQUIRES_NEW)
    ListedRuntimeFacts factsAbout(List<RuntimeInfo> runtimes) {
        return orphans.factsAbout(runtimes.stream().map(RuntimeInfo::runtimeId).toList(),
                runtimes.stream().map(RuntimeInfo::sessionId).distinct().toList());
    }

    /**
     * Writes down the orphans found, forgets the rows of runtimes that are no longer orphans, and in {@code stop} mode
     * owes the stops of those whose grace is over (at most a reconciler batch per sweep, so that the stops tried after
     * the commit never crowd out the replica's other work).
     */
    @Transactional(TxType.REQUIRES_NEW)
    Recorded record(Map<String, String> found, Policy policy) {
        orphans.lockForSweep();
        List<String> fresh = new ArrayList<>();
        for (List<Map.Entry<String, String>> chunk : chunks(List.copyOf(found.entrySet()))) {
            Map<String, String> orphansOfChunk = new LinkedHashMap<>();
            chunk.forEach(orphan -> orphansOfChunk.put(orphan.getKey(), orphan.getValue()));
            fresh.addAll(orphans.see(orphansOfChunk));
        }
        orphans.forgetUnseen();
        List<RuntimeOrphan> stopping = new ArrayList<>();
        List<String> stoppable = found.entrySet().stream().filter(orphan -> policy.stops(orphan.getValue())).map(Map.Entry::getKey).toList();
        int budget = config.reconciler().batchSize();
        for (List<String> chunk : chunks(stoppable)) {
            if (stopping.size() >= budget) {
                break;
            }
            for (RuntimeOrphan orphan : orphans.orphanedFor(chunk, policy.grace(), budget - stopping.size())) {
                if (stopper.owe(orphan.runtimeId, orphan.sessionId)) {
                    stopping.add(orphan);
                }
            }
        }
        return new Recorded(fresh, stopping);
    }

    /** Logs what this sweep found first and what it hands over, once committed; never a session API key. */
    private static void report(Recorded recorded, Map<String, String> found, Policy policy) {
        recorded.fresh().stream().limit(LOGGED_ONE_BY_ONE).forEach(runtimeId -> {
            String session = found.get(runtimeId);
            String fate = policy.mode() != OrphanSweepMode.STOP ? ""
                    : policy.stops(session) ? "; it is stopped once it has been an orphan for " + policy.grace()
                    : "; it is not stopped: its session does not carry the session prefix";
            Log.warnf("Orphan runtime %s of session %s: this deployment's, but no riff holds it%s", runtimeId, session, fate);
        });
        if (recorded.fresh().size() > LOGGED_ONE_BY_ONE) {
            Log.warnf("%d more orphan runtimes found (all are in table runtime_orphans)", recorded.fresh().size() - LOGGED_ONE_BY_ONE);
        }
        recorded.stopping().stream().limit(LOGGED_ONE_BY_ONE).forEach(orphan -> Log.infof(
                "Stopping orphan runtime %s of session %s, an orphan since %s", orphan.runtimeId, orphan.sessionId, orphan.firstSeenAt));
        if (recorded.stopping().size() > LOGGED_ONE_BY_ONE) {
            Log.infof("Stopping %d more orphan runtimes", recorded.stopping().size() - LOGGED_ONE_BY_ONE);
        }
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(from + CHUNK, items.size())));
        }
        return chunks;
    }

    /**
     * How a sweep treats orphans: its mode, the session prefix that proves a session is this deployment's, and the
     * grace before a stop.
     */
    public record Policy(OrphanSweepMode mode, Optional<String> prefix, Duration grace) {

        public Policy {
            Objects.requireNonNull(mode, "mode");
            prefix = SessionIds.checkedPrefix(prefix);
            Objects.requireNonNull(grace, "grace");
        }

        /** Whether the session is this deployment's by its prefix. */
        boolean carriesPrefix(String sessionId) {
            return prefix.filter(value -> SessionIds.carriesPrefix(sessionId, value)).isPresent();
        }

        /** Whether an orphan of this session is stopped: only in {@code stop} mode, and only when it carries the prefix. */
        boolean stops(String sessionId) {
            return mode == OrphanSweepMode.STOP && carriesPrefix(sessionId);
        }
    }

    /**
     * What a sweep did.
     *
     * @param found the orphans it found
     * @param reported those it found first, and logged
     * @param stopped those whose stop it owed (tried once committed, retried by the reconciler)
     * @param foreign the listed runtimes of other deployments, left alone
     */
    public record Result(int found, int reported, int stopped, int foreign) {

        static final Result NONE = new Result(0, 0, 0, 0);
    }

    /** The runtime ids a sweep wrote first, and the orphans whose stop it owed. */
    record Recorded(List<String> fresh, List<RuntimeOrphan> stopping) {
    }
}
