package dev.vibe.riffs.runtime;

import static dev.vibe.riffs.Bursts.together;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bursts above this replica's own limit on runtime-api calls (the defaults: 128 in flight, 256 waiting at most 2 s),
 * against the simulator: calls beyond the limit wait their turn, calls beyond the queue or the wait are refused one
 * by one, and none of that ever counts as a runtime-api failure.
 */
@QuarkusTest
class RuntimeApiAdmissionTests extends FreshRuntimeApiTest {

    private static final int IN_FLIGHT = 128;
    private static final int QUEUE = 256;
    private static final String ANSWERED = "answered";
    private static final String REFUSED = "refused";

    @Inject
    RuntimeApiClient client;

    @Inject
    RuntimeApiGuards guards;

    private List<String> burst(int callers) throws Exception {
        return together(callers, i -> () -> {
            try {
                client.findSession("admission-user:app:r" + i);
                return ANSWERED;
            } catch (RuntimeApiOverloadedException e) {
                return REFUSED;
            }
        });
    }

    @Test
    void callsBeyondTheLimitWaitTheirTurnAndAreAnswered() throws Exception {
        simulator.slowDown(Duration.ofMillis(300));

        List<String> outcomes = burst(IN_FLIGHT + QUEUE);

        assertThat(outcomes).containsOnly(ANSWERED);
        assertThat(simulator.requestCount("GET", "/sessions/")).isEqualTo(IN_FLIGHT + QUEUE);
    }

    @Test
    void callsBeyondTheQueueAreRefusedAloneAndNeverOpenTheCircuit() throws Exception {
        // Every caller must arrive before the first answers free slots, yet the last of the queue must get a slot within its
        // 2 s: two waves of 700 ms leave 600 ms to spare, and 700 ms for 428 threads to arrive even on a busy machine.
        simulator.slowDown(Duration.ofMillis(700));
        try (LogCapture log = LogCapture.open()) {
            List<String> outcomes = burst(IN_FLIGHT + QUEUE + 44);

            assertThat(outcomes).filteredOn(ANSWERED::equals).hasSize(IN_FLIGHT + QUEUE);
            assertThat(outcomes).filteredOn(REFUSED::equals).hasSize(44);
            assertThat(simulator.requestCount("GET", "/sessions/")).isEqualTo(IN_FLIGHT + QUEUE);
            assertThat(log.lines()).filteredOn(line -> line.contains("refused by this replica's limit")).hasSizeLessThanOrEqualTo(1);
        }
        assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed");
        simulator.slowDown(Duration.ZERO);
        assertThat(client.findSession("admission-user:app:after")).isEmpty();
    }

    @Test
    void aCallThatWaitedLongerThanTheQueueWaitIsRefused() throws Exception {
        simulator.slowDown(Duration.ofSeconds(3)); // longer than the 2 s a call may wait for a slot, shorter than its timeout

        List<String> outcomes = burst(IN_FLIGHT + 20);

        assertThat(outcomes).filteredOn(ANSWERED::equals).hasSize(IN_FLIGHT);
        assertThat(outcomes).filteredOn(REFUSED::equals).hasSize(20);
        assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed");
    }
}
