package dev.vibe.riffs.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffLocks;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeApiException;
import dev.vibe.riffs.runtime.RuntimeApiNotConfiguredException;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.RuntimeState;
import io.quarkus.logging.Log;

/**
 * The runtime of one riff through its life: provision, reset, pause, resume, live status. Every change runs
 * in a transaction that holds the riff's row lock, so concurrent requests and reconcilers (on any replica)
 * never start two runtimes for a riff and never lose an update; waiting for a runtime happens outside it.
 */
@ApplicationScoped
public class RiffRuntimeService {

    private final RiffRepository riffs;
    private final RuntimeApiClient api;
    private final RuntimeProvisioner provisioner;
    private final RuntimeApiConfig config;

    public RiffRuntimeService(RiffRepository riffs, RuntimeApiClient api, RuntimeProvisioner provisioner, RuntimeApiConfig config) {
        this.riffs = riffs;
        this.api = api;
        this.provisioner = provisioner;
        this.config = config;
    }

    /**
     * Gives a riff without a runtime its runtime. A failure is recorded on the riff (its runtime stays null) and
     * the reconciler tries again later.
     *
     * @return the riff, or empty when it is gone or (with {@link RiffLocks#SKIP_LOCKED}) busy elsewhere
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Riff> provision(long riffId, RiffLocks lockMode) {
        Optional<Riff> locked = riffs.lock(riffId, lockMode);
        locked.filter(riff -> riff.runtimeId == null).ifPresent(riff -> {
            try {
                provisioner.adoptOrStart(riff, false);
            } catch (RuntimeApiException e) {
                RuntimeFields.failure(riff, e.getMessage());
                if (!(e instanceof RuntimeApiNotConfiguredException)) {
                    Log.warnf("Riff %s has no runtime for now: %s", riff.id, e.getMessage());
                }
            }
        });
        return locked;
    }

    /**
     * An agent reset: paused → resume; starting or running → keep; missing, stopped or failed → a new runtime
     * (after a look-up of the session). Then waits, bounded by {@code runtime-api.reset.wait-bound}, until the
     * runtime is usable.
     */
    public RuntimeOutcome reset(long riffId) {
        RuntimeOutcome prepared = prepareReset(riffId);
        return awaitUsable(prepared);
    }

    @Transactional(TxType.REQUIRES_NEW)
    RuntimeOutcome prepareReset(long riffId) {
        Riff riff = lock(riffId);
        RuntimeInfo runtime = riff.runtimeId == null ? null : api.findRuntime(riff.runtimeId).orElse(null);
        RuntimeState state = runtime == null ? RuntimeState.STOPPED : runtime.state();
        switch (state) {
            case PAUSED -> {
                Optional<RuntimeInfo> resumed = api.resume(runtime.runtimeId());
                if (resumed.isPresent()) {
                    runtime = resumed.get();
                    RuntimeFields.apply(riff, runtime);
                } else {
                    runtime = provisioner.adoptOrStart(riff, true); // records the runtime itself
                }
            }
            case STARTING, RUNNING, UNKNOWN -> RuntimeFields.apply(riff, runtime);
            case STOPPED, ERROR -> runtime = provisioner.adoptOrStart(riff, true);
        }
        Log.infof("Reset of riff %s: runtime %s is %s", riff.id, runtime.runtimeId(), runtime.status());
        return new RuntimeOutcome(riff, runtime, false);
    }

    /**
     * Polls the runtime until it is usable, it fails, or the wait bound is reached. The reset itself is done by
     * then, so a runtime-api failure during the wait answers with what is known rather than an error.
     */
    private RuntimeOutcome awaitUsable(RuntimeOutcome prepared) {
        Riff riff = prepared.riff();
        RuntimeInfo runtime = prepared.runtime();
        Instant deadline = Instant.now().plus(config.reset().waitBound());
        Duration poll = config.reset().pollInterval();
        try {
            while (true) {
                String sessionApiKey = runtime.sessionApiKey() != null ? runtime.sessionApiKey() : riff.sessionApiKey;
                if (runtime.readyToServe() && api.agentServerAlive(runtime.url(), sessionApiKey)) {
                    return new RuntimeOutcome(recordObserved(riff, runtime), runtime, true);
                }
                RuntimeState state = runtime.state();
                if (state == RuntimeState.STOPPED || state == RuntimeState.ERROR || Instant.now().plus(poll).isAfter(deadline)) {
                    break;
                }
                pause(poll);
                Optional<RuntimeInfo> latest = api.findRuntime(runtime.runtimeId());
                if (latest.isEmpty()) {
                    return new RuntimeOutcome(riff, runtime, false);
                }
                runtime = latest.get();
            }
        } catch (RuntimeApiException e) {
            Log.warnf("Reset of riff %s stopped waiting for runtime %s: %s", riff.id, runtime.runtimeId(), e.getMessage());
        }
        return new RuntimeOutcome(recordObserved(riff, runtime), runtime, false);
    }

    @Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = RuntimeNotFoundException.class)
    public RuntimeOutcome pause(long riffId) {
        Riff riff = lock(riffId);
        requireRuntime(riff);
        if (!api.pause(riff.runtimeId)) {
            RuntimeFields.missing(riff);
            throw new RuntimeNotFoundException("Runtime not found");
        }
        RuntimeInfo runtime = api.findRuntime(riff.runtimeId).orElse(null);
        if (runtime == null) {
            RuntimeFields.status(riff, RuntimeState.PAUSED.wireName());
        } else {
            RuntimeFields.apply(riff, runtime);
        }
        Log.infof("Paused runtime %s of riff %s", riff.runtimeId, riff.id);
        return new RuntimeOutcome(riff, runtime, false);
    }

    /** Resumes a paused runtime (it gets a new session API key); one that is starting or running is left as it is. */
    @Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = { RuntimeNotFoundException.class, ConflictException.class })
    public RuntimeOutcome resume(long riffId) {
        Riff riff = lock(riffId);
        requireRuntime(riff);
        RuntimeInfo runtime = api.findRuntime(riff.runtimeId).orElse(null);
        if (runtime == null) {
            RuntimeFields.missing(riff);
            throw new RuntimeNotFoundException("Runtime not found");
        }
        RuntimeState state = runtime.state();
        if (state == RuntimeState.STOPPED || state == RuntimeState.ERROR) {
            RuntimeFields.apply(riff, runtime);
            throw new ConflictException("Runtime is " + state.wireName() + "; reset the agent to start a new one");
        }
        if (state == RuntimeState.PAUSED) {
            runtime = api.resume(riff.runtimeId).orElseThrow(() -> new RuntimeNotFoundException("Runtime not found"));
            Log.infof("Resumed runtime %s of riff %s", riff.runtimeId, riff.id);
        }
        RuntimeFields.apply(riff, runtime);
        return new RuntimeOutcome(riff, runtime, runtime.readyToServe());
    }

    /** The riff's runtime as the runtime-api describes it now; the riff's stored status follows. */
    public RuntimeInfo liveStatus(Riff riff) {
        if (!api.configured()) {
            throw new RuntimeApiNotConfiguredException();
        }
        if (riff.runtimeId == null) {
            throw new RuntimeNotFoundException("Riff has no runtime");
        }
        Instant observedAt = Clock.now();
        Optional<RuntimeInfo> runtime = api.findRuntime(riff.runtimeId);
        recordStatus(riff.id, riff.runtimeId, runtime.map(found -> found.state().wireName()).orElse(RuntimeFields.MISSING), observedAt);
        return runtime.orElseThrow(() -> new RuntimeNotFoundException("Runtime not found"));
    }

    @Transactional(TxType.REQUIRES_NEW)
    void recordStatus(long riffId, String runtimeId, String status, Instant observedAt) {
        riffs.recordObservedStatus(riffId, runtimeId, status, observedAt);
    }

    @Transactional(TxType.REQUIRES_NEW)
    Riff recordObserved(Riff observed, RuntimeInfo runtime) {
        Riff riff = lock(observed.id);
        if (runtime.runtimeId().equals(riff.runtimeId)) {
            RuntimeFields.apply(riff, runtime);
        }
        return riff;
    }

    private Riff lock(long riffId) {
        Riff riff = riffs.lock(riffId, RiffLocks.WAIT).orElseThrow(ResourceNotFoundException::riff);
        if (!api.configured()) {
            throw new RuntimeApiNotConfiguredException();
        }
        return riff;
    }

    private static void requireRuntime(Riff riff) {
        if (riff.runtimeId == null) {
            throw new RuntimeNotFoundException("Riff has no runtime");
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a runtime", e);
        }
    }
}
