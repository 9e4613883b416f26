package dev.vibe.riffs.rest.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.rest.QueryParams;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.errors.InvalidParameterException;
import dev.vibe.riffs.rest.events.RuntimeEventResponses.Usage;
import dev.vibe.riffs.service.usage.UsageService;

@Path("/api/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runtime events")
public class UsageResource {

    private static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final UsageService usage;
    private final CurrentUser user;

    public UsageResource(UsageService usage, CurrentUser user) {
        this.usage = usage;
        this.user = user;
    }

    @GET
    @Operation(operationId = "getUsage", summary = "The user's runtime time per app and riff",
            description = "From the runtime event ledger: a riff's runtime counts as running (live) from an event whose to_status is "
                    + "starting or running until the riff's next event (starting_seconds says how much of it was starting), and as "
                    + "paused likewise, clipped to [from, to). Deleted riffs are "
                    + "included (their runtime counts until its stop). starts and resumes count the events with reason "
                    + "started and resumed in the range. Events older than RUNTIME_EVENTS_RETENTION are gone.")
    @APIResponse(responseCode = "200", description = "Usage", content = @Content(schema = @Schema(implementation = Usage.class)))
    @APIResponse(responseCode = "400", description = "from or to not an ISO-8601 date-time, or from not before to",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Usage usage(
            @Parameter(description = "Start of the range (ISO-8601 with an offset); default: 30 days before to",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("from") String from,
            @Parameter(description = "End of the range (ISO-8601 with an offset); default: now",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("to") String to) {
        Instant end = QueryParams.instant("to", to, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Instant start = QueryParams.instant("from", from, end.minus(DEFAULT_RANGE));
        if (!start.isBefore(end)) {
            throw new InvalidParameterException("from must be before to");
        }
        return Usage.of(start, end, usage.of(user.id(), start, end));
    }
}
