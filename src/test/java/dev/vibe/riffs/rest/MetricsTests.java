package dev.vibe.riffs.rest;

import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Management;
import dev.vibe.riffs.RuntimeApiReset;
import dev.vibe.riffs.service.usage.RiffStatusMetrics;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import dev.vibe.riffs.simulator.RuntimeApiSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class MetricsTests {

    @Inject
    RuntimeApiSimulator simulator;

    @Inject
    RiffStatusMetrics riffStatusMetrics;

    @Inject
    RuntimeReconciler reconciler;

    @Test
    void exposesRuntimeApiCallsRiffStatusesBreakersAndReconcilerWork() {
        RuntimeApiReset.fresh(simulator);
        JsonPath riff = newRiff(newUser(), "app", "metered");
        simulator.forget(riff.getString("runtime_id"));
        reconciler.reconcile();
        riffStatusMetrics.refresh();

        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .containsPattern("runtime_api_calls_seconds_count\\{[^}]*operation=\"start\"[^}]*outcome=\"success\"")
                .containsPattern("runtime_api_calls_seconds_count\\{[^}]*operation=\"sessions_batch\"")
                .containsPattern("riffs_by_runtime_status\\{[^}]*status=\"missing\"")
                .containsPattern("runtime_api_calls_seconds_bucket\\{[^}]*operation=\"start\"")
                .containsPattern("ft_circuitbreaker_state_current\\{[^}]*runtime-api")
                .containsPattern("agroal_active_count")
                .containsPattern("runtime_stops_owed ")
                .doesNotContain("runtime_api_circuit_breaker_state")
                .containsPattern("runtime_reconciler_work_total\\{[^}]*kind=\"refreshed\"")
                .containsPattern("riffs_without_runtime\\{[^}]*waited=\"under_1m\"")
                .containsPattern("riffs_without_runtime\\{[^}]*waited=\"over_1h\"")
                .containsPattern("riffs_status_age_max_seconds ")
                .containsPattern("runtime_api_calls_refused_total ")
                .containsPattern("runtime_api_calls_in_flight ")
                .doesNotContain(simulator.apiKey())
                .doesNotContain(riff.getString("session_api_key"));
    }
}
