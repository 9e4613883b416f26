package dev.vibe.riffs.rest.apps;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service as deployed: every app gets its initial riff {@code rename-to-{slug}}, which the rest of the test suite
 * turns off ({@code %test.vibe.apps.initial-riff-slug=} in application.properties) so that its counts of riffs,
 * runtimes and events stay its own. Both keys: a profile's own value would win over a plain override in tests.
 */
public class InitialRiffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("vibe.apps.initial-riff-slug", "rename-to-{slug}", "%test.vibe.apps.initial-riff-slug", "rename-to-{slug}");
    }
}
