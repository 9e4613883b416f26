package dev.vibe.riffs.rest.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibe.riffs.LogCapture;
import dev.vibe.riffs.Management;
import dev.vibe.riffs.identity.WarmUpPass;
import dev.vibe.riffs.rest.Api;
import dev.vibe.riffs.rest.OpenApiDocument;
import dev.vibe.riffs.warmup.HotPathWarmUp;
import dev.vibe.riffs.warmup.WarmUpProgress;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * A deployment in {@code jwt} mode whose frontend is served from another origin: bearer tokens signed by the issuer
 * name the user, and CORS lets that origin's pages call the API. The profile makes the issuer's key pair when the
 * application starts; tests sign with its private key (smallrye-jwt-build's {@code smallrye.jwt.sign.key}), and
 * forge tokens with a key pair of their own. No network.
 */
@QuarkusTest
@TestProfile(JwtModeTests.JwtModeFromAnotherOrigin.class)
public class JwtModeTests {

    static final String ISSUER = "https://issuer.vibe.test";

    @Inject
    HotPathWarmUp warmUp;
    public static final String FRONTEND = "https://app.vibe.test";

    public static class JwtModeFromAnotherOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            KeyPair issuer = newKeyPair();
            return Map.of("vibe.auth.mode", "jwt",
                    "mp.jwt.verify.publickey", pem("PUBLIC KEY", issuer.getPublic().getEncoded()),
                    "mp.jwt.verify.issuer", ISSUER,
                    "smallrye.jwt.sign.key", pem("PRIVATE KEY", issuer.getPrivate().getEncoded()),
                    "quarkus.http.cors.enabled", "true",
                    "quarkus.http.cors.origins", FRONTEND);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----";
    }

    private static String tokenOf(String user) {
        return Jwt.issuer(ISSUER).subject(user).expiresIn(300).sign();
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    @Test
    void aValidTokenNamesTheUserWithoutTheHeader() {
        String user = Api.newUser();
        String token = tokenOf(user);

        bearer(token).body(Map.of("slug", "app")).post("/api/apps").then().statusCode(201).body("app.created_by", equalTo(user));
        bearer(token).get("/api/apps").then().statusCode(200).body("count", equalTo(1));
        bearer(token).header(UserIdentityFilter.HEADER, " " + user + " ").get("/api/apps/app").then().statusCode(200);
        bearer(tokenOf(Api.newUser())).get("/api/apps").then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void aRequestWithoutATokenIsRefusedEvenWithTheHeader() {
        for (Response answer : List.of(given().get("/api/apps"),
                given().header(UserIdentityFilter.HEADER, Api.newUser()).get("/api/apps"),
                given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/apps"))) {
            answer.then().statusCode(401).contentType(containsString("json"))
                    .header("WWW-Authenticate", equalTo(BearerTokens.REALM))
                    .body("error", containsString("bearer token is required"));
            OpenApiDocument.served().assertDocuments("listApps", answer);
        }
    }

    @Test
    void theServicesOwnWarmUpNeedsNoTokenAndAnyOtherPassIsRefused() {
        String user = Api.newUser();
        String token = tokenOf(user);
        bearer(token).body(Map.of("slug", "app")).post("/api/apps").then().statusCode(201);
        bearer(token).body(Map.of("slug", "r")).post("/api/apps/app/riffs").then().statusCode(201);

        WarmUpProgress progress = warmUp.run(Duration.ofMillis(200));

        assertThat(progress.lookUps()).isPositive();
        assertThat(progress.stoppedLookUps()).isNull();
        given().header(WarmUpPass.HEADER, "not-the-pass").header(UserIdentityFilter.HEADER, user)
                .get("/api/apps/app/riffs/r/runtime/status").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = Jwt.issuer(ISSUER).subject(Api.newUser()).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();

        bearer(expired).get("/api/apps").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("error", equalTo("The bearer token has expired"));
    }

    @Test
    void aForgedOrForeignTokenIsRefused() {
        String user = Api.newUser();
        String otherKey = Jwt.issuer(ISSUER).subject(user).expiresIn(300).sign(newKeyPair().getPrivate());
        String otherIssuer = Jwt.issuer("https://elsewhere.test").subject(user).expiresIn(300).sign();
        String[] genuine = tokenOf(user).split("\\.");
        String alteredClaims = genuine[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"someone-else\",\"exp\":" + (Instant.now().getEpochSecond() + 300) + "}").getBytes())
                + "." + genuine[2];
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + genuine[1] + ".";

        for (String forged : List.of(otherKey, otherIssuer, alteredClaims, unsigned, "not-a-token")) {
            Response answer = bearer(forged).get("/api/apps");
            answer.then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"))
                    .body("error", equalTo("The bearer token is invalid"));
            OpenApiDocument.served().assertDocuments("listApps", answer);
        }
    }

    @Test
    void aHeaderThatNamesAnotherUserIsForbidden() {
        String user = Api.newUser();
        Response answer = bearer(tokenOf(user)).header(UserIdentityFilter.HEADER, Api.newUser()).get("/api/apps");

        answer.then().statusCode(403).body("error", equalTo("X-User-UUID names another user than the bearer token"));
        OpenApiDocument.served().assertDocuments("listApps", answer);
    }

    @Test
    void aTokenWhoseClaimIsNoUserIdIsForbidden() {
        bearer(Jwt.issuer(ISSUER).subject("auth0|123:abc").expiresIn(300).sign()).get("/api/apps").then().statusCode(403)
                .body("error", containsString("sub claim is not a user id"));
    }

    @Test
    void routesWithoutAUserNeedNoToken() {
        assertThat(given().get("/api/runtime/status").statusCode()).isIn(200, 503);
    }

    @Test
    void noTokenAppearsInALogLineOrAnAnswer() {
        String user = Api.newUser();
        String valid = tokenOf(user);
        String expired = Jwt.issuer(ISSUER).subject(user).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
        String forged = Jwt.issuer(ISSUER).subject(user).expiresIn(300).sign(newKeyPair().getPrivate());
        List<String> answers = new ArrayList<>();
        try (LogCapture log = LogCapture.open()) {
            answers.add(bearer(valid).body(Map.of("slug", "app")).post("/api/apps").then().statusCode(201).extract().asString());
            for (String token : List.of(valid, expired, forged)) {
                answers.add(bearer(token).header(UserIdentityFilter.HEADER, Api.newUser()).get("/api/apps").asString());
                answers.add(bearer(token).get("/api/apps/app/riffs").asString());
            }
            for (String token : List.of(valid, expired, forged)) {
                String signature = token.substring(token.lastIndexOf('.') + 1);
                assertThat(log.lines()).noneMatch(line -> line.contains(signature));
                assertThat(answers).noneMatch(answer -> answer.contains(signature));
                String claims = token.substring(token.indexOf('.') + 1, token.indexOf('.') + 21);
                assertThat(log.lines()).noneMatch(line -> line.contains(claims));
            }
        }
    }

    @Test
    void theDescriptionNamesTheBearerSchemeAndMakesTheHeaderOptional() {
        OpenApiDocument document = OpenApiDocument.served();
        JsonNode scheme = document.root().path("components").path("securitySchemes").path(AuthDocumentationFilter.BEARER_SCHEME);
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        JsonNode listApps = document.operation("listApps");
        assertThat(listApps.path("security").toString()).contains(AuthDocumentationFilter.BEARER_SCHEME);
        assertThat(listApps.path("responses").has("401")).isTrue();
        assertThat(listApps.path("responses").has("403")).isTrue();
        for (JsonNode parameter : listApps.path("parameters")) {
            if (parameter.path("name").asText().equals(UserIdentityFilter.HEADER)) {
                assertThat(parameter.path("required").asBoolean(false)).isFalse();
            }
        }
        assertThat(document.operation("getRuntimeApiStatus").has("security")).isFalse();
    }

    @Test
    void pagesOfTheListedOriginMayCallTheApi() {
        String user = Api.newUser();
        given().header("Origin", FRONTEND).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/apps")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", FRONTEND)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Credentials", anyOf(nullValue(), equalTo("false")));
        bearer(tokenOf(user)).header("Origin", FRONTEND).get("/api/apps")
                .then().statusCode(200).header("Access-Control-Allow-Origin", FRONTEND)
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
    }

    @Test
    void pagesOfAnotherOriginGetNoCorsHeaders() {
        String user = Api.newUser();
        given().header("Origin", "https://evil.test").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/apps")
                .then().header("Access-Control-Allow-Origin", nullValue());
        bearer(tokenOf(user)).header("Origin", "https://evil.test").get("/api/apps")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theManagementPortIsNotUnderAuthentication() {
        Management.given().get("/q/health/live").then().statusCode(200);
        Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes", hasKey(AuthDocumentationFilter.BEARER_SCHEME));
    }
}
