package dev.vibe.riffs.rest;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Requests as a Vibe consumer makes them, each test with users of its own. */
public final class Api {

    private Api() {
    }

    public static String newUser() {
        return "test-user-" + UUID.randomUUID();
    }

    public static RequestSpecification as(String userId) {
        return given().header("X-User-UUID", userId).contentType(ContentType.JSON);
    }

    public static void createApp(String userId, String appSlug) {
        as(userId).body(Map.of("slug", appSlug)).post("/api/apps").then().statusCode(201);
    }

    public static void createRiff(String userId, String appSlug, String riffSlug) {
        as(userId).body(Map.of("slug", riffSlug)).post("/api/apps/{app}/riffs", appSlug).then().statusCode(201);
    }

    /** Creates an app and a riff in it, and answers the riff object. */
    public static JsonPath newRiff(String userId, String appSlug, String riffSlug) {
        createApp(userId, appSlug);
        return as(userId).body(Map.of("slug", riffSlug)).post("/api/apps/{app}/riffs", appSlug)
                .then().statusCode(201).extract().jsonPath().setRootPath("riff");
    }

    public static JsonPath riff(String userId, String appSlug, String riffSlug) {
        return as(userId).get("/api/apps/{app}/riffs/{riff}", appSlug, riffSlug)
                .then().statusCode(200).extract().jsonPath().setRootPath("riff");
    }

    public static String sessionId(String userId, String appSlug, String riffSlug) {
        return userId + ":" + appSlug + ":" + riffSlug;
    }
}
