package dev.vibe.riffs;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the management interface (health, metrics, the API description), which listens on a port of its own:
 * the one the build reserved for this run ({@code quarkus.management.test-port}, given to the packaged application of
 * the integration tests as {@code QUARKUS_MANAGEMENT_PORT}).
 */
public final class Management {

    private Management() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
