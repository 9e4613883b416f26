package dev.vibe.riffs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import dev.vibe.riffs.runtime.errors.RuntimeApiUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RuntimeApiClientTests extends FreshRuntimeApiTest {

    @Inject
    RuntimeApiClient client;

    @Inject
    RuntimeApiGuards guards;

    private RuntimeInfo start(String sessionId) {
        return client.start(new StartRequest(sessionId, "agent:1", "serve", "/", Map.of(), 1, null, null, null, null, null));
    }

    @Test
    void startsAndFindsARuntimeBySessionAndById() {
        RuntimeInfo started = start("client-user:app:one");
        assertThat(started.state()).isEqualTo(RuntimeState.STARTING);
        assertThat(started.sessionApiKey()).isNotBlank();
        assertThat(client.findSession("client-user:app:one")).map(RuntimeInfo::runtimeId).contains(started.runtimeId());
        assertThat(client.findRuntime(started.runtimeId())).map(RuntimeInfo::sessionId).contains("client-user:app:one");
    }

    @Inject
    RuntimeApiRestClients clients;

    @Inject
    RuntimeAnswers answers;

    @Inject
    @RestClient
    AgentServerRestClient agentServer;

    @Inject
    RuntimeApiConfig config;

    @Inject
    RuntimeApiAdmission admission;

    @Inject
    MeterRegistry registry;

    /** A client of its own, as the application's is: the application's stops only when the application does. */
    @Test
    void makesNoCallOnceTheApplicationStops() {
        RuntimeApiClient stopping = new RuntimeApiClient(clients, agentServer, answers, config, guards, admission, registry);
        RuntimeInfo started = start("stop-user:app:one");
        int calls = simulator.requestCount("GET", "/");

        stopping.refuseCallsFromNowOn(null);

        assertThatThrownBy(() -> stopping.findRuntime(started.runtimeId())).isInstanceOf(RuntimeApiUnavailableException.class)
                .hasMessage("the application is stopping");
        assertThat(simulator.requestCount("GET", "/")).as("no call left").isEqualTo(calls);
    }

    @Test
    void answersEmptyForUnknownSessionsAndRuntimes() {
        assertThat(client.findSession("nobody:app:none")).isEmpty();
        assertThat(client.findRuntime("no-such-runtime")).isEmpty();
        assertThat(client.resume("no-such-runtime")).isEmpty();
        assertThat(client.pause("no-such-runtime")).isFalse();
        client.stop("no-such-runtime"); // an unknown runtime counts as stopped
    }

    @Test
    void findsManySessionsInOneCall() {
        RuntimeInfo one = start("batch-user:app:one");
        RuntimeInfo two = start("batch-user:app:two");
        List<RuntimeInfo> found = client.findSessions(List.of("batch-user:app:one", "batch-user:app:two", "batch-user:app:none"));
        assertThat(found).extracting(RuntimeInfo::runtimeId).containsExactlyInAnyOrder(one.runtimeId(), two.runtimeId());
        assertThat(simulator.requestCount("GET", "/sessions/batch")).isEqualTo(1);
    }

    @Test
    void pausesResumesWithANewKeyAndStops() {
        RuntimeInfo started = start("life-user:app:one");
        assertThat(client.pause(started.runtimeId())).isTrue();
        assertThat(client.findRuntime(started.runtimeId()).orElseThrow().state()).isEqualTo(RuntimeState.PAUSED);
        RuntimeInfo resumed = client.resume(started.runtimeId()).orElseThrow();
        assertThat(resumed.sessionApiKey()).isNotEqualTo(started.sessionApiKey());
        client.stop(started.runtimeId());
        assertThat(client.findRuntime(started.runtimeId()).orElseThrow().state()).isEqualTo(RuntimeState.STOPPED);
        assertThat(client.list()).extracting(RuntimeInfo::runtimeId).doesNotContain(started.runtimeId());
    }

    @Test
    void retriesA429AfterItsRetryAfter() {
        RuntimeInfo started = start("retry-user:app:one");
        int before = simulator.requestCount("GET", "/runtime/");
        simulator.failNextWithRetryAfter(2, 429, 1);
        long begin = System.nanoTime();
        assertThat(client.findRuntime(started.runtimeId())).isPresent();
        long waitedMillis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(simulator.requestCount("GET", "/runtime/") - before).isEqualTo(3);
        // Two waits of the one second that Retry-After asked for, not the 50 ms backoff of the test profile.
        assertThat(waitedMillis).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void retriesTransientFailuresOfReads() {
        RuntimeInfo started = start("transient-user:app:one");
        for (int status : List.of(502, 503, 504)) {
            simulator.failNext(1, status);
            assertThat(client.findRuntime(started.runtimeId())).isPresent();
        }
    }

    @Test
    void neverRetriesAStartBlindly() {
        simulator.failNext(1, 503);
        assertThatThrownBy(() -> start("start-user:app:one")).isInstanceOf(RuntimeApiTransientException.class);
        assertThat(simulator.requestCount("POST", "/start")).isEqualTo(1);
        assertThat(simulator.startsOfSession("start-user:app:one")).isZero();
    }

    @Test
    void doesNotRetryClientErrors() {
        simulator.failNext(1, 500);
        assertThatThrownBy(() -> client.findSession("error-user:app:one"))
                .isInstanceOf(RuntimeApiException.class)
                .hasMessage("runtime-api answered 500");
        assertThat(simulator.requestCount("GET", "/sessions/")).isEqualTo(1);
    }

    @Test
    void reportsMalformedAnswersAsUnavailable() {
        simulator.answerMalformedJsonNext(10);
        assertThatThrownBy(() -> client.findSession("malformed-user:app:one"))
                .isInstanceOf(RuntimeApiUnavailableException.class)
                .hasMessage("runtime-api answered malformed JSON (session)");
    }

    @Test
    void givesUpOnASlowRuntimeApiWithinItsTimeout() {
        simulator.slowDown(Duration.ofSeconds(30));
        long begin = System.nanoTime();
        assertThatThrownBy(() -> client.findSession("slow-user:app:one")).isInstanceOf(RuntimeApiUnavailableException.class);
        // Bounded by the call timeout of the test profile (6 s), far from the 30 s the runtime-api would take.
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void circuitOpensDuringAnOutageAndClosesAfterIt() {
        simulator.goDown();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThatThrownBy(() -> client.findSession("outage-user:app:one"))
                    .isInstanceOf(RuntimeApiUnavailableException.class);
            assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "open");
        });
        int requestsWhileOpen = simulator.requestCount("GET", "/sessions/");
        assertThatThrownBy(() -> client.findSession("outage-user:app:one"))
                .isInstanceOf(RuntimeApiUnavailableException.class)
                .hasMessage("runtime-api circuit breaker is open");
        assertThat(simulator.requestCount("GET", "/sessions/")).isEqualTo(requestsWhileOpen); // failed fast

        simulator.comeBack();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            assertThat(client.findSession("outage-user:app:one")).isEmpty();
            assertThat(client.findSession("outage-user:app:one")).isEmpty();
            assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed");
        });
    }

    @Test
    void clientErrorsNeverOpenTheCircuit() {
        simulator.failNext(30, 422);
        for (int i = 0; i < 30; i++) {
            assertThatThrownBy(() -> client.findSession("refused-user:app:one")).isInstanceOf(RuntimeApiException.class);
        }
        assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed");
    }

    @Test
    void reportsHealth() {
        assertThat(client.health()).isEqualTo(200);
        simulator.failNext(1, 503);
        assertThat(client.health()).isEqualTo(503);
        simulator.goDown();
        assertThatThrownBy(client::health).isInstanceOf(RuntimeApiUnavailableException.class);
    }

    @Test
    void checksTheAgentServersAliveWhichNeedsNoKey() {
        simulator.setStartDelay(Duration.ofHours(1));
        RuntimeInfo started = start("agent-user:app:one");
        assertThat(client.agentServerAlive(started.url(), started.sessionApiKey())).isFalse(); // starting: 503
        simulator.setStartDelay(Duration.ZERO);
        assertThat(client.agentServerAlive(started.url(), started.sessionApiKey())).isTrue();
        assertThat(client.agentServerAlive(started.url(), "an-old-key")).isTrue(); // /alive does not check it
        assertThat(client.agentServerAlive("http://127.0.0.1:1/nothing", "key")).isFalse();
    }
}
