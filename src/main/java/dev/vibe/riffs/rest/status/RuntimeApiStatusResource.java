package dev.vibe.riffs.rest.status;

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
import dev.vibe.riffs.runtime.health.RuntimeApiHealth;
import dev.vibe.riffs.runtime.health.RuntimeApiHealthProbe;
import io.quarkus.runtime.annotations.RegisterForReflection;

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
    @Schema(description = "Health of the runtime-api; error only when it is unhealthy")
    @RegisterForReflection
    public record RuntimeApiStatus(
            @Schema(required = true, enumeration = { "healthy", "unhealthy" }) String status,
            @Schema(required = true) String runtimeApiUrl,
            @Schema(description = "Why the runtime-api is unhealthy") String error,
            @Schema(required = true) RuntimeApiDetails details) {
    }

    @Schema(description = "The last look at the runtime-api's GET /health")
    @RegisterForReflection
    public record RuntimeApiDetails(
            @Schema(required = true, description = "Status of its answer; 0 when none came") int httpStatus,
            @Schema(required = true) long latencyMs,
            @Schema(required = true, description = "When it was looked at (ISO-8601, UTC)") String checkedAt,
            @Schema(required = true, description = "Whether this service has the runtime-api's key") boolean apiKeyConfigured,
            @Schema(required = true, description = "State (closed, open, half_open) of each circuit breaker on runtime-api calls, by name")
            Map<String, String> circuitBreakers) {
    }

    @GET
    @Operation(operationId = "getRuntimeApiStatus", summary = "Health of the runtime-api",
            description = "From the runtime-api's GET /health, reused for runtime-api.health.cache-for. No X-User-UUID needed.")
    @APIResponse(responseCode = "200", description = "Healthy", content = @Content(schema = @Schema(implementation = RuntimeApiStatus.class)))
    @APIResponse(responseCode = "503", description = "Unhealthy or unreachable",
            content = @Content(schema = @Schema(implementation = RuntimeApiStatus.class)))
    public RestResponse<RuntimeApiStatus> status() {
        RuntimeApiHealth health = probe.check();
        RuntimeApiDetails details = new RuntimeApiDetails(health.httpStatus(), health.latencyMillis(), health.checkedAt().toString(),
                health.keyConfigured(), guards.circuitBreakerStates());
        return health.healthy()
                ? RestResponse.ok(new RuntimeApiStatus("healthy", health.url(), null, details))
                : RestResponse.status(Status.SERVICE_UNAVAILABLE, new RuntimeApiStatus("unhealthy", health.url(), health.error(), details));
    }
}
