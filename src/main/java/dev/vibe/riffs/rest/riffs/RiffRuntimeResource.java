package dev.vibe.riffs.rest.riffs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.rest.QueryParams;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.events.RuntimeEventResponses.RuntimeEventPage;
import dev.vibe.riffs.rest.events.RuntimeEventView;
import dev.vibe.riffs.rest.riffs.RiffResponses.RiffKeptAlive;
import dev.vibe.riffs.rest.riffs.RiffResponses.RuntimeChanged;
import dev.vibe.riffs.rest.riffs.RiffResponses.RuntimeFound;
import dev.vibe.riffs.service.events.RuntimeEventService;
import dev.vibe.riffs.service.lifecycle.RuntimeOutcome;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import dev.vibe.riffs.service.riffs.RiffRuntimeService;
import dev.vibe.riffs.service.riffs.RiffService;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/api/apps/{slug}/riffs/{riff}/runtime")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Riff runtimes")
public class RiffRuntimeResource {

    private final RiffService riffs;
    private final RiffRuntimeService runtimes;
    private final CurrentUser user;
    private final LifecyclePolicy policy;

    private final RuntimeEventService events;

    public RiffRuntimeResource(RiffService riffs, RiffRuntimeService runtimes, CurrentUser user, LifecyclePolicy policy,
            RuntimeEventService events) {
        this.events = events;
        this.policy = policy;
        this.riffs = riffs;
        this.runtimes = runtimes;
        this.user = user;
    }

    @GET
    @Path("/status")
    @Operation(operationId = "getRiffRuntimeStatus", summary = "The riff's runtime, looked up live at the runtime-api",
            description = "The riff's stored runtime_status follows the answer.")
    @APIResponse(responseCode = "200", description = "Found", content = @Content(schema = @Schema(implementation = RuntimeFound.class)))
    @APIResponse(responseCode = "404", description = "No runtime (status not_found), or App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RuntimeFound status(@PathParam("slug") String appSlug,
            @PathParam("riff") String riffSlug) {
        Riff riff = riffs.use(user.id(), appSlug, riffSlug);
        return new RuntimeFound("found", RuntimeView.of(runtimes.liveStatus(riff)));
    }

    @POST
    @Path("/pause")
    @Operation(operationId = "pauseRiffRuntime", summary = "Pause the riff's runtime",
            description = "Its agent server stops answering until it is resumed. A stopped or failed runtime cannot be paused: "
                    + "reset the agent instead. When the runtime-api has not answered within RUNTIME_API_CLIENT_WAIT, the answer "
                    + "is 202 with the riff as stored before the pause and a null runtime; the pause goes on in the background and the "
                    + "riff shows its outcome once it is done.")
    @APIResponse(responseCode = "200", description = "Paused", content = @Content(schema = @Schema(implementation = RuntimeChanged.class)))
    @APIResponse(responseCode = "202", description = "Pause under way after RUNTIME_API_CLIENT_WAIT (runtime null)",
            content = @Content(schema = @Schema(implementation = RuntimeChanged.class)))
    @APIResponse(responseCode = "404", description = "No runtime (status not_found), or App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "The runtime is stopped or failed: reset the agent instead",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestResponse<RuntimeChanged> pause(@PathParam("slug") String appSlug,
            @PathParam("riff") String riffSlug) {
        RuntimeOutcome outcome = runtimes.pause(riffs.use(user.id(), appSlug, riffSlug).id);
        return changed(outcome, appSlug, "Runtime paused", "Runtime pause under way");
    }

    @POST
    @Path("/resume")
    @Operation(operationId = "resumeRiffRuntime", summary = "Resume the riff's paused runtime",
            description = "The runtime gets a new session_api_key (the old one stops working); a starting or running runtime is "
                    + "left as it is. At the user's cap of runtimes, the user's least recently active runtime idle for RUNTIME_API_CAP_EVICT_MIN_IDLE "
                    + "is paused first to make room; without one the answer is 429. When the runtime-api has not answered within "
                    + "RUNTIME_API_CLIENT_WAIT, the answer is 202 with runtime_status starting (the reason in runtime_error) and a "
                    + "null runtime, as for a reset; the resume goes on in the background and the riff shows its outcome, with the "
                    + "new session_api_key, once it is done.")
    @APIResponse(responseCode = "200", description = "Resumed", content = @Content(schema = @Schema(implementation = RuntimeChanged.class)))
    @APIResponse(responseCode = "202", description = "Resume under way after RUNTIME_API_CLIENT_WAIT (runtime_status starting, "
            + "runtime null)", content = @Content(schema = @Schema(implementation = RuntimeChanged.class)))
    @APIResponse(responseCode = "404", description = "No runtime (status not_found), or App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "The runtime is stopped or failed: reset the agent instead",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "The user's cap of starting or running runtimes (RUNTIME_API_MAX_RUNNING_PER_USER) "
            + "is reached and none of them has been idle for RUNTIME_API_CAP_EVICT_MIN_IDLE (status cap_reached; "
            + "Retry-After says when the least recently active one may be paused to make room)",
            headers = @Header(name = "Retry-After", description = "Seconds until a runtime of the user may be paused to make room",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestResponse<RuntimeChanged> resume(@PathParam("slug") String appSlug,
            @PathParam("riff") String riffSlug) {
        RuntimeOutcome outcome = runtimes.resume(riffs.use(user.id(), appSlug, riffSlug).id);
        return changed(outcome, appSlug, "Runtime resumed", "Runtime resume under way");
    }

    /** {@code 200} with the outcome, or {@code 202} while the runtime-api calls go on in the background. */
    private RestResponse<RuntimeChanged> changed(RuntimeOutcome outcome, String appSlug, String done, String underWay) {
        RiffView riff = RiffView.of(outcome.riff(), appSlug, policy);
        return outcome.underWay()
                ? RestResponse.status(Status.ACCEPTED, new RuntimeChanged(underWay, riff, null))
                : RestResponse.ok(new RuntimeChanged(done, riff, RuntimeView.of(outcome.runtime())));
    }

    @POST
    @Path("/keepalive")
    @Operation(operationId = "keepRiffAlive", summary = "Record activity on the riff",
            description = "Holds off the idle pause (RUNTIME_API_IDLE_PAUSE_AFTER) and the cap's eviction of the riff's runtime; "
                    + "no runtime-api call. Always recorded: the answer's last_activity_at is now (idle_pause_at follows from it).")
    @APIResponse(responseCode = "200", description = "Keep-alive recorded",
            content = @Content(schema = @Schema(implementation = RiffKeptAlive.class)))
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RiffKeptAlive keepAlive(@PathParam("slug") String appSlug,
            @PathParam("riff") String riffSlug) {
        return new RiffKeptAlive("Keep-alive recorded", RiffView.of(riffs.keepAlive(user.id(), appSlug, riffSlug), appSlug, policy));
    }

    @GET
    @Path("/events")
    @Operation(operationId = "listRiffRuntimeEvents", summary = "The riff's runtime events, newest first",
            description = "Every change of the riff's runtime from the ledger: when, from which status to which, why (reason) and "
                    + "by whom (actor: request, reconciler or policy). Pages of limit events; next_before is the cursor of the "
                    + "next, older page (null on the last). Events are kept for RUNTIME_EVENTS_RETENTION.")
    @APIResponse(responseCode = "200", description = "A page of events",
            content = @Content(schema = @Schema(implementation = RuntimeEventPage.class)))
    @APIResponse(responseCode = "400", description = "limit not 1 to 500, or before not a positive integer",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RuntimeEventPage events(@PathParam("slug") String appSlug,
            @PathParam("riff") String riffSlug,
            @Parameter(description = "Events per page, 1 to 500", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500",
                    defaultValue = "50")) @QueryParam("limit") String limit,
            @Parameter(description = "Only events with smaller ids (the previous page's next_before)",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @QueryParam("before") String before) {
        int size = (int) QueryParams.longIn("limit", limit, 50, 1, 500);
        Long below = before == null ? null : QueryParams.longIn("before", before, 0, 1, Long.MAX_VALUE);
        List<RuntimeEvent> found = events.ofRiff(user.id(), appSlug, riffSlug, below, size + 1);
        List<RuntimeEvent> page = found.size() > size ? found.subList(0, size) : found;
        Long nextBefore = found.size() > size ? page.get(page.size() - 1).id() : null;
        return new RuntimeEventPage(page.stream().map(RuntimeEventView::of).toList(), page.size(), nextBefore);
    }
}
