package dev.vibe.riffs.rest.errors;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked on the packaged application (the jar here, the native executable where GraalVM is). */
@QuarkusIntegrationTest
class BadInputIT extends BadInputTests {
}
