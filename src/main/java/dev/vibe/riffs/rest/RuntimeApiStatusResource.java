package dev.vibe.riffs.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.vibe.riffs.runtime.RuntimeApiGuards;
import dev.vibe.riffs.runtime.RuntimeApiHealth;
import dev.vibe.riffs.runtime.RuntimeApiHealthProbe;

@Path("/api/runtime/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runtime API")
public class RuntimeApiStatusResource {

    private final RuntimeApiHealthProbe probe;
    private final RuntimeApiGuards guards;

    public RuntimeApiStatusResource(RuntimeApiHealthProbe probe, RuntimeApiGuards guards) {
        this.probe = probe;
        this.guards = guards;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuntimeApiStatus(String status, String runtimeApiUrl, String error, Map<String, Object> details) {
    }

    @GET
    @Operation(summary = "Health of the runtime-api",
            description = "From the runtime-api's GET /health, reused for runtime-api.health.cache-for. No X-User-UUID needed.")
    @APIResponse(responseCode = "200", description = "Healthy", content = @Content(schema = @Schema(implementation = RuntimeApiStatus.class)))
    @APIResponse(responseCode = "503", description = "Unhealthy or unreachable",
            content = @Content(schema = @Schema(implementation = RuntimeApiStatus.class)))
    public RestResponse<RuntimeApiStatus> status() {
        RuntimeApiHealth health = probe.check();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("http_status", health.httpStatus());
        details.put("latency_ms", health.latencyMillis());
        details.put("checked_at", health.checkedAt().toString());
        details.put("api_key_configured", health.keyConfigured());
        details.put("circuit_breakers", guards.circuitBreakerStates());
        return health.healthy()
                ? RestResponse.ok(new RuntimeApiStatus("healthy", health.url(), null, details))
                : RestResponse.status(Status.SERVICE_UNAVAILABLE, new RuntimeApiStatus("unhealthy", health.url(), health.error(), details));
    }
}
