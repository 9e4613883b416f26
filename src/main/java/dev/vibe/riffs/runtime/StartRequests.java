package dev.vibe.riffs.runtime;

import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.runtime.Startup;

/**
 * The body of every {@code /start}, from the settings: image, command, working directory, environment, and the
 * optional fields the runtime-api takes ({@code resource_factor}, {@code runtime_class}, {@code run_as_user},
 * {@code run_as_group}, {@code fs_group}, {@code image_pull_policy}), each sent only when set. Checked at start-up: a
 * value the runtime-api would refuse stops the service from starting rather than every start failing.
 */
@Startup
@Singleton
public class StartRequests {

    private static final Set<Integer> RESOURCE_FACTORS = Set.of(1, 2, 4, 8);
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    private final RuntimeApiConfig config;

    @Inject
    StartRequests(RuntimeApiConfig config) {
        check(config);
        this.config = config;
    }

    public StartRequest of(String sessionId) {
        return new StartRequest(sessionId, config.image(), config.command(), config.workingDir(), config.environment(),
                config.resourceFactor().orElse(null), config.runtimeClass().orElse(null), config.runAsUser().orElse(null),
                config.runAsGroup().orElse(null), config.fsGroup().orElse(null), config.imagePullPolicy().orElse(null));
    }

    /** @throws IllegalArgumentException naming the setting that the runtime-api would refuse */
    static void check(RuntimeApiConfig config) {
        config.resourceFactor().filter(factor -> !RESOURCE_FACTORS.contains(factor)).ifPresent(factor -> {
            throw new IllegalArgumentException("RUNTIME_API_RESOURCE_FACTOR (runtime-api.resource-factor) must be 1, 2, 4 or 8; it is "
                    + factor);
        });
        config.imagePullPolicy().filter(policy -> !PULL_POLICIES.contains(policy)).ifPresent(policy -> {
            throw new IllegalArgumentException("RUNTIME_API_IMAGE_PULL_POLICY (runtime-api.image-pull-policy) must be Always, "
                    + "IfNotPresent or Never; it is '" + policy + "'");
        });
        notNegative("RUNTIME_API_RUN_AS_USER (runtime-api.run-as-user)", config.runAsUser());
        notNegative("RUNTIME_API_RUN_AS_GROUP (runtime-api.run-as-group)", config.runAsGroup());
        notNegative("RUNTIME_API_FS_GROUP (runtime-api.fs-group)", config.fsGroup());
    }

    private static void notNegative(String setting, Optional<Integer> id) {
        id.filter(value -> value < 0).ifPresent(value -> {
            throw new IllegalArgumentException(setting + " must be a user or group id, 0 or more; it is " + value);
        });
    }
}
