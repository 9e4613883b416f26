package dev.vibe.riffs.tracing;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A riff's life can be followed across the HTTP request, the database and the runtime-api, and no span holds a key. */
@QuarkusTest
class TracingTests extends FreshRuntimeApiTest {

    @Inject
    InMemorySpanExporter spans;

    @Inject
    RuntimeReconciler reconciler;

    private List<SpanData> finished(int atLeast) {
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().size() >= atLeast);
        return spans.getFinishedSpanItems();
    }

    @Test
    void aResetIsOneTraceFromTheRequestThroughTheDatabaseToTheRuntimeApiAndAgentServer() {
        String user = newUser();
        newRiff(user, "app", "r");
        spans.reset();

        as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200);

        SpanData server = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getName().contains("/reset")).findFirst().orElse(null),
                span -> span != null);
        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(server.getTraceId())).toList();
        assertThat(trace).anySatisfy(span -> assertThat(span.getAttributes().asMap().keySet().toString()).contains("db."));
        assertThat(trace).filteredOn(span -> span.getKind() == SpanKind.CLIENT)
                .extracting(span -> span.getAttributes().asMap().toString())
                .anySatisfy(attributes -> assertThat(attributes).contains("/simulator/runtime-api/runtime/"))
                .anySatisfy(attributes -> assertThat(attributes).contains("/simulator/agent/"));
    }

    @Test
    void eachJobOfAReconcilerRunHasASpanOfItsOwn() {
        spans.reset();
        reconciler.reconcile();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .contains("reconciler owed stops", "reconciler idle pauses", "reconciler catch-up", "reconciler status refresh"));
    }

    @Test
    void noSpanAttributeHoldsAKey() {
        String user = newUser();
        spans.reset();
        JsonPath riff = newRiff(user, "app", "r");
        List<String> keys = new ArrayList<>(List.of(simulator.apiKey(), riff.getString("session_api_key")));
        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
        keys.add(as(user).post("/api/apps/app/riffs/r/reset").then().statusCode(200).extract().<String>path("riff.session_api_key"));
        as(user).get("/api/apps/app/riffs/r/runtime/status").then().statusCode(200);
        as(user).delete("/api/apps/app/riffs/r").then().statusCode(200);
        reconciler.reconcile();

        List<SpanData> all = finished(10);
        assertThat(all).allSatisfy(span -> {
            String everything = span.getName() + span.getAttributes() + span.getEvents() + span.getResource().getAttributes();
            assertThat(keys).noneMatch(everything::contains);
        });
    }

    @Test
    void logLinesOfARequestCarryItsTraceAndSpanIds() {
        try (LogCapture log = LogCapture.open()) {
            newRiff(newUser(), "app", "r");
            List<LogCapture.Line> created = log.linesAtLeast(Level.INFO).stream()
                    .filter(line -> line.text().endsWith("/r created"))
                    .toList();
            assertThat(created).isNotEmpty().allSatisfy(line -> {
                assertThat(line.mdc().get("traceId")).matches("[0-9a-f]{32}");
                assertThat(line.mdc().get("spanId")).matches("[0-9a-f]{16}");
            });
        }
    }
}
