package dev.vibe.riffs.rest.events;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.rest.QueryParams;
import dev.vibe.riffs.rest.SlugValidator;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.errors.InvalidParameterException;
import dev.vibe.riffs.rest.events.RuntimeEventResponses.StreamedRuntimeEvent;
import dev.vibe.riffs.service.events.RuntimeEventHub;
import dev.vibe.riffs.service.events.RuntimeEventService;
import dev.vibe.riffs.service.riffs.AppService;

@Path("/api/events")
@Tag(name = "Runtime events")
public class RuntimeEventStreamResource {

    /** Most events one reconnect replays; a client further behind reads the rest with the events endpoint. */
    static final int MAX_REPLAY = 1000;

    private final RuntimeEventHub hub;
    private final RuntimeEventService events;
    private final AppService apps;
    private final CurrentUser user;
    private final ObjectMapper json;

    public RuntimeEventStreamResource(RuntimeEventHub hub, RuntimeEventService events, AppService apps, CurrentUser user,
            ObjectMapper json) {
        this.hub = hub;
        this.events = events;
        this.apps = apps;
        this.user = user;
        this.json = json;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamRuntimeEvents", summary = "A live stream of the runtime events of the user's riffs",
            description = "Server-Sent Events: each event is `id: <event id>`, `event: runtime` and `data:` a JSON object with the "
                    + "riff's app_slug and riff_slug and the event's fields (as in listRiffRuntimeEvents). Events recorded on any "
                    + "replica arrive. A client reconnecting with Last-Event-ID first gets the events it missed (at most 1000), "
                    + "from the ledger. A comment line every RUNTIME_EVENTS_KEEP_ALIVE (15 s) keeps proxies from closing the "
                    + "stream. Each replica serves at most RUNTIME_EVENTS_MAX_STREAMS streams.")
    @APIResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = StreamedRuntimeEvent.class,
                    description = "The data of each runtime event")))
    @APIResponse(responseCode = "400", description = "Missing or invalid X-User-UUID, invalid app slug, or a Last-Event-ID that is not an event id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "App not found: the user has no app with this slug",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "This replica has as many streams as it may; try again (another replica may take it)",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", required = true, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    public void stream(
            @Parameter(description = "Only the riffs of this app, one of the user's own") @QueryParam("app") String app,
            @Parameter(description = "The id of the last event received, to get the events missed since",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64")) @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse) {
        String userId = user.id();
        if (app != null && !SlugValidator.isSlug(app)) {
            throw new InvalidParameterException("Invalid app slug: use 1 to 63 lowercase letters (a-z), digits and single hyphens, "
                    + "starting and ending with a letter or digit");
        }
        Long after = lastEventId == null || lastEventId.isBlank() ? null : QueryParams.longIn("Last-Event-ID", lastEventId, 0, 0, Long.MAX_VALUE);
        if (app != null) {
            apps.get(userId, app); // App not found unless it is the user's
        }
        EventStream stream = new EventStream(sink, sse, json, app, after != null);
        hub.open(userId, stream);
        try {
            stream.comment("runtime events of this user");
            if (after != null) {
                List<RuntimeEvent> missed = events.ofUserAfter(userId, app, after, MAX_REPLAY);
                stream.replay(missed);
            }
        } catch (RuntimeException e) {
            hub.close(userId, stream);
            sink.close();
            throw e;
        }
    }
}
