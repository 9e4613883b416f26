package dev.vibe.riffs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * When tracing is on, decided from the configuration as a deployment writes it: the application's own properties, a
 * ConfigMap's environment variables above them, and Quarkus's defaults below (a fast test, without Quarkus).
 */
class TracingSwitchTests {

    private static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    private static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";

    /** The application's properties (as in application.properties, ordinal 250) under the deployment's (ordinal 300). */
    private static boolean sdkDisabled(Map<String, String> deployment, String profile, Map<String, String> application) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withDefaultValue(TracingSwitch.SDK_DISABLED, "false")
                .withDefaultValue(ENDPOINT, "http://localhost:4317/")
                .withSources(new PropertiesConfigSource(application, "application.properties", 250))
                .withSources(new PropertiesConfigSource(deployment, "environment", 300))
                .withInterceptors(new TracingSwitch())
                .build();
        return config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }

    private static boolean sdkDisabled(Map<String, String> deployment) {
        return sdkDisabled(deployment, "prod", Map.of(TRACES_ENDPOINT, " "));
    }

    @Test
    void anUnsetOrEmptyEndpointTurnsTracingOff() {
        assertThat(sdkDisabled(Map.of())).isTrue();
        assertThat(sdkDisabled(Map.of(TRACES_ENDPOINT, ""))).as("empty, as a ConfigMap writes it").isTrue();
        assertThat(sdkDisabled(Map.of(TRACES_ENDPOINT, "  "))).isTrue();
        assertThat(sdkDisabled(Map.of(), "prod", Map.of())).as("nothing set anywhere").isTrue();
    }

    @Test
    void aNamedCollectorTurnsTracingOn() {
        assertThat(sdkDisabled(Map.of(TRACES_ENDPOINT, "http://otel-collector:4317"))).isFalse();
        assertThat(sdkDisabled(Map.of(ENDPOINT, "http://otel-collector:4317"))).as("the endpoint of every signal").isFalse();
        assertThat(sdkDisabled(Map.of(TRACES_ENDPOINT, "", ENDPOINT, "http://otel-collector:4317"))).isFalse();
        assertThat(sdkDisabled(Map.of(TRACES_ENDPOINT, "http://localhost:4317/"))).as("a collector beside the service").isFalse();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(sdkDisabled(Map.of(TracingSwitch.SDK_DISABLED, "true", TRACES_ENDPOINT, "http://otel-collector:4317"))).isTrue();
        assertThat(sdkDisabled(Map.of(TracingSwitch.SDK_DISABLED, "false"))).as("with no endpoint").isFalse();
        assertThat(sdkDisabled(Map.of(TracingSwitch.SDK_DISABLED, ""))).as("an empty setting counts as unset").isTrue();
        Map<String, String> tests = Map.of(TRACES_ENDPOINT, " ", "%test." + TRACES_ENDPOINT, "http://collector.invalid:4317");
        assertThat(sdkDisabled(Map.of(), "test", tests)).as("a profile's endpoint").isFalse();
    }
}
