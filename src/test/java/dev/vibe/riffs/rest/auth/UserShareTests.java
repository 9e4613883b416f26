package dev.vibe.riffs.rest.auth;

import static dev.vibe.riffs.Bursts.together;
import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.auth.UserFloods.counter;
import static dev.vibe.riffs.rest.auth.UserFloods.withRiffs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.rest.OpenApiDocument;
import dev.vibe.riffs.rest.auth.UserFloods.Answer;
import dev.vibe.riffs.runtime.RuntimeApiGuards;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Fair shares of this replica's runtime-api calls (default: half of the 128 in flight per user): one user's burst
 * beyond their share against a slow runtime-api gets {@code 429} for the calls beyond it, while another user's
 * requests, in the same burst, are all answered as if the flood were not there.
 */
@QuarkusTest
class UserShareTests extends FreshRuntimeApiTest {

    private static final int BEYOND = 16;
    private static final int OTHER_USERS_CALLS = 8;

    @Inject
    RuntimeApiConfig config;

    @Inject
    RuntimeApiGuards guards;

    @Test
    void aUserBeyondTheirShareIsRefusedAloneWhileAnotherIsServed() throws Exception {
        int share = config.concurrency().maxPerUser();
        int floodSize = share + BEYOND;
        String flooder = newUser();
        String other = newUser();
        withRiffs(flooder, floodSize);
        withRiffs(other, OTHER_USERS_CALLS);
        double refusedBefore = counter("runtime_api_user_calls_refused_total");
        simulator.slowDown(Duration.ofSeconds(3)); // every call of the burst is in flight at once, even on a busy machine

        List<Answer> answers;
        try (LogCapture log = LogCapture.open()) {
            answers = together(floodSize + OTHER_USERS_CALLS, i -> () -> i < floodSize
                    ? new Answer(flooder, as(flooder).get("/api/apps/app/riffs/r{n}/runtime/status", i))
                    : new Answer(other, as(other).get("/api/apps/app/riffs/r{n}/runtime/status", i - floodSize)));
            assertThat(log.lines()).filteredOn(line -> line.contains("held their whole share")).hasSizeLessThanOrEqualTo(1);
        }

        assertThat(answers).filteredOn(answer -> answer.user().equals(other)).extracting(Answer::status).containsOnly(200);
        List<Answer> flood = answers.stream().filter(answer -> answer.user().equals(flooder)).toList();
        assertThat(flood).filteredOn(answer -> answer.status() == 200).hasSize(share);
        List<Answer> refused = flood.stream().filter(answer -> answer.status() == 429).toList();
        assertThat(refused).hasSize(BEYOND);
        OpenApiDocument.served().assertDocuments("getRiffRuntimeStatus", refused.get(0).response());
        for (Answer answer : refused) {
            assertThat(answer.response().header("Retry-After")).isEqualTo("1");
            assertThat(answer.response().jsonPath().getString("status")).isEqualTo("user_overloaded");
        }
        assertThat(simulator.requestCount("GET", "/runtime/")).isEqualTo(share + OTHER_USERS_CALLS);
        assertThat(counter("runtime_api_user_calls_refused_total") - refusedBefore).isEqualTo(BEYOND);
        assertThat(guards.circuitBreakerStates()).containsEntry(RuntimeApiGuards.CALLS, "closed");

        simulator.slowDown(Duration.ZERO);
        as(flooder).get("/api/apps/app/riffs/r0/runtime/status").then().statusCode(200); // the share is given back
    }
}
