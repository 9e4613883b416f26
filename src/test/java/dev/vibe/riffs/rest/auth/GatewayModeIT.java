package dev.vibe.riffs.rest.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.PackagedService;
import dev.vibe.riffs.rest.Api;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged application in {@code gateway} mode, configured as a Deployment would be (environment variables, the
 * secret from a Secret): every request to the API port must carry the gateway's secret, the management port needs none,
 * and the secret is never logged or echoed. Launched by this test with ports the build reserved
 * ({@code it.gateway.*}), in a schema of its own, and with the API description on.
 */
class GatewayModeIT {

    private static final String HEADER = "X-Vibe-Gateway";
    private static final String SECRET = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    private static final int PORT = Integer.getInteger("it.gateway.http.port");
    private static final int MANAGEMENT_PORT = Integer.getInteger("it.gateway.management.port");

    private static PackagedService service;
    private static final List<String> answers = new ArrayList<>();

    private static Map<String, String> environment() {
        String schema = System.getProperty("it.schema") + "_gateway";
        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", System.getProperty("it.jdbc.url").replaceFirst("currentSchema=[^&]*", "currentSchema=" + schema));
        environment.put("QUARKUS_FLYWAY_SCHEMAS", schema);
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(PORT));
        environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(MANAGEMENT_PORT));
        environment.put("VIBE_AUTH_MODE", "gateway");
        environment.put("VIBE_AUTH_GATEWAY_HEADER", HEADER);
        environment.put("VIBE_API_DOCS_ENABLED", "true");
        return environment;
    }

    @BeforeAll
    static void startInGatewayMode() throws Exception {
        Map<String, String> withoutSecret = environment();
        withoutSecret.put("VIBE_AUTH_GATEWAY_SECRET", "too-short");
        try (PackagedService refused = PackagedService.runToExit("gateway-it-refused", withoutSecret)) {
            assertThat(refused.exitValue()).isNotZero();
            assertThat(refused.log()).contains("VIBE_AUTH_GATEWAY_SECRET of at least 32 characters").doesNotContain("too-short");
        }
        Map<String, String> environment = environment();
        environment.put("VIBE_AUTH_GATEWAY_SECRET", SECRET);
        service = PackagedService.start("gateway-it", environment);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static RequestSpecification api() {
        return given().port(PORT).urlEncodingEnabled(false).contentType(ContentType.JSON);
    }

    private static Response keep(Response answer) {
        answers.add(answer.asString());
        return answer;
    }

    @Test
    void requestsWithTheSecretAreServed() {
        String user = Api.newUser();
        keep(api().header(HEADER, SECRET).header(UserIdentityFilter.HEADER, user).body(Map.of("slug", "app")).post("/api/apps"))
                .then().statusCode(201).body("app.created_by", equalTo(user));
        keep(api().header(HEADER, SECRET).header(UserIdentityFilter.HEADER, user).get("/api/apps")).then().statusCode(200)
                .body("count", equalTo(1));
        // The identity rules of header mode still apply behind the secret.
        keep(api().header(HEADER, SECRET).get("/api/apps")).then().statusCode(400);
        keep(api().header(HEADER, SECRET).get("/api/runtime/status")).then().statusCode(503);
    }

    @Test
    void everyPathRefusesARequestWithoutTheRightSecret() {
        String user = Api.newUser();
        List<RequestSpecification> unproven = List.of(api(), api().header(HEADER, ""), api().header(HEADER, "wrong"),
                api().header(HEADER, SECRET + "x"), api().header(HEADER, SECRET.substring(1)), api().header(HEADER, SECRET.toUpperCase()),
                api().header("X-Gateway-Secret", SECRET));
        for (RequestSpecification request : unproven) {
            for (String path : List.of("/api/apps", "/api/apps/app/riffs", "/api/runtime/status", "/api/no-such-route", "/api",
                    "//api/apps", "/%61pi/apps", "/q/health/ready", "/")) {
                keep(request.header(UserIdentityFilter.HEADER, user).get(path)).then().statusCode(401)
                        .contentType(startsWith("application/json"))
                        .header("WWW-Authenticate", startsWith("Gateway"))
                        .body("error", equalTo("Not authenticated: requests must come through the gateway"));
            }
        }
        keep(api().body(Map.of("slug", "app")).header(UserIdentityFilter.HEADER, user).post("/api/apps")).then().statusCode(401);
        keep(api().header(HEADER, SECRET).header(UserIdentityFilter.HEADER, user).get("/api/apps")).then().statusCode(200)
                .body("count", equalTo(0));
    }

    @Test
    void theManagementPortNeedsNoSecretAndDescribesTheScheme() {
        given().port(MANAGEMENT_PORT).get("/q/health/ready").then().statusCode(200);
        given().port(MANAGEMENT_PORT).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes", hasKey(AuthDocumentationFilter.GATEWAY_SCHEME))
                .body("components.securitySchemes.gateway.name", equalTo(HEADER))
                .body("components.securitySchemes.gateway.in", equalTo("header"))
                .body("paths.'/api/apps'.get.security[0]", hasKey(AuthDocumentationFilter.GATEWAY_SCHEME))
                .body("paths.'/api/apps'.get.responses", hasKey("401"));
        api().header(HEADER, SECRET).get("/q/health/ready").then().statusCode(404);
    }

    @Test
    void theSecretIsInNoLogLineAndNoAnswer() throws Exception {
        requestsWithTheSecretAreServed();
        everyPathRefusesARequestWithoutTheRightSecret();

        assertThat(service.log()).contains("Requests refused without the gateway secret").doesNotContain(SECRET);
        assertThat(answers).noneMatch(answer -> answer.contains(SECRET));
    }
}
