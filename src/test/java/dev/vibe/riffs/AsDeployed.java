package dev.vibe.riffs;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The test application as a deployment starts it: the traces endpoint as a ConfigMap writes one it leaves unset (an
 * empty value), in place of the tests' own; the default limit of requests per user; and its log captured from the first line (a field of type
 * {@link LogCapture} gets it).
 */
public class AsDeployed implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "%test.quarkus.otel.exporter.otlp.traces.endpoint", "", "quarkus.otel.exporter.otlp.traces.endpoint", "",
                // The default limit of requests per user (UsersConfig), which the other tests turn off.
                "%test.vibe.users.max-requests-in-flight", "32",
                // Micrometer says "already registered" once per JVM as a warning, then at debug level.
                "quarkus.log.category.\"io.micrometer.core.instrument.MeterRegistry\".level", "DEBUG");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LogFromTheStart.class));
    }

    /** Captures the log from before the application starts. */
    public static class LogFromTheStart implements QuarkusTestResourceLifecycleManager {

        private LogCapture log;

        @Override
        public Map<String, String> start() {
            log = LogCapture.open();
            return Map.of();
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(log, new TestInjector.MatchesType(LogCapture.class));
        }

        @Override
        public void stop() {
            log.close();
        }
    }
}
