package dev.vibe.riffs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The {@code /start} settings: what is sent, and the values the runtime-api would refuse stopping the start-up. */
class StartRequestsTests {

    private static RuntimeApiConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(RuntimeApiConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's "10S"
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(RuntimeApiConfig.class);
    }

    @Test
    void unsetOptionalFieldsAreNotSent() {
        StartRequest request = new StartRequests(config(Map.of())).of("u:app:r");

        assertThat(request.sessionId()).isEqualTo("u:app:r");
        assertThat(request.image()).isEqualTo("ghcr.io/all-hands-ai/agent-server:8daf576-python");
        assertThat(request.environment()).isEmpty();
        assertThat(request.resourceFactor()).isNull();
        assertThat(request.runtimeClass()).isNull();
        assertThat(request.runAsUser()).isNull();
        assertThat(request.runAsGroup()).isNull();
        assertThat(request.fsGroup()).isNull();
        assertThat(request.imagePullPolicy()).isNull();
    }

    @Test
    void theFlaskBackendsValuesAreSentAsSet() {
        StartRequest request = new StartRequests(config(Map.of("runtime-api.run-as-user", "0",
                "runtime-api.environment.DEBUG", "true"))).of("u:app:r");

        assertThat(request.runAsUser()).isZero();
        assertThat(request.environment()).containsExactly(Map.entry("DEBUG", "true"));
    }

    @Test
    void valuesTheRuntimeApiWouldRefuseStopTheStartUp() {
        assertThatThrownBy(() -> new StartRequests(config(Map.of("runtime-api.resource-factor", "3"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUNTIME_API_RESOURCE_FACTOR");
        assertThatThrownBy(() -> new StartRequests(config(Map.of("runtime-api.image-pull-policy", "sometimes"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUNTIME_API_IMAGE_PULL_POLICY");
        assertThatThrownBy(() -> new StartRequests(config(Map.of("runtime-api.run-as-user", "-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUNTIME_API_RUN_AS_USER");
        for (String factor : new String[] { "1", "2", "4", "8" }) {
            assertThat(new StartRequests(config(Map.of("runtime-api.resource-factor", factor))).of("s").resourceFactor())
                    .isEqualTo(Integer.valueOf(factor));
        }
    }
}
