package dev.vibe.riffs.tracing;

import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.CollectorPort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The packaged service with the traces endpoint empty, as a ConfigMap writes an unset one, exports nothing: no
 * connection is made to {@code localhost:4317}, where Quarkus exports by default (with an exporter bean of their own,
 * the {@code @QuarkusTest} tests never use that exporter, so only the packaged service can show it).
 */
@QuarkusIntegrationTest
@TestProfile(TracingOffIT.EmptyEndpoint.class)
class TracingOffIT {

    public static class EmptyEndpoint implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // Spans, were any made, would be exported at once rather than after 5 s.
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "", "quarkus.otel.bsp.schedule.delay", "100ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DefaultCollectorPort.class));
        }
    }

    /** Listens where Quarkus exports spans when no endpoint is set. */
    public static class DefaultCollectorPort implements QuarkusTestResourceLifecycleManager {

        private CollectorPort collector;

        @Override
        public Map<String, String> start() {
            collector = CollectorPort.listen(4317);
            return Map.of();
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(collector, new TestInjector.MatchesType(CollectorPort.class));
        }

        @Override
        public void stop() {
            if (collector != null) {
                collector.close();
            }
        }
    }

    /** Null when another process holds the port. */
    CollectorPort collector;

    @Test
    void anEmptyEndpointSendsNothingAnywhere() {
        Assumptions.assumeTrue(collector != null, "port 4317 is held by another process");
        String user = newUser();
        createApp(user, "app"); // an HTTP request and SQL statements

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> collector.connections() == 0);
    }
}
