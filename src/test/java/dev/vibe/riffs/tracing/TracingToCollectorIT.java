package dev.vibe.riffs.tracing;

import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.CollectorPort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The packaged service with the traces endpoint naming a collector, and no other tracing setting, sends it spans. */
@QuarkusIntegrationTest
@TestProfile(TracingToCollectorIT.CollectorNamed.class)
class TracingToCollectorIT {

    public static class CollectorNamed implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.bsp.schedule.delay", "100ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Collector.class));
        }
    }

    /** A collector's port (it counts connections and speaks no OTLP), named as the traces endpoint. */
    public static class Collector implements QuarkusTestResourceLifecycleManager {

        private CollectorPort collector;

        @Override
        public Map<String, String> start() {
            collector = CollectorPort.listen(0);
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + collector.port());
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(collector, new TestInjector.MatchesType(CollectorPort.class));
        }

        @Override
        public void stop() {
            collector.close();
        }
    }

    CollectorPort collector;

    @Test
    void aNamedCollectorIsSentTheSpans() {
        createApp(newUser(), "app"); // an HTTP request and SQL statements: spans to export

        await().atMost(Duration.ofSeconds(10)).until(() -> collector.connections() > 0);
    }
}
