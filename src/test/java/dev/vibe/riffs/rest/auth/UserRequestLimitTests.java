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

import dev.vibe.riffs.AsDeployed;
import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.config.UsersConfig;
import dev.vibe.riffs.rest.auth.UserFloods.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.WithDefault;

/**
 * At most {@code vibe.users.max-requests-in-flight} requests of one user at once, as deployed: a burst beyond it gets
 * {@code 429} for the requests beyond, at once, while another user's requests in the same burst are all served.
 */
@QuarkusTest
@TestProfile(AsDeployed.class)
class UserRequestLimitTests extends FreshRuntimeApiTest {

    private static final int BEYOND = 8;
    private static final int OTHER_USERS_REQUESTS = 4;

    @Inject
    UsersConfig users;

    @Test
    void aUserBeyondTheLimitIsRefusedAtOnceWhileAnotherIsServed() throws Exception {
        int limit = users.maxRequestsInFlight();
        assertThat(String.valueOf(limit)).as("the default limit applies as deployed")
                .isEqualTo(UsersConfig.class.getMethod("maxRequestsInFlight").getAnnotation(WithDefault.class).value());
        String flooder = newUser();
        String other = newUser();
        withRiffs(flooder, limit + BEYOND);
        withRiffs(other, OTHER_USERS_REQUESTS);
        double refusedBefore = counter("vibe_user_requests_refused_total");
        simulator.slowDown(Duration.ofSeconds(3)); // every request of the burst is in progress at once, even on a busy machine

        List<Answer> answers;
        try (LogCapture log = LogCapture.open()) {
            answers = together(limit + BEYOND + OTHER_USERS_REQUESTS, i -> () -> i < limit + BEYOND
                    ? new Answer(flooder, as(flooder).get("/api/apps/app/riffs/r{n}/runtime/status", i))
                    : new Answer(other, as(other).get("/api/apps/app/riffs/r{n}/runtime/status", i - limit - BEYOND)));
            assertThat(log.lines()).filteredOn(line -> line.contains("max-requests-in-flight in progress")).hasSizeLessThanOrEqualTo(1);
        } finally {
            simulator.slowDown(Duration.ZERO);
        }

        assertThat(answers).filteredOn(answer -> answer.user().equals(other)).extracting(Answer::status).containsOnly(200);
        List<Answer> flood = answers.stream().filter(answer -> answer.user().equals(flooder)).toList();
        assertThat(flood).filteredOn(answer -> answer.status() == 200).hasSize(limit);
        List<Answer> refusedAnswers = flood.stream().filter(answer -> answer.status() == 429).toList();
        assertThat(refusedAnswers).hasSize(BEYOND);
        for (Answer answer : refusedAnswers) {
            assertThat(answer.response().time()).as("refused at once, not after the slow runtime-api").isLessThan(2_000);
            assertThat(answer.response().header("Retry-After")).isEqualTo("1");
            assertThat(answer.response().contentType()).isEqualTo("application/json");
            assertThat(answer.response().jsonPath().getString("status")).isEqualTo("user_overloaded");
        }
        assertThat(counter("vibe_user_requests_refused_total") - refusedBefore).isEqualTo(BEYOND);

        as(flooder).get("/api/apps/app/riffs/r0/runtime/status").then().statusCode(200); // every place is given back
        List<Integer> again = together(limit, i -> () -> as(flooder).get("/api/apps/app/riffs/r{n}/runtime/status", i).statusCode());
        assertThat(again).containsOnly(200);
    }
}
