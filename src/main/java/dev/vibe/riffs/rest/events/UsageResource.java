package dev.vibe.riffs.rest.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import dev.vibe.riffs.domain.RiffUsageRow;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.rest.QueryParams;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.errors.InvalidParameterException;
import dev.vibe.riffs.rest.events.RuntimeEventResponses.AppUsage;
import dev.vibe.riffs.rest.events.RuntimeEventResponses.RiffUsage;
import dev.vibe.riffs.rest.events.RuntimeEventResponses.Usage;
import dev.vibe.riffs.service.events.RuntimeEventService;

@Path("/api/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runtime events")
public class UsageResource {

    private static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final RuntimeEventService events;
    private final CurrentUser user;

    public UsageResource(RuntimeEventService events, CurrentUser user) {
        this.events = events;
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
        Map<String, List<RiffUsageRow>> byApp = new LinkedHashMap<>();
        for (RiffUsageRow row : events.usage(user.id(), start, end)) {
            byApp.computeIfAbsent(row.appSlug(), app -> new ArrayList<>()).add(row);
        }
        List<AppUsage> apps = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, List<RiffUsageRow>> app : byApp.entrySet()) {
            Map<String, RiffUsage> riffs = new LinkedHashMap<>();
            for (RiffUsageRow row : app.getValue()) {
                // A riff deleted and created again under its slug counts once, with both lives.
                riffs.merge(row.riffSlug(),
                        new RiffUsage(row.riffSlug(), Math.round(row.runningSeconds()), Math.round(row.startingSeconds()),
                                Math.round(row.pausedSeconds()), row.starts(), row.resumes()),
                        (a, b) -> new RiffUsage(a.riffSlug(), a.runningSeconds() + b.runningSeconds(), a.startingSeconds() + b.startingSeconds(),
                                a.pausedSeconds() + b.pausedSeconds(), a.starts() + b.starts(), a.resumes() + b.resumes()));
            }
            long running = riffs.values().stream().mapToLong(RiffUsage::runningSeconds).sum();
            long starting = riffs.values().stream().mapToLong(RiffUsage::startingSeconds).sum();
            long paused = riffs.values().stream().mapToLong(RiffUsage::pausedSeconds).sum();
            apps.add(new AppUsage(app.getKey(), running, starting, paused, List.copyOf(riffs.values())));
            total += running;
        }
        return new Usage(start, end, total, apps);
    }
}
