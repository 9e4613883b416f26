package dev.vibe.riffs.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * The runtimes the simulated runtime-api knows. Entries are immutable and replaced atomically, so every
 * method is thread-safe. Status is derived when read: a runtime started or resumed reads as running once the
 * current start delay has passed since then, with no timer behind it.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class RuntimeStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Entry> runtimes = new ConcurrentHashMap<>();
    private final Map<String, Integer> startsBySession = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Duration startDelay;

    RuntimeStore(RuntimeApiSimulatorConfig config) {
        this.startDelay = config.startDelay();
    }

    /** Always a new runtime, even when the session already has a live one: the real API may do the same. */
    SimulatedRuntime start(String sessionId, String image, String agentBaseUrl) {
        String runtimeId = randomHex(16);
        Entry entry = new Entry(sequence.incrementAndGet(), runtimeId, sessionId, agentBaseUrl + "/" + runtimeId,
                image, randomHex(32), Phase.STARTING, System.nanoTime(), null, null);
        runtimes.put(runtimeId, entry);
        startsBySession.merge(sessionId, 1, Integer::sum);
        return snapshot(entry);
    }

    Optional<SimulatedRuntime> find(String runtimeId) {
        return Optional.ofNullable(runtimes.get(runtimeId)).map(this::snapshot);
    }

    Optional<SimulatedRuntime> newestOfSession(String sessionId) {
        return runtimes.values().stream()
                .filter(entry -> entry.sessionId().equals(sessionId))
                .max(Comparator.comparingLong(Entry::sequence))
                .map(this::snapshot);
    }

    /** Every known runtime, stopped ones included, oldest first. */
    List<SimulatedRuntime> all() {
        return runtimes.values().stream()
                .sorted(Comparator.comparingLong(Entry::sequence))
                .map(this::snapshot)
                .toList();
    }

    /** Empty when the runtime is unknown or stopped. */
    Optional<SimulatedRuntime> pause(String runtimeId) {
        return updateUnlessStopped(runtimeId, entry -> entry.enter(Phase.PAUSED));
    }

    /** Empty when the runtime is unknown or stopped; otherwise it starts again with a new session key. */
    Optional<SimulatedRuntime> resume(String runtimeId) {
        return updateUnlessStopped(runtimeId, entry -> entry.enter(Phase.STARTING).withSessionApiKey(randomHex(32)));
    }

    Optional<SimulatedRuntime> stop(String runtimeId) {
        return update(runtimeId, entry -> entry.enter(Phase.STOPPED));
    }

    /** Pins the reported status until the next pause, resume or stop; false when the runtime is unknown. */
    boolean forceStatus(String runtimeId, String status, String podStatus) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(podStatus, "podStatus");
        return update(runtimeId, entry -> entry.forced(status, podStatus)).isPresent();
    }

    void forget(String runtimeId) {
        runtimes.remove(runtimeId);
    }

    int startsOfSession(String sessionId) {
        return startsBySession.getOrDefault(sessionId, 0);
    }

    void setStartDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Start delay must not be negative");
        }
        this.startDelay = delay;
    }

    void reset(Duration delay) {
        runtimes.clear();
        startsBySession.clear();
        setStartDelay(delay);
    }

    /**
     * Everything the store knows, with each phase's start as a wall-clock time so that it still means the same in
     * another JVM: what {@link RuntimeStoreFile} keeps across dev-mode restarts.
     */
    RuntimeStoreState state() {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        List<RuntimeStoreState.StoredRuntime> stored = runtimes.values().stream()
                .sorted(Comparator.comparingLong(Entry::sequence))
                .map(entry -> new RuntimeStoreState.StoredRuntime(entry.sequence(), entry.runtimeId(), entry.sessionId(),
                        entry.url(), entry.image(), entry.sessionApiKey(), entry.phase().name(),
                        nowMillis - (nowNanos - entry.phaseSinceNanos()) / 1_000_000,
                        entry.forcedStatus(), entry.forcedPodStatus()))
                .toList();
        return new RuntimeStoreState(stored, Map.copyOf(startsBySession));
    }

    /** Replaces what the store knows with a {@link #state()}; the configured start delay stays as it is. */
    void restore(RuntimeStoreState state) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        runtimes.clear();
        startsBySession.clear();
        for (RuntimeStoreState.StoredRuntime stored : state.runtimes()) {
            long ageNanos = Math.max(0, nowMillis - stored.phaseSinceEpochMillis()) * 1_000_000;
            runtimes.put(stored.runtimeId(), new Entry(stored.sequence(), stored.runtimeId(), stored.sessionId(),
                    stored.url(), stored.image(), stored.sessionApiKey(), Phase.valueOf(stored.phase()),
                    nowNanos - ageNanos, stored.forcedStatus(), stored.forcedPodStatus()));
        }
        startsBySession.putAll(state.startsBySession());
        sequence.set(state.runtimes().stream().mapToLong(RuntimeStoreState.StoredRuntime::sequence).max().orElse(0));
    }

    private Optional<SimulatedRuntime> update(String runtimeId, UnaryOperator<Entry> change) {
        return Optional.ofNullable(runtimes.computeIfPresent(runtimeId, (id, entry) -> change.apply(entry)))
                .map(this::snapshot);
    }

    private Optional<SimulatedRuntime> updateUnlessStopped(String runtimeId, UnaryOperator<Entry> change) {
        Entry updated = runtimes.computeIfPresent(runtimeId,
                (id, entry) -> entry.phase() == Phase.STOPPED ? entry : change.apply(entry));
        return Optional.ofNullable(updated)
                .filter(entry -> entry.phase() != Phase.STOPPED)
                .map(this::snapshot);
    }

    private SimulatedRuntime snapshot(Entry entry) {
        String status;
        String podStatus;
        if (entry.forcedStatus() != null) {
            status = entry.forcedStatus();
            podStatus = entry.forcedPodStatus();
        } else if (entry.phase() == Phase.STARTING) {
            boolean started = System.nanoTime() - entry.phaseSinceNanos() >= startDelay.toNanos();
            status = started ? RuntimeStatus.RUNNING : RuntimeStatus.STARTING;
            podStatus = started ? RuntimeStatus.POD_READY : RuntimeStatus.POD_PENDING;
        } else {
            status = entry.phase() == Phase.PAUSED ? RuntimeStatus.PAUSED : RuntimeStatus.STOPPED;
            podStatus = RuntimeStatus.POD_NOT_FOUND;
        }
        return new SimulatedRuntime(entry.runtimeId(), entry.sessionId(), entry.url(), entry.sessionApiKey(),
                status, podStatus, entry.image());
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private enum Phase {
        STARTING,
        PAUSED,
        STOPPED
    }

    private record Entry(
            long sequence,
            String runtimeId,
            String sessionId,
            String url,
            String image,
            String sessionApiKey,
            Phase phase,
            long phaseSinceNanos,
            String forcedStatus,
            String forcedPodStatus) {

        /** A pause, resume or stop also ends any forced status. */
        Entry enter(Phase next) {
            return new Entry(sequence, runtimeId, sessionId, url, image, sessionApiKey, next, System.nanoTime(),
                    null, null);
        }

        Entry withSessionApiKey(String key) {
            return new Entry(sequence, runtimeId, sessionId, url, image, key, phase, phaseSinceNanos,
                    forcedStatus, forcedPodStatus);
        }

        Entry forced(String status, String podStatus) {
            return new Entry(sequence, runtimeId, sessionId, url, image, sessionApiKey, phase, phaseSinceNanos,
                    status, podStatus);
        }

        @Override
        public String toString() {
            return "Entry[runtimeId=" + runtimeId + ", sessionId=" + sessionId + ", phase=" + phase + "]";
        }
    }
}
