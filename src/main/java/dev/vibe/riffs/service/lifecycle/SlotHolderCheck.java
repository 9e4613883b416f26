package dev.vibe.riffs.service.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.refresh.RiffToCheck;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.service.Clock;
import dev.vibe.riffs.service.reconciler.RuntimeObservations;
import dev.vibe.riffs.service.reconciler.RuntimeStatusRefresh;
import io.quarkus.logging.Log;

/**
 * Before a request decides at its user's cap (a create that would queue, a reset or resume that would evict or be
 * refused), looks up the runtimes that hold the user's slots and stores what changed: a runtime stored as starting that
 * runs by now can be evicted, one that stopped frees its slot. One {@code /sessions/batch} call, only at the cap, with
 * no claim, transaction or connection held; if the runtime-api does not answer, the decision is taken on the stored
 * statuses as before.
 */
@ApplicationScoped
public class SlotHolderCheck {

    private final RuntimeSlots slots;
    private final RuntimeStatusRefresh refresh;
    private final RuntimeObservations observations;

    SlotHolderCheck(RuntimeSlots slots, RuntimeStatusRefresh refresh, RuntimeObservations observations) {
        this.slots = slots;
        this.refresh = refresh;
        this.observations = observations;
    }

    /** Refreshes the stored statuses of the user's slot holders (other than {@code riffId}) if they fill the cap. */
    public void refreshIfFull(String userId, long riffId) {
        List<Riff> holders = slots.holdersIfFull(userId, riffId);
        if (holders.isEmpty()) {
            return;
        }
        Instant askedAt = Clock.now();
        Map<Long, Optional<RuntimeInfo>> seen;
        try {
            seen = refresh.lookUp(holders.stream().map(RiffToCheck::of).toList());
        } catch (RuntimeApiException e) {
            Log.debugf("Runtimes at a user's cap not looked up, deciding on the stored statuses: %s", e.getMessage());
            return;
        }
        holders.forEach(riff -> observations.record(riff, seen.get(riff.id), askedAt));
    }
}
