package dev.vibe.riffs.service.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.domain.RuntimeStatus;

/** The moves of a riff's stored runtime status ({@link RuntimeTransitions}), and which statuses hold a slot of the cap. */
class RuntimeTransitionsTests {

    private static final List<RuntimeStatus> RUNTIME_API_WORDS = List.of(RuntimeStatus.STARTING, RuntimeStatus.RUNNING,
            RuntimeStatus.PAUSED, RuntimeStatus.STOPPED, RuntimeStatus.ERROR, RuntimeStatus.UNKNOWN);

    private static List<RuntimeStatus> everyStatusAndNone() {
        List<RuntimeStatus> all = new ArrayList<>(Arrays.asList(RuntimeStatus.values()));
        all.add(null);
        return all;
    }

    @Test
    void whatTheRuntimeApiSaysIsAlwaysRecorded() {
        for (RuntimeStatus from : everyStatusAndNone()) {
            for (RuntimeStatus to : RUNTIME_API_WORDS) {
                assertThat(RuntimeTransitions.canMove(from, to)).as("%s -> %s", from, to).isTrue();
            }
            assertThat(RuntimeTransitions.canMove(from, RuntimeStatus.MISSING)).as("%s -> missing", from).isTrue();
        }
    }

    @Test
    void aRiffIsQueuedOnlyWhileItHoldsNoSlot() {
        assertThat(RuntimeTransitions.canMove(RuntimeStatus.STARTING, RuntimeStatus.QUEUED)).isFalse();
        assertThat(RuntimeTransitions.canMove(RuntimeStatus.RUNNING, RuntimeStatus.QUEUED)).isFalse();
        for (RuntimeStatus from : List.of(RuntimeStatus.PAUSED, RuntimeStatus.STOPPED, RuntimeStatus.ERROR, RuntimeStatus.UNKNOWN,
                RuntimeStatus.MISSING, RuntimeStatus.QUEUED)) {
            assertThat(RuntimeTransitions.canMove(from, RuntimeStatus.QUEUED)).as("%s -> queued", from).isTrue();
        }
        assertThat(RuntimeTransitions.canMove(null, RuntimeStatus.QUEUED)).isTrue();
    }

    @Test
    void onlyARiffWithoutARuntimeLosesItsStatus() {
        assertThat(RuntimeTransitions.canMove(null, null)).isTrue();
        assertThat(RuntimeTransitions.canMove(RuntimeStatus.STARTING, null)).as("a reservation given up").isTrue();
        assertThat(RuntimeTransitions.canMove(RuntimeStatus.QUEUED, null)).isTrue();
        for (RuntimeStatus from : List.of(RuntimeStatus.RUNNING, RuntimeStatus.PAUSED, RuntimeStatus.STOPPED, RuntimeStatus.ERROR,
                RuntimeStatus.UNKNOWN, RuntimeStatus.MISSING)) {
            assertThat(RuntimeTransitions.canMove(from, null)).as("%s -> none", from).isFalse();
        }
    }

    @Test
    void startingAndRunningHoldASlotOfTheCap() {
        assertThat(everyStatusAndNone()).filteredOn(RuntimeStatus::holdsSlot)
                .containsExactlyInAnyOrder(RuntimeStatus.STARTING, RuntimeStatus.RUNNING);
    }

    @Test
    void stoppedAndMissingRuntimesAreGoneAndNeedNoRefresh() {
        assertThat(everyStatusAndNone()).filteredOn(RuntimeStatus::gone)
                .containsExactlyInAnyOrder(RuntimeStatus.STOPPED, RuntimeStatus.MISSING);
    }

    @Test
    void describesTheEvictionsMinimumIdleInWholeUnits() {
        assertThat(RuntimeSlots.describe(java.time.Duration.ofMinutes(2))).isEqualTo("2 minutes");
        assertThat(RuntimeSlots.describe(java.time.Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(RuntimeSlots.describe(java.time.Duration.ofSeconds(90))).isEqualTo("90 seconds");
        assertThat(RuntimeSlots.describe(java.time.Duration.ofSeconds(1))).isEqualTo("1 second");
    }
}
