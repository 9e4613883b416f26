package dev.vibe.riffs.service.riffs;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.domain.RuntimeStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class LiveStatusTests extends FreshRuntimeApiTest {

    @Inject
    RiffRepository riffs;

    private Riff stored(String user) {
        return QuarkusTransaction.requiringNew().call(() -> riffs.findOwned(user, "app", "r").orElseThrow());
    }

    @Test
    void aLookUpThatSeesWhatIsStoredWritesNothing() {
        String user = newUser();
        newRiff(user, "app", "r");
        await().atMost(Duration.ofSeconds(5)).until(() -> "running".equals(
                as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200).extract().path("runtime.status")));
        Riff before = stored(user);

        as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200);
        as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200);

        Riff after = stored(user);
        assertThat(after.version).isEqualTo(before.version);
        assertThat(after.runtimeStatusAt).isEqualTo(before.runtimeStatusAt);
    }

    @Test
    void aLookUpThatSeesAChangeRecordsIt() {
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        simulator.forceStatus(runtimeId, "error", "failed");

        as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200);

        assertThat(stored(user).runtimeStatus).isEqualTo(RuntimeStatus.ERROR);
    }
}
