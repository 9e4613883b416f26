package dev.vibe.riffs;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A runtime-api whose {@code /start} and {@code /resume} may take longer than a claim lasts, in seconds rather than
 * minutes: a 5 s read timeout for them, claims of 2 s (renewed every 2/3 s), a client wait of 1 s. And every optional
 * {@code /start} field set, as a deployment would (the Flask backend sent {@code run_as_user} and {@code DEBUG}).
 */
public class LongRuntimeApiCalls implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("runtime-api.timeouts.start-and-resume", "5S"),
                Map.entry("runtime-api.client-wait", "1S"),
                Map.entry("runtime-api.claim.ttl", "2S"),
                Map.entry("runtime-api.run-as-user", "10001"),
                Map.entry("runtime-api.run-as-group", "10002"),
                Map.entry("runtime-api.fs-group", "10003"),
                Map.entry("runtime-api.resource-factor", "2"),
                Map.entry("runtime-api.runtime-class", "sysbox-runc"),
                Map.entry("runtime-api.image-pull-policy", "IfNotPresent"),
                Map.entry("runtime-api.environment.DEBUG", "true"));
    }
}
