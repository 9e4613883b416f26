package dev.vibe.riffs.rest;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static dev.vibe.riffs.rest.Api.riff;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.RiffRepository;
import dev.vibe.riffs.rest.apps.CreateAppRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The description is the API: real answers of every operation, successes and errors, against the schemas that
 * {@code /q/openapi} gives for them, with the runtime-api simulator behind the runtime operations.
 */
@QuarkusTest
class OpenApiConformanceTests extends FreshRuntimeApiTest {

    @Inject
    RiffRepository riffs;

    @Test
    void everyOperationAnswersAsItsSchemaSays() throws Exception {
        OpenApiDocument api = OpenApiDocument.served();
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.runtime(runtimeId).orElseThrow().isReady());
        simulator.goDown();
        as(user).body(Map.of("slug", "no-runtime")).post("/api/apps/app/riffs").then().statusCode(201);
        simulator.comeBack();

        api.assertDocuments("listApps", as(user).get("/api/apps"));
        api.assertDocuments("createApp", as(user).body(Map.of("slug", "other")).post("/api/apps"));
        api.assertDocuments("getApp", as(user).get("/api/apps/app"));
        api.assertDocuments("listRiffs", as(user).get("/api/apps/app/riffs"));
        api.assertDocuments("createRiff", as(user).body(Map.of("slug", "r2", "description", "Fix it")).post("/api/apps/app/riffs"));
        api.assertDocuments("createRiff", as(user).body(Map.of("slug", "r2")).post("/api/apps/app/riffs"));
        api.assertDocuments("getRiff", as(user).get("/api/apps/app/riffs/r"));
        api.assertDocuments("getRiff", as(user).get("/api/apps/app/riffs/no-runtime"));
        api.assertDocuments("getRiffRuntimeStatus", as(user).get("/api/apps/app/riffs/r/runtime/status"));
        api.assertDocuments("pauseRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/pause"));
        api.assertDocuments("resumeRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/resume"));
        api.assertDocuments("resetRiff", as(user).post("/api/apps/app/riffs/r/reset"));
        api.assertDocuments("getRiffReadiness", as(user).get("/api/apps/app/riffs/r/ready"));
        api.assertDocuments("getServiceHealth", given().get("/api/health"));
        api.assertDocuments("keepRiffAlive", as(user).post("/api/apps/app/riffs/r/runtime/keepalive"));
        api.assertDocuments("deleteRiff", as(user).delete("/api/apps/app/riffs/r2"));
        api.assertDocuments("deleteApp", as(user).delete("/api/apps/other"));
        api.assertDocuments("getRuntimeApiStatus", given().get("/api/runtime/status"));
        api.assertDocuments("listRiffRuntimeEvents", as(user).queryParam("limit", 2).get("/api/apps/app/riffs/r/runtime/events"));
        api.assertDocuments("listRiffRuntimeEvents", as(user).queryParam("limit", 0).get("/api/apps/app/riffs/r/runtime/events"));
        api.assertDocuments("listRiffRuntimeEvents", as(user).get("/api/apps/app/riffs/gone/runtime/events"));
        api.assertDocuments("getUsage", as(user).get("/api/usage"));
        api.assertDocuments("getUsage", as(user).queryParam("from", "soon").get("/api/usage"));
        api.assertDocuments("streamRuntimeEvents", as(user).header("Last-Event-ID", "x").get("/api/events"));
        try (SseClient stream = SseClient.open(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/events"), user, "0")) {
            SseClient.Event first = stream.nextEvent(Duration.ofSeconds(10));
            assertThat(first).as("a replayed event").isNotNull();
            api.assertDocumentsStream("streamRuntimeEvents", stream.status(),
                    stream.response().headers().firstValue("Content-Type").orElse(""), first.data());
        }

        assertThat(api.checked()).contains("createRiff 201", "createRiff 200");
        assertThat(api.checked().stream().map(checked -> checked.split(" ")[0]).distinct())
                .as("every operation is checked").containsExactlyInAnyOrderElementsOf(api.operations().keySet());
    }

    @Test
    void errorsAnswerAsTheirSchemasSay() {
        OpenApiDocument api = OpenApiDocument.served();
        String user = newUser();
        String runtimeId = newRiff(user, "app", "r").getString("runtime_id");

        api.assertDocuments("listApps", given().get("/api/apps"));
        api.assertDocuments("listApps", given().header("X-User-UUID", "a:b").get("/api/apps"));
        api.assertDocuments("listApps", as(user).accept(ContentType.XML).get("/api/apps"));
        api.assertDocuments("createApp", as(user).body(Map.of("slug", "app")).post("/api/apps"));
        api.assertDocuments("createApp", as(user).body(Map.of("name", "no slug")).post("/api/apps"));
        api.assertDocuments("createApp", as(user).body("{\"slug\": ").post("/api/apps"));
        api.assertDocuments("createApp", as(user).contentType(ContentType.TEXT).body("slug=x").post("/api/apps"));
        api.assertDocuments("createApp", as(user).body("{\"slug\": \"big\", \"name\": \"" + "x".repeat(70_000) + "\"}").post("/api/apps"));
        api.assertDocuments("getApp", as(user).get("/api/apps/none"));
        api.assertDocuments("getApp", as(user).get("/api/apps/Not_A_Slug"));
        api.assertDocuments("getApp", given().header("X-User-UUID", "").get("/api/apps/app"));
        api.assertDocuments("deleteApp", as(user).delete("/api/apps/none"));
        api.assertDocuments("listRiffs", as(user).get("/api/apps/none/riffs"));
        api.assertDocuments("createRiff", as(user).body(Map.of("slug", "r")).post("/api/apps/none/riffs"));
        api.assertDocuments("createRiff", as(user).body(Map.of("slug", " ")).post("/api/apps/app/riffs"));
        api.assertDocuments("getRiff", as(user).get("/api/apps/app/riffs/none"));
        api.assertDocuments("deleteRiff", as(user).delete("/api/apps/app/riffs/none"));
        api.assertDocuments("resetRiff", as(user).post("/api/apps/app/riffs/none/reset"));
        api.assertDocuments("getRiffReadiness", as(user).get("/api/apps/app/riffs/none/ready"));
        api.assertDocuments("pauseRiffRuntime", as(user).post("/api/apps/none/riffs/r/runtime/pause"));
        api.assertDocuments("getRiffRuntimeStatus", as(user).accept(ContentType.XML).get("/api/apps/app/riffs/r/runtime/status"));
        api.assertDocuments("getRuntimeApiStatus", given().accept(ContentType.XML).get("/api/runtime/status"));

        api.assertDocuments("streamRuntimeEvents", as(user).queryParam("app", "none").get("/api/events"));
        simulator.forceStatus(runtimeId, "stopped", "not found");
        api.assertDocuments("resumeRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/resume"));
        api.assertDocuments("pauseRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/pause"));
        simulator.forget(runtimeId);
        api.assertDocuments("getRiffRuntimeStatus", as(user).get("/api/apps/app/riffs/r/runtime/status"));
        api.assertDocuments("pauseRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/pause"));

        assertThat(api.checked()).contains("listApps 400", "listApps 406", "createApp 409", "createApp 400", "createApp 413",
                "createApp 415", "getApp 404", "getApp 400", "streamRuntimeEvents 404", "resumeRiffRuntime 409", "pauseRiffRuntime 409",
                "getRiffRuntimeStatus 404",
                "getRiffRuntimeStatus 406", "getRuntimeApiStatus 406");
    }

    @Test
    void runtimeApiFailuresAnswerAsTheirSchemasSay() {
        OpenApiDocument api = OpenApiDocument.served();
        String user = newUser();
        newRiff(user, "app", "r");

        simulator.failNext(3, 401);
        api.assertDocuments("getRiffRuntimeStatus", as(user).get("/api/apps/app/riffs/r/runtime/status"));
        simulator.reset();

        claimAsAnotherRequest(user, "r", Duration.ofMinutes(1));
        api.assertDocuments("resetRiff", as(user).post("/api/apps/app/riffs/r/reset"));
        api.assertDocuments("pauseRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/pause"));
        api.assertDocuments("resumeRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/resume"));
        claimAsAnotherRequest(user, "r", Duration.ofSeconds(-1));

        simulator.goDown();
        Map<String, Response> outage = new LinkedHashMap<>();
        outage.put("getRiffRuntimeStatus", as(user).get("/api/apps/app/riffs/r/runtime/status"));
        outage.put("resetRiff", as(user).post("/api/apps/app/riffs/r/reset"));
        outage.put("pauseRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/pause"));
        outage.forEach(api::assertDocuments);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/runtime/status").statusCode() == 503);
        api.assertDocuments("getRuntimeApiStatus", given().get("/api/runtime/status"));

        assertThat(api.checked()).contains("getRiffRuntimeStatus 502", "resetRiff 409", "pauseRiffRuntime 409", "resumeRiffRuntime 409",
                "getRiffRuntimeStatus 503", "resetRiff 503", "pauseRiffRuntime 503", "getRuntimeApiStatus 503");
    }

    @Test
    void aResetStillUnderWayAnswersAsItsSchemaSays() {
        OpenApiDocument api = OpenApiDocument.served();
        String user = newUser();
        simulator.setStartDelay(Duration.ofHours(1));
        newRiff(user, "app", "r");
        api.assertDocuments("resetRiff", as(user).post("/api/apps/app/riffs/r/reset")).then().statusCode(202);
    }

    @Test
    void aPauseOrResumeStillUnderWayAnswersAsItsSchemaSays() {
        OpenApiDocument api = OpenApiDocument.served();
        String user = newUser();
        newRiff(user, "app", "r");

        simulator.slowDown(Duration.ofMillis(2500)); // three calls of 2.5 s, past the test profile's 3 s client wait
        api.assertDocuments("pauseRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/pause")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "paused".equals(riff(user, "app", "r").getString("runtime_status")));
        simulator.slowDown(Duration.ZERO);

        simulator.slowDownStarts(Duration.ofSeconds(8)); // /resume answers 8 s late
        api.assertDocuments("resumeRiffRuntime", as(user).post("/api/apps/app/riffs/r/runtime/resume")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> !"paused".equals(riff(user, "app", "r").getString("runtime_status")));

        assertThat(api.checked()).contains("pauseRiffRuntime 202", "resumeRiffRuntime 202");
    }

    @Test
    void aBodyMadeFromTheRequestSchemaIsStoredWhole() {
        OpenApiDocument api = OpenApiDocument.served();
        JsonNode request = api.schema("CreateAppRequest").get("properties");
        assertThat(request.fieldNames()).toIterable().containsExactlyInAnyOrder("slug", "name", "github_url");
        Map<String, String> body = new LinkedHashMap<>();
        request.fields().forEachRemaining(property -> body.put(property.getKey(), property.getValue().get("examples").get(0).asText()));
        String user = newUser();

        api.assertDocuments("createApp", as(user).body(body).post("/api/apps")).then().statusCode(201);

        var app = as(user).get("/api/apps/{slug}", body.get("slug")).then().statusCode(200).extract().jsonPath();
        assertThat(app.getString("slug")).isEqualTo(body.get("slug"));
        assertThat(app.getString("name")).isEqualTo(body.get("name"));
        assertThat(app.getString("github_url")).isEqualTo(body.get("github_url")).isNotNull();
    }

    @Test
    void schemasNameEveryPropertyInSnakeCase() {
        OpenApiDocument api = OpenApiDocument.served();
        List<String> names = new ArrayList<>();
        api.root().path("components").path("schemas").forEach(schema -> collectPropertyNames(schema, names));
        assertThat(names).isNotEmpty().contains("github_url", "created_at", "riff_count", "session_api_key", "runtime_status", "error_id")
                .allSatisfy(name -> assertThat(name).matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"));
    }

    private static void collectPropertyNames(JsonNode schema, List<String> names) {
        schema.path("properties").fields().forEachRemaining(property -> {
            names.add(property.getKey());
            collectPropertyNames(property.getValue(), names);
            collectPropertyNames(property.getValue().path("items"), names);
        });
        schema.path("required").forEach(required -> names.add(required.asText()));
    }

    /** The claim on the riff that another request changing its runtime holds, until {@code now + lasting}. */
    private void claimAsAnotherRequest(String user, String riff, Duration lasting) {
        QuarkusTransaction.requiringNew().run(() -> riffs.update("runtimeClaim = ?1, runtimeClaimUntil = ?2 where id = ?3",
                "another-request", Instant.now().plus(lasting), riffs.findOwned(user, "app", riff).orElseThrow().id));
    }
}
