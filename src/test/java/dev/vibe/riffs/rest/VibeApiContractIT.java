package dev.vibe.riffs.rest;

import dev.vibe.riffs.rest.apps.InitialRiffProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The contract, checked on the packaged application (its runtime-api is unreachable: nothing here needs one). */
@QuarkusIntegrationTest
@TestProfile(InitialRiffProfile.class)
class VibeApiContractIT extends VibeApiContractTests {
}
