package dev.vibe.riffs.tracing;

import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.AsDeployed;
import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.service.reconciler.RuntimeReconciler;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With the traces endpoint empty, as a ConfigMap writes an unset one, tracing is off: requests, statements, calls and
 * reconciler runs make no span (TracingOffIT shows that nothing is sent to a collector either).
 */
@QuarkusTest
@TestProfile(AsDeployed.class)
class TracingOffTests extends FreshRuntimeApiTest {

    @Inject
    InMemorySpanExporter spans;

    @Inject
    RuntimeReconciler reconciler;

    @Test
    void anEmptyEndpointMakesNoSpan() {
        try (LogCapture log = LogCapture.open()) {
            newRiff(newUser(), "app", "r"); // HTTP requests, SQL statements, runtime-api and agent-server calls
            reconciler.reconcile();

            List<LogCapture.Line> created = log.linesAtLeast(Level.INFO).stream().filter(line -> line.text().endsWith("/r created")).toList();
            assertThat(created).as("a request's log line").isNotEmpty()
                    .allSatisfy(line -> assertThat(line.mdc()).as("no trace of the request").doesNotContainKey("traceId"));
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
