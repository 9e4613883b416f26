package dev.vibe.riffs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.runtime.errors.RuntimeApiMalformedAnswerException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import dev.vibe.riffs.simulator.OddAnswer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/** Odd answers of the runtime-api are read around, counted, and never fail a call or open a circuit breaker. */
@QuarkusTest
class LenientAnswersTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeApiClient client;

    @Inject
    RuntimeApiGuards guards;

    @Inject
    MeterRegistry registry;

    private RuntimeInfo start(String sessionId) {
        return client.start(new StartRequest(sessionId, "agent:1", "serve", "/", Map.of(), null, null, null, null, null, null));
    }

    private double tolerated(String operation, String kind) {
        return registry.counter(ToleratedAnswers.METRIC, "operation", operation, "kind", kind).count();
    }

    private void assertBreakersClosed() {
        assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed")
                .containsEntry(RuntimeApiGuards.START, "closed");
    }

    @Test
    void readsTheRealAnswersOfStartAndSessionLookUpWhichLackPodStatusAndSessionId() {
        RuntimeInfo started = start("strict-user:app:one");
        assertThat(started.runtimeId()).isNotBlank();
        assertThat(started.sessionId()).isEqualTo("strict-user:app:one");
        assertThat(started.podStatus()).isNull();
        assertThat(started.state()).isEqualTo(RuntimeState.STARTING);

        RuntimeInfo found = client.findSession("strict-user:app:one").orElseThrow();
        assertThat(found.sessionId()).isEqualTo("strict-user:app:one"); // the answer has none: the one asked about
        assertThat(found.runtimeId()).isEqualTo(started.runtimeId());
    }

    @Test
    void oddFieldsAreReadAsUnknownAndRestartReasonsKeptAsTheyCame() {
        RuntimeInfo started = start("odd-user:app:one");
        double before = tolerated("runtime", ToleratedAnswers.UNEXPECTED_TYPE);

        for (int i = 0; i < 20; i++) { // more than the circuit breaker's window
            simulator.answerOddly(1, OddAnswer.ODD_FIELDS);
            RuntimeInfo odd = client.findRuntime(started.runtimeId()).orElseThrow();
            assertThat(odd.podStatus()).isNull(); // a number: unknown, so never "ready"
            assertThat(odd.restartCount()).isEqualTo(3); // "3"
            assertThat(odd.restartReasons().isArray()).isTrue();
            assertThat(odd.restartReasons().get(0).path("reason").asText()).isEqualTo("OOMKilled");
            assertThat(odd.state()).isIn(RuntimeState.STARTING, RuntimeState.RUNNING);
        }

        assertThat(tolerated("runtime", ToleratedAnswers.UNEXPECTED_TYPE) - before).isEqualTo(40); // pod_status and restart_count
        assertBreakersClosed();
    }

    @Test
    void aNullBatchItemIsSkippedAndTheRestOfTheBatchKept() {
        RuntimeInfo one = start("null-user:app:one");
        RuntimeInfo two = start("null-user:app:two");
        double before = tolerated("sessions_batch", ToleratedAnswers.NULL_ITEM);
        simulator.answerOddly(1, OddAnswer.NULL_BATCH_ITEM);

        List<RuntimeInfo> found = client.findSessions(List.of("null-user:app:one", "null-user:app:two", "null-user:app:none"));

        assertThat(found).extracting(RuntimeInfo::runtimeId).containsExactlyInAnyOrder(one.runtimeId(), two.runtimeId());
        assertThat(tolerated("sessions_batch", ToleratedAnswers.NULL_ITEM) - before).isEqualTo(1);
        assertBreakersClosed();
    }

    @Test
    void sessionsABatchAnswerCannotAccountForAreLookedUpOneByOne() {
        RuntimeInfo one = start("partial-user:app:one");
        RuntimeInfo two = start("partial-user:app:two");
        List<String> sessions = List.of("partial-user:app:one", "partial-user:app:two", "partial-user:app:none");

        for (OddAnswer partial : List.of(OddAnswer.BATCH_ITEMS_WITHOUT_SESSION_ID, OddAnswer.BATCH_ITEMS_WITHOUT_RUNTIME_ID)) {
            int lookUpsBefore = simulator.requestCount("GET", "/sessions/") - simulator.requestCount("GET", "/sessions/batch");
            simulator.answerOddly(1, partial);

            List<RuntimeInfo> found = client.findSessions(sessions);

            // Left out only because the runtime-api said so: "none" has no runtime, the others are found.
            assertThat(found).extracting(RuntimeInfo::runtimeId).as("with %s", partial)
                    .containsExactlyInAnyOrder(one.runtimeId(), two.runtimeId());
            assertThat(found).extracting(RuntimeInfo::sessionId).containsExactlyInAnyOrder(sessions.get(0), sessions.get(1));
            int lookUps = simulator.requestCount("GET", "/sessions/") - simulator.requestCount("GET", "/sessions/batch") - lookUpsBefore;
            assertThat(lookUps).as("single look-ups with %s", partial).isEqualTo(3);
        }
        assertThat(tolerated("sessions_batch", ToleratedAnswers.ITEM_WITHOUT_SESSION_ID)).isGreaterThanOrEqualTo(2);
        assertThat(tolerated("sessions_batch", ToleratedAnswers.ITEM_WITHOUT_RUNTIME_ID)).isGreaterThanOrEqualTo(2);
        assertBreakersClosed();
    }

    @Test
    void aNullListItemIsSkipped() {
        RuntimeInfo one = start("list-user:app:one");
        simulator.answerOddly(1, OddAnswer.NULL_LIST_ITEM);

        assertThat(client.list()).extracting(RuntimeInfo::runtimeId).contains(one.runtimeId()).doesNotContainNull();
    }

    @Test
    void aResumeAnswerThatIsOnlyTheKeyEmptyOrNullStillGivesTheNewKeyAndTheRuntime() {
        simulator.setStartDelay(Duration.ofHours(1)); // a resumed runtime reads starting
        RuntimeInfo started = start("resume-user:app:one");
        for (OddAnswer answer : List.of(OddAnswer.RESUME_ONLY_KEY, OddAnswer.RESUME_EMPTY, OddAnswer.RESUME_NULL)) {
            assertThat(client.pause(started.runtimeId())).isTrue();
            simulator.answerOddly(1, answer);

            RuntimeInfo resumed = client.resume(started.runtimeId()).orElseThrow(); // not "not found"

            String current = simulator.runtime(started.runtimeId()).orElseThrow().sessionApiKey();
            assertThat(resumed.sessionApiKey()).as("key after %s", answer).isEqualTo(current);
            assertThat(resumed.runtimeId()).isEqualTo(started.runtimeId());
            assertThat(resumed.url()).isNotNull(); // from the look-up after the resume
            assertThat(resumed.state()).isEqualTo(RuntimeState.STARTING);
        }
        assertThat(simulator.requestCount("POST", "/resume")).isEqualTo(3); // one per resume: the key rotated once each
        assertThat(tolerated("resume", ToleratedAnswers.ANSWER_WITHOUT_KEY)).isGreaterThanOrEqualTo(2);
        assertBreakersClosed();
    }

    @Test
    void aResumeIsNeverRetriedAfterAFailedAnswerThatDidNotGoThrough() {
        RuntimeInfo started = start("noretry-user:app:one");
        assertThat(client.pause(started.runtimeId())).isTrue();
        simulator.failNext(1, 503);

        assertThatThrownBy(() -> client.resume(started.runtimeId())).isInstanceOf(RuntimeApiTransientException.class);

        assertThat(simulator.requestCount("POST", "/resume")).isEqualTo(1);
        assertThat(client.findRuntime(started.runtimeId()).orElseThrow().state()).isEqualTo(RuntimeState.PAUSED);
    }

    @Test
    void anAnswerThatIsNotJsonOrARuntimeWithoutIdIsMalformed() {
        simulator.answerMalformedJsonNext(1);
        assertThatThrownBy(() -> start("malformed-user:app:one")).isInstanceOf(RuntimeApiMalformedAnswerException.class);
    }
}
