package dev.vibe.riffs.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class OpenApiTests {

    private static final Map<String, List<String>> API = Map.of(
            "/api/apps", List.of("get", "post"),
            "/api/apps/{slug}", List.of("get", "delete"),
            "/api/apps/{slug}/riffs", List.of("get", "post"),
            "/api/apps/{slug}/riffs/{riff}", List.of("get", "delete"),
            "/api/apps/{slug}/riffs/{riff}/reset", List.of("post"),
            "/api/apps/{slug}/riffs/{riff}/runtime/status", List.of("get"),
            "/api/apps/{slug}/riffs/{riff}/runtime/pause", List.of("post"),
            "/api/apps/{slug}/riffs/{riff}/runtime/resume", List.of("post"),
            "/api/apps/{slug}/riffs/{riff}/runtime/keepalive", List.of("post"),
            "/api/runtime/status", List.of("get"));

    @Test
    void documentsEveryEndpointWithItsHeaderAndErrors() {
        JsonPath openApi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        assertThat(paths.keySet()).filteredOn(path -> !path.startsWith("/simulator")).containsExactlyInAnyOrderElementsOf(API.keySet());
        API.forEach((path, methods) -> methods.forEach(method -> {
            String operation = "paths.'" + path + "'." + method;
            assertThat(openApi.getString(operation + ".summary")).as(operation).isNotBlank();
            assertThat(openApi.getMap(operation + ".responses").keySet().stream().map(String::valueOf).toList()).as(operation)
                    .contains("500")
                    .anyMatch(status -> status.startsWith("2"));
            assertThat(openApi.getList(operation + ".parameters.findAll { it.in == 'path' }.description", String.class))
                    .as(operation).allSatisfy(description -> assertThat(description).isNotBlank());
            if (path.startsWith("/api/apps")) {
                assertThat(openApi.getList(operation + ".parameters.name", String.class)).as(operation).contains("X-User-UUID");
                assertThat(openApi.getMap(operation + ".responses")).as(operation).containsKeys("400", "503");
                assertThat(openApi.getString(operation + ".responses.'503'.description")).as(operation).contains("Database unavailable");
                assertThat(openApi.getMap(operation + ".responses.'503'.headers")).as(operation).containsKey("Retry-After");
            }
        }));
        assertThat(openApi.getMap("paths.'/api/apps/{slug}/riffs/{riff}/reset'.post.responses")).containsKeys("200", "202", "404", "429", "503");
        assertThat(openApi.getMap("paths.'/api/apps/{slug}/riffs/{riff}/runtime/resume'.post.responses.'429'.headers")).containsKey("Retry-After");
        assertThat(openApi.getMap("paths.'/api/apps/{slug}/riffs/{riff}/runtime/keepalive'.post.responses")).containsKeys("200", "404");
        assertThat(openApi.getMap("components.schemas.RiffView.properties")).containsKeys("lastActivityAt", "idlePauseAt");
        assertThat(openApi.getList("paths.'/api/apps/{slug}/riffs/{riff}'.get.parameters.findAll { it.in == 'path' }.name", String.class))
                .containsExactlyInAnyOrder("slug", "riff");
        assertThat(openApi.getMap("components.schemas")).containsKeys("ErrorResponse", "RiffView", "AppView", "RuntimeView");
    }

    @Test
    void servesSwaggerUi() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
