package dev.vibe.riffs.rest.status;

import java.time.Instant;
import java.util.Optional;

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

import dev.vibe.riffs.service.DatabaseProbe;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Flask backend's health answer, which consumers of it monitor: the same shape and {@code service} name. Healthy
 * means this service answers and its database does; the runtime-api has its own status ({@code /api/runtime/status}),
 * and Kubernetes uses the probes under {@code /q/health}.
 */
@Path("/api/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service")
public class ServiceHealthResource {

    /** The {@code service} of the Flask backend's answer, kept so that monitors written for it keep matching. */
    static final String SERVICE = "OpenVibe Backend";

    private final DatabaseProbe database;

    public ServiceHealthResource(DatabaseProbe database) {
        this.database = database;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Health of the service; error only when it is unhealthy")
    @RegisterForReflection
    public record ServiceHealth(
            @Schema(required = true, enumeration = { "healthy", "unhealthy" }) String status,
            @Schema(required = true, example = SERVICE) String service,
            @Schema(required = true, description = "When the check was made (ISO-8601, UTC)") Instant timestamp,
            @Schema(description = "Why the service is unhealthy", example = "Database unavailable") String error) {
    }

    @GET
    @Operation(operationId = "getServiceHealth", summary = "Health of the service, as the Flask backend answered it",
            description = "200 healthy when the service and its database answer; 503 unhealthy otherwise. No X-User-UUID needed. "
                    + "The runtime-api is not part of it: see GET /api/runtime/status.")
    @APIResponse(responseCode = "200", description = "Healthy", content = @Content(schema = @Schema(implementation = ServiceHealth.class)))
    @APIResponse(responseCode = "503", description = "Unhealthy: the database does not answer",
            content = @Content(schema = @Schema(implementation = ServiceHealth.class)))
    public RestResponse<ServiceHealth> health() {
        Optional<String> problem = database.problem();
        return problem.isEmpty()
                ? RestResponse.ok(new ServiceHealth("healthy", SERVICE, Instant.now(), null))
                : RestResponse.status(Status.SERVICE_UNAVAILABLE, new ServiceHealth("unhealthy", SERVICE, Instant.now(), problem.get()));
    }
}
