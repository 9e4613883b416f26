package dev.vibe.riffs.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Management;
import dev.vibe.riffs.rest.apps.AppView;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.riffs.RiffView;
import dev.vibe.riffs.rest.riffs.RuntimeView;
import dev.vibe.riffs.runtime.RuntimeState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class OpenApiTests {

    /** The operationIds that client generators name their methods after: stable, so that generated clients are. */
    private static final Map<String, String> OPERATION_IDS = Map.ofEntries(
            Map.entry("get /api/apps", "listApps"),
            Map.entry("post /api/apps", "createApp"),
            Map.entry("get /api/apps/{slug}", "getApp"),
            Map.entry("delete /api/apps/{slug}", "deleteApp"),
            Map.entry("get /api/apps/{slug}/riffs", "listRiffs"),
            Map.entry("post /api/apps/{slug}/riffs", "createRiff"),
            Map.entry("get /api/apps/{slug}/riffs/{riff}", "getRiff"),
            Map.entry("delete /api/apps/{slug}/riffs/{riff}", "deleteRiff"),
            Map.entry("post /api/apps/{slug}/riffs/{riff}/reset", "resetRiff"),
            Map.entry("get /api/apps/{slug}/riffs/{riff}/ready", "getRiffReadiness"),
            Map.entry("get /api/apps/{slug}/riffs/{riff}/runtime/status", "getRiffRuntimeStatus"),
            Map.entry("post /api/apps/{slug}/riffs/{riff}/runtime/pause", "pauseRiffRuntime"),
            Map.entry("post /api/apps/{slug}/riffs/{riff}/runtime/resume", "resumeRiffRuntime"),
            Map.entry("post /api/apps/{slug}/riffs/{riff}/runtime/keepalive", "keepRiffAlive"),
            Map.entry("get /api/apps/{slug}/riffs/{riff}/runtime/events", "listRiffRuntimeEvents"),
            Map.entry("get /api/events", "streamRuntimeEvents"),
            Map.entry("get /api/usage", "getUsage"),
            Map.entry("get /api/runtime/status", "getRuntimeApiStatus"),
            Map.entry("get /api/health", "getServiceHealth"));

    private static final Map<String, List<String>> API = Map.ofEntries(
            Map.entry("/api/apps", List.of("get", "post")),
            Map.entry("/api/apps/{slug}", List.of("get", "delete")),
            Map.entry("/api/apps/{slug}/riffs", List.of("get", "post")),
            Map.entry("/api/apps/{slug}/riffs/{riff}", List.of("get", "delete")),
            Map.entry("/api/apps/{slug}/riffs/{riff}/reset", List.of("post")),
            Map.entry("/api/apps/{slug}/riffs/{riff}/ready", List.of("get")),
            Map.entry("/api/apps/{slug}/riffs/{riff}/runtime/status", List.of("get")),
            Map.entry("/api/apps/{slug}/riffs/{riff}/runtime/pause", List.of("post")),
            Map.entry("/api/apps/{slug}/riffs/{riff}/runtime/resume", List.of("post")),
            Map.entry("/api/apps/{slug}/riffs/{riff}/runtime/keepalive", List.of("post")),
            Map.entry("/api/apps/{slug}/riffs/{riff}/runtime/events", List.of("get")),
            Map.entry("/api/events", List.of("get")),
            Map.entry("/api/usage", List.of("get")),
            Map.entry("/api/runtime/status", List.of("get")),
            Map.entry("/api/health", List.of("get")));

    @Test
    void documentsEveryEndpointWithItsHeaderAndErrors() {
        JsonPath openApi = openApi();
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
            if (path.startsWith("/api/apps") || path.equals("/api/events") || path.equals("/api/usage")) {
                assertThat(openApi.getList(operation + ".parameters.name", String.class)).as(operation).contains("X-User-UUID");
                assertThat(openApi.getMap(operation + ".responses")).as(operation).containsKeys("400", "503");
                assertThat(openApi.getString(operation + ".responses.'503'.description")).as(operation).contains("Database unavailable");
                assertThat(openApi.getMap(operation + ".responses.'503'.headers")).as(operation).containsKey("Retry-After");
            }
        }));
        assertThat(openApi.getMap("paths.'/api/apps/{slug}/riffs/{riff}/reset'.post.responses")).containsKeys("200", "202", "404", "429", "503");
        assertThat(openApi.getMap("paths.'/api/apps/{slug}/riffs/{riff}/runtime/resume'.post.responses.'429'.headers")).containsKey("Retry-After");
        assertThat(openApi.getMap("paths.'/api/apps/{slug}/riffs/{riff}/runtime/keepalive'.post.responses")).containsKeys("200", "404");
        assertThat(openApi.getMap("components.schemas.RiffView.properties")).containsKeys("last_activity_at", "idle_pause_at");
        assertThat(openApi.getList("paths.'/api/apps/{slug}/riffs/{riff}'.get.parameters.findAll { it.in == 'path' }.name", String.class))
                .containsExactlyInAnyOrder("slug", "riff");
        assertThat(openApi.getMap("components.schemas")).containsKeys("ErrorResponse", "RiffView", "AppView", "RuntimeView");
    }

    @Test
    void namesEveryOperation() {
        JsonPath openApi = openApi();
        API.forEach((path, methods) -> methods.forEach(method -> assertThat(
                openApi.getString("paths.'" + path + "'." + method + ".operationId"))
                .as(method + " " + path).isEqualTo(OPERATION_IDS.get(method + " " + path))));
        assertThat(OPERATION_IDS.values()).doesNotHaveDuplicates();
    }

    @Test
    void describesEveryErrorWithItsSchemaAndRetryAfter() {
        JsonPath openApi = openApi();
        API.forEach((path, methods) -> methods.forEach(method -> {
            String operation = "paths.'" + path + "'." + method;
            Map<String, Object> responses = openApi.getMap(operation + ".responses");
            assertThat(responses).as(operation).containsKeys("406", "500");
            responses.keySet().stream().filter(status -> status.startsWith("4") || status.startsWith("5")).forEach(status -> {
                String response = operation + ".responses.'" + status + "'";
                assertThat(openApi.getString(response + ".content.'application/json'.schema.$ref")).as(response)
                        .isEqualTo(!status.equals("503") ? "#/components/schemas/ErrorResponse"
                                : path.equals("/api/runtime/status") ? "#/components/schemas/RuntimeApiStatus"
                                : path.equals("/api/health") ? "#/components/schemas/ServiceHealth"
                                : "#/components/schemas/ErrorResponse");
                assertThat(openApi.getString(response + ".description")).as(response).isNotBlank();
            });
        }));
        for (String runtimeChange : List.of("/reset", "/runtime/pause", "/runtime/resume")) {
            String operation = "paths.'/api/apps/{slug}/riffs/{riff}" + runtimeChange + "'.post.responses";
            assertThat(openApi.getMap(operation)).as(operation).containsKeys("409", "502", "503");
            assertThat(openApi.getString(operation + ".'409'.description")).as(operation).contains("busy");
            assertThat(openApi.getString(operation + ".'409'.headers.'Retry-After'.schema.type")).as(operation).isEqualTo("integer");
            assertThat(openApi.getString(operation + ".'503'.description")).as(operation)
                    .contains("unavailable", "overloaded", "not_configured", "Database unavailable");
            assertThat(openApi.getMap(operation + ".'503'.headers")).as(operation).containsKey("Retry-After");
        }
        assertThat(openApi.getMap("paths.'/api/apps/{slug}/riffs/{riff}/runtime/status'.get.responses")).containsKeys("502", "503");
    }

    @Test
    void listsTheValuesOfStatusFields() {
        JsonPath openApi = openApi();
        List<String> runtimeStates = Arrays.stream(RuntimeState.values()).map(RuntimeState::wireName).toList();
        assertThat(openApi.getList("components.schemas.RuntimeView.properties.status.enum", String.class))
                .containsExactlyElementsOf(runtimeStates);
        List<String> riffStates = new ArrayList<>(runtimeStates);
        riffStates.add("missing");
        riffStates.add("queued");
        riffStates.add(null);
        assertThat(openApi.getList("components.schemas.RiffView.properties.runtime_status.enum", String.class))
                .containsExactlyElementsOf(riffStates);
        assertThat(openApi.getList("components.schemas.ErrorResponse.properties.status.enum", String.class))
                .containsExactlyInAnyOrder("not_found", "busy", "unavailable", "overloaded", "user_overloaded", "not_configured",
                        "cap_reached");
        assertThat(openApi.getList("components.schemas.RuntimeApiStatus.properties.status.enum", String.class))
                .containsExactly("healthy", "unhealthy");
    }

    private static JsonPath openApi() {
        return Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void servesSwaggerUi() {
        Management.given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
