package dev.vibe.riffs.service.riffs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.runtime.RuntimeApiClient;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.RuntimeState;
import dev.vibe.riffs.runtime.SharedRuntimeLookups;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotConfiguredException;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.events.RuntimeActor;
import dev.vibe.riffs.service.events.RuntimeEvents;
import dev.vibe.riffs.service.lifecycle.ClaimRenewals;
import dev.vibe.riffs.service.lifecycle.DetachableRuntimeWork;
import dev.vibe.riffs.service.lifecycle.RiffClaim;
import dev.vibe.riffs.service.lifecycle.RiffClaims.Claimed;
import dev.vibe.riffs.service.lifecycle.RiffClaims;
import dev.vibe.riffs.service.lifecycle.RuntimeFields;
import dev.vibe.riffs.service.lifecycle.RuntimeOutcome;
import dev.vibe.riffs.service.lifecycle.RuntimeProvisioner.Provisioned;
import dev.vibe.riffs.service.lifecycle.RuntimeProvisioner;
import dev.vibe.riffs.service.lifecycle.RuntimeRecorder.EndedWith;
import dev.vibe.riffs.service.lifecycle.RuntimeRecorder.StatusOutcome;
import dev.vibe.riffs.service.lifecycle.RuntimeRecorder;
import dev.vibe.riffs.service.lifecycle.RuntimeSlots;
import dev.vibe.riffs.service.lifecycle.SlotHolderCheck;
import dev.vibe.riffs.service.policy.LifecycleCounters;
import dev.vibe.riffs.service.reconciler.RuntimeObservations;
import dev.vibe.riffs.service.reconciler.StartRetry;
import io.quarkus.logging.Log;

/**
 * The runtime of one riff through its life: provision, reset, pause, resume, live status. Every change happens
 * under a claim on the riff ({@link RiffClaims}), so concurrent requests and reconcilers (on any replica) never
 * start two runtimes for a riff and never lose an update, and no transaction, row lock or database connection is
 * held while the runtime-api or an agent server is waited on.
 */
@ApplicationScoped
public class RiffRuntimeService {

    private final RuntimeApiClient api;
    private final SharedRuntimeLookups lookups;
    private final RuntimeProvisioner provisioner;
    private final RiffClaims claims;
    private final RuntimeRecorder recorder;
    private final RuntimeApiConfig config;
    private final RuntimeSlots slots;
    private final LifecycleCounters counters;
    private final ClaimRenewals renewals;
    private final DetachableRuntimeWork detachable;
    private final RuntimeObservations observations;
    private final SlotHolderCheck slotHolders;

    RiffRuntimeService(RuntimeApiClient api, SharedRuntimeLookups lookups, RuntimeProvisioner provisioner, RiffClaims claims,
            RuntimeRecorder recorder, RuntimeApiConfig config, RuntimeSlots slots, LifecycleCounters counters, ClaimRenewals renewals,
            DetachableRuntimeWork detachable, RuntimeObservations observations, SlotHolderCheck slotHolders) {
        this.observations = observations;
        this.slotHolders = slotHolders;
        this.api = api;
        this.lookups = lookups;
        this.provisioner = provisioner;
        this.claims = claims;
        this.recorder = recorder;
        this.config = config;
        this.slots = slots;
        this.counters = counters;
        this.renewals = renewals;
        this.detachable = detachable;
    }

    /**
     * Gives the claimed riff (a new one, without a runtime) its runtime. A failure is recorded on the riff (its runtime
     * stays null) and the reconciler tries again later. At its user's cap the riff is queued instead, with no
     * runtime-api call; the reconciler starts it once a slot frees. The caller waits at most
     * {@code runtime-api.client-wait}: past it the riff is answered {@code starting}, with the reason in
     * {@code runtime_error}, and the start goes on in the background under the riff's claim, which records its outcome.
     *
     * @return the riff, or empty when it was deleted meanwhile
     */
    Optional<Riff> provision(Claimed claimed) {
        RiffClaim claim = claimed.claim();
        try {
            return detachable.awaitAtMostClientWait(() -> renewals.during(claim, () -> provisionNow(claimed)))
                    .orElseGet(() -> recorder.recordStillStarting(claim));
        } catch (RuntimeApiOverloadedException notStarted) {
            return recorder.recordFailure(claim, notStarted.getMessage(),
                    StartRetry.after(notStarted, claimed.riff().startAttempts, config.reconciler()), RuntimeActor.REQUEST);
        }
    }

    private Optional<Riff> provisionNow(Claimed claimed) {
        RiffClaim claim = claimed.claim();
        String sessionId = claimed.riff().sessionId;
        Provisioned provisioned;
        try {
            slotHolders.refreshIfFull(claimed.riff().userId, claim.riffId());
            Optional<Riff> queued = slots.admitOrQueue(claim, claimed.riff().userId, claimed.riff().runtimeStatus, RuntimeActor.REQUEST);
            if (queued.isPresent()) {
                return queued;
            }
            provisioned = provisioner.adoptOrStart(sessionId, false);
        } catch (RuntimeApiException e) {
            return recorder.recordFailure(claim, e.getMessage(), StartRetry.after(e, claimed.riff().startAttempts, config.reconciler()),
                    RuntimeActor.REQUEST);
        } catch (RuntimeException e) {
            releaseQuietly(claim);
            throw e;
        }
        return recorder.record(claim, EndedWith.runtime(sessionId, provisioned.runtime(), provisioned.ownedHere()), RuntimeActor.REQUEST, null);
    }

    /**
     * An agent reset: paused → resume; starting or running → keep; missing, stopped or failed → a new runtime
     * (after a look-up of the session). Then waits, bounded by {@code runtime-api.reset.wait-bound}, until the
     * runtime is usable. The runtime-api calls of the reset are waited for at most {@code runtime-api.client-wait}:
     * past it the answer is the riff with its runtime {@code starting} and the reason in {@code runtime_error} (not
     * usable), while the reset goes on in the background under the riff's claim and records its outcome.
     */
    public RuntimeOutcome reset(long riffId) {
        requireConfigured();
        Claimed claimed = claims.await(riffId);
        return withinClientWait(claimed, () -> underSlot(claimed, this::prepareReset))
                .map(this::awaitUsable)
                .orElseGet(() -> stillStarting(claimed.claim()));
    }

    /**
     * The answer to a reset or resume whose runtime-api calls go on: the riff as stored, shown with its runtime
     * starting and why (not stored: the old runtime's status stays true until the outcome replaces it), unless the
     * outcome came meanwhile.
     */
    private RuntimeOutcome stillStarting(RiffClaim claim) {
        Riff riff = recorder.shownStillStarting(claim).orElseThrow(ResourceNotFoundException::riff);
        return RuntimeOutcome.stillUnderWay(riff);
    }

    private RuntimeOutcome prepareReset(Claimed claimed) {
        Riff riff = claimed.riff();
        RuntimeInfo current = riff.runtimeId == null ? null : api.findRuntime(riff.runtimeId).orElse(null);
        Provisioned next = switch (current == null ? RuntimeState.STOPPED : current.state()) {
            case PAUSED -> api.resume(current.runtimeId())
                    .map(resumed -> new Provisioned(resumed, true))
                    .orElseGet(() -> provisioner.adoptOrStart(riff.sessionId, true));
            case STARTING, RUNNING, UNKNOWN -> new Provisioned(current, false);
            case STOPPED, ERROR -> provisioner.adoptOrStart(riff.sessionId, true);
        };
        RuntimeInfo runtime = next.runtime();
        Riff recorded = recorder.record(claimed.claim(), new EndedWith(riff.sessionId, runtime, next.ownedHere(), endedAs(riff, current)),
                        RuntimeActor.REQUEST, null)
                .orElseThrow(ResourceNotFoundException::riff);
        Log.infof("Reset of riff %s: runtime %s is %s", recorded.id, runtime.runtimeId(), runtime.status());
        return new RuntimeOutcome(recorded, runtime, false);
    }

    /**
     * How the riff's old runtime ended, as the reset's look-up saw it ({@code missing}, {@code stopped}, {@code error}),
     * or null when it has none or it lives: the ledger shows that before the new runtime's start. Recorded with the
     * outcome, in its transaction, so that a slot reserved for the reset is never given up in between.
     */
    private static RuntimeStatus endedAs(Riff riff, RuntimeInfo current) {
        if (riff.runtimeId == null) {
            return null;
        }
        if (current == null) {
            return RuntimeStatus.MISSING;
        }
        RuntimeState state = current.state();
        return state == RuntimeState.STOPPED || state == RuntimeState.ERROR ? RuntimeFields.statusOf(current) : null;
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
                    return new RuntimeOutcome(riff, runtime, true);
                }
                RuntimeState state = runtime.state();
                if (state == RuntimeState.STOPPED || state == RuntimeState.ERROR || Instant.now().plus(poll).isAfter(deadline)) {
                    break;
                }
                sleep(poll);
                Instant askedAt = Clock.now();
                Optional<RuntimeInfo> latest = lookups.runtime(runtime.runtimeId());
                riff = observations.record(riff, latest, askedAt); // each change is stored as soon as it is seen
                if (latest.isEmpty()) {
                    return new RuntimeOutcome(riff, runtime, false);
                }
                runtime = latest.get();
            }
        } catch (RuntimeApiException e) {
            Log.debugf("Reset of riff %s stopped waiting for runtime %s: %s", riff.id, runtime.runtimeId(), e.getMessage());
        }
        return new RuntimeOutcome(riff, runtime, false);
    }

    /**
     * Pauses the runtime. One that is stopped or failed cannot be paused (its status says so): as for a resume, the
     * answer says to reset the agent. Its runtime-api calls are waited for at most {@code runtime-api.client-wait}:
     * past it the answer is the riff as it was when claimed ({@link RuntimeOutcome#underWay()}), while the pause goes
     * on in the background under the riff's claim and records its outcome.
     */
    public RuntimeOutcome pause(long riffId) {
        requireConfigured();
        Claimed claimed = claims.await(riffId);
        return withinClientWait(claimed, () -> underClaim(claimed, this::pauseNow))
                .orElseGet(() -> RuntimeOutcome.stillUnderWay(claimed.riff()));
    }

    private RuntimeOutcome pauseNow(Claimed claimed) {
        Riff riff = requireRuntime(claimed.riff());
        requireNotEnded(claimed, api.findRuntime(riff.runtimeId).orElse(null));
        if (!api.pause(riff.runtimeId)) {
            recorder.recordStatus(new StatusOutcome(claimed.claim(), riff.runtimeId, RuntimeStatus.MISSING, RuntimeActor.REQUEST, RuntimeEventReason.MISSING));
            throw new RuntimeNotFoundException("Runtime not found");
        }
        RuntimeInfo runtime = api.findRuntime(riff.runtimeId).orElse(null);
        Optional<Riff> recorded = runtime == null
                ? recorder.recordStatus(new StatusOutcome(claimed.claim(), riff.runtimeId, RuntimeStatus.PAUSED, RuntimeActor.REQUEST,
                        RuntimeEventReason.PAUSED))
                : recorder.record(claimed.claim(), EndedWith.runtime(riff.sessionId, runtime, false), RuntimeActor.REQUEST, RuntimeEventReason.PAUSED);
        Log.infof("Paused runtime %s of riff %s", riff.runtimeId, riff.id);
        return new RuntimeOutcome(recorded.orElseThrow(ResourceNotFoundException::riff), runtime, false);
    }

    /**
     * Resumes a paused runtime (it gets a new session API key); one that is starting or running is left as it is. Its
     * runtime-api calls are waited for at most {@code runtime-api.client-wait}: past it the answer is the riff with its
     * runtime {@code starting} and the reason in {@code runtime_error}, as for a reset, while the resume goes on in the
     * background under the riff's claim (and slot) and records its outcome.
     */
    public RuntimeOutcome resume(long riffId) {
        requireConfigured();
        Claimed claimed = claims.await(riffId);
        return withinClientWait(claimed, () -> underSlot(claimed, this::resumeNow))
                .orElseGet(() -> stillStarting(claimed.claim()));
    }

    private RuntimeOutcome resumeNow(Claimed claimed) {
        Riff riff = requireRuntime(claimed.riff());
        RuntimeInfo runtime = requireNotEnded(claimed, api.findRuntime(riff.runtimeId).orElse(null));
        boolean resumedHere = runtime.state() == RuntimeState.PAUSED;
        if (resumedHere) {
            runtime = api.resume(riff.runtimeId).orElseThrow(() -> new RuntimeNotFoundException("Runtime not found"));
            Log.infof("Resumed runtime %s of riff %s", riff.runtimeId, riff.id);
        }
        Riff recorded = recorder.record(claimed.claim(), EndedWith.runtime(riff.sessionId, runtime, resumedHere), RuntimeActor.REQUEST, null)
                .orElseThrow(ResourceNotFoundException::riff);
        return new RuntimeOutcome(recorded, runtime, runtime.readyToServe());
    }

    /**
     * The runtime as just looked up, if it can still be paused or resumed; otherwise its status is recorded and the
     * answer is {@code 404} (the runtime-api no longer knows it) or {@code 409} (stopped or failed: reset instead).
     */
    private RuntimeInfo requireNotEnded(Claimed claimed, RuntimeInfo runtime) {
        Riff riff = claimed.riff();
        if (runtime == null) {
            recorder.recordStatus(new StatusOutcome(claimed.claim(), riff.runtimeId, RuntimeStatus.MISSING, RuntimeActor.REQUEST, RuntimeEventReason.MISSING));
            throw new RuntimeNotFoundException("Runtime not found");
        }
        RuntimeState state = runtime.state();
        if (state == RuntimeState.STOPPED || state == RuntimeState.ERROR) {
            recorder.record(claimed.claim(), EndedWith.runtime(riff.sessionId, runtime, false), RuntimeActor.REQUEST, null);
            throw new ConflictException((state == RuntimeState.ERROR ? "Runtime failed" : "Runtime is stopped")
                    + "; reset the agent to start a new one");
        }
        return runtime;
    }

    /**
     * The riff's runtime as the runtime-api describes it now, from a look-up shared with concurrent ones of the same
     * runtime; the riff's stored status follows, written only when it changed ({@link RuntimeObservations}).
     */
    public RuntimeInfo liveStatus(Riff riff) {
        requireConfigured();
        if (riff.runtimeId == null) {
            throw new RuntimeNotFoundException("Riff has no runtime");
        }
        Instant askedAt = Clock.now();
        Optional<RuntimeInfo> runtime = lookups.runtime(riff.runtimeId);
        observations.record(riff, runtime, askedAt);
        return runtime.orElseThrow(() -> new RuntimeNotFoundException("Runtime not found"));
    }

    /**
     * Runs the work of a claimed riff on {@link DetachableRuntimeWork} and waits for it at most
     * {@code runtime-api.client-wait}.
     *
     * @return the work's result; empty when it goes on in the background, where it records its outcome and gives the
     *         claim up (its failures too, through {@link #underClaim} or {@link #underSlot})
     * @throws RuntimeApiOverloadedException when the pool is full: the work never started, so the claim is given up
     *         here
     */
    private <T> Optional<T> withinClientWait(Claimed claimed, Supplier<T> work) {
        try {
            return detachable.awaitAtMostClientWait(work);
        } catch (RuntimeApiOverloadedException notStarted) {
            releaseQuietly(claimed.claim());
            throw notStarted;
        }
    }

    /** Runs the work under the claim; the work's recording gives the claim up, and so does any failure. */
    private <T> T underClaim(Claimed claimed, Function<Claimed, T> work) {
        try {
            return work.apply(claimed);
        } catch (RuntimeException e) {
            releaseQuietly(claimed.claim());
            throw e;
        }
    }

    /**
     * Runs a reset or resume under the claim, kept alive meanwhile ({@link ClaimRenewals}), and, with a cap, a slot:
     * reserved before the work (after pausing the runtimes whose slots were taken for it), given up if the work fails
     * before recording an outcome.
     */
    private <T> T underSlot(Claimed claimed, Function<Claimed, T> work) {
        RuntimeSlots.Reservation reservation = underClaim(claimed, c -> {
            if (!RuntimeStatus.holdsSlot(c.riff().runtimeStatus)) {
                slotHolders.refreshIfFull(c.riff().userId, c.claim().riffId());
            }
            return slots.reserve(c.claim(), c.riff().userId, c.riff().runtimeStatus);
        });
        try {
            reservation.victims().forEach(this::evict);
            return renewals.during(claimed.claim(), () -> work.apply(claimed));
        } catch (RuntimeException e) {
            if (reservation.reserved()) {
                unreserveQuietly(claimed.claim().riffId(), reservation.previousStatus());
            }
            releaseQuietly(claimed.claim());
            throw e;
        }
    }

    /** Pauses a runtime whose slot a reset or resume took; if that fails, the runtime keeps its slot and the work stops. */
    private void evict(RuntimeSlots.Victim victim) {
        boolean found;
        try {
            found = api.pause(victim.runtimeId());
        } catch (RuntimeException e) {
            recorder.recordStatus(new StatusOutcome(victim.claim(), victim.runtimeId(), RuntimeStatus.RUNNING, RuntimeActor.POLICY, RuntimeEventReason.OBSERVED));
            throw e;
        }
        recorder.recordStatus(new StatusOutcome(victim.claim(), victim.runtimeId(), found ? RuntimeStatus.PAUSED : RuntimeStatus.MISSING,
                RuntimeActor.POLICY, RuntimeEventReason.CAP_PAUSED));
        counters.capPaused();
        Log.infof("Paused runtime %s of riff %d to make room under its user's cap", victim.runtimeId(), victim.claim().riffId());
    }

    private void unreserveQuietly(long riffId, RuntimeStatus previousStatus) {
        try {
            slots.unreserve(riffId, previousStatus);
        } catch (RuntimeException e) {
            Log.debugf("Slot reservation of riff %d left to the status refresh: %s", riffId, e.getMessage());
        }
    }

    /** Gives a claim up after a failure; if even that fails (the database is down), the claim expires by itself. */
    private void releaseQuietly(RiffClaim claim) {
        try {
            claims.release(claim);
        } catch (RuntimeException e) {
            Log.debugf("Claim on riff %d left to expire: %s", claim.riffId(), e.getMessage());
        }
    }

    private void requireConfigured() {
        if (!api.configured()) {
            throw new RuntimeApiNotConfiguredException();
        }
    }

    private static Riff requireRuntime(Riff riff) {
        if (riff.runtimeId == null) {
            throw new RuntimeNotFoundException("Riff has no runtime");
        }
        return riff;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a runtime", e);
        }
    }
}
