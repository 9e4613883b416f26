package dev.vibe.riffs.rest.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked on the packaged application (the jar here, the native executable where GraalVM is). */
@QuarkusIntegrationTest
class UserIdentityIT extends UserIdentityTests {
}
