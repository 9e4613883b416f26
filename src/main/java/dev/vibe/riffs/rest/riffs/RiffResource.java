package dev.vibe.riffs.rest.riffs;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.rest.QueryParams;
import dev.vibe.riffs.rest.apps.AppFirst;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.riffs.RiffResponses.OneRiff;
import dev.vibe.riffs.rest.riffs.RiffResponses.RiffDeleted;
import dev.vibe.riffs.rest.riffs.RiffResponses.RiffList;
import dev.vibe.riffs.rest.riffs.RiffResponses.RiffReadiness;
import dev.vibe.riffs.rest.riffs.RiffResponses.RiffReset;
import dev.vibe.riffs.rest.riffs.RiffResponses.RiffSaved;
import dev.vibe.riffs.service.lifecycle.RuntimeOutcome;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import dev.vibe.riffs.service.riffs.RiffCreation;
import dev.vibe.riffs.service.riffs.RiffReadinessService;
import dev.vibe.riffs.service.riffs.RiffRuntimeService;
import dev.vibe.riffs.service.riffs.RiffService;

@Path("/api/apps/{slug}/riffs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Riffs")
public class RiffResource {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final RiffService riffs;
    private final RiffRuntimeService runtimes;
    private final CurrentUser user;
    private final LifecyclePolicy policy;
    private final RiffReadinessService readiness;

    public RiffResource(RiffService riffs, RiffRuntimeService runtimes, CurrentUser user, LifecyclePolicy policy,
            RiffReadinessService readiness) {
        this.policy = policy;
        this.readiness = readiness;
        this.riffs = riffs;
        this.runtimes = runtimes;
        this.user = user;
    }

    @GET
    @APIResponse(responseCode = "200", description = "The riffs", content = @Content(schema = @Schema(implementation = RiffList.class)))
    @Operation(operationId = "listRiffs", summary = "List the app's riffs, newest first",
            description = "Shows each riff's stored runtime_status, kept fresh by the reconciler; no runtime-api call per riff. "
                    + "Without limit or cursor the answer is the whole list (next_cursor null). With limit (or cursor) it is a page "
                    + "of at most limit riffs (default " + DEFAULT_PAGE + "), and next_cursor leads to the next page (null on the last); "
                    + "pages are keyed on the riffs' creation, so a riff created meanwhile never shifts them.")
    @APIResponse(responseCode = "400", description = "limit not 1 to " + MAX_PAGE + ", or cursor not a next_cursor of this list",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "App not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RiffList list(@PathParam("slug") String appSlug,
            @Parameter(description = "Riffs per page, 1 to " + MAX_PAGE + "; asks for a page", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "" + MAX_PAGE)) @QueryParam("limit") String limit,
            @Parameter(description = "The next_cursor of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor) {
        if (limit == null && cursor == null) {
            List<RiffView> views = riffs.list(user.id(), appSlug).stream().map(riff -> RiffView.of(riff, appSlug, policy)).toList();
            return new RiffList(views, views.size(), appSlug, null);
        }
        int size = (int) QueryParams.longIn("limit", limit, DEFAULT_PAGE, 1, MAX_PAGE);
        RiffCursor after = RiffCursor.parse(cursor);
        List<Riff> found = riffs.page(user.id(), appSlug, after == null ? null : after.createdAt(), after == null ? 0 : after.id(), size + 1);
        List<Riff> page = found.size() > size ? found.subList(0, size) : found;
        String next = found.size() > size ? RiffCursor.after(page.get(page.size() - 1)) : null;
        return new RiffList(page.stream().map(riff -> RiffView.of(riff, appSlug, policy)).toList(), page.size(), appSlug, next);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createRiff", summary = "Create a riff, or adopt the existing riff with that slug",
            description = "201 with a new riff (its runtime is started); 200 with the existing riff when the slug is taken. "
                    + "When the runtime-api has not answered within RUNTIME_API_CLIENT_WAIT, the riff is answered with runtime_status "
                    + "starting and a runtime_error saying so; the start goes on and the riff gets its runtime when it answers. "
                    + "At the user's cap of runtimes (RUNTIME_API_MAX_RUNNING_PER_USER) the riff is still created, with "
                    + "runtime_status queued and a runtime_error saying so; queued riffs start in creation order as slots free.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = RiffSaved.class)))
    @APIResponse(responseCode = "200", description = "Existing riff adopted", content = @Content(schema = @Schema(implementation = RiffSaved.class)))
    @APIResponse(responseCode = "404", description = "App not found (checked before the body is read)",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @AppFirst
    public RestResponse<RiffSaved> create(@PathParam("slug") String appSlug,
            @Valid @NotNull(message = "Riff slug is required") CreateRiffRequest request) {
        RiffCreation creation = riffs.createOrAdopt(user.id(), appSlug, request.slug(), request.description());
        RiffView view = RiffView.of(creation.riff(), appSlug, policy);
        return creation.created()
                ? RestResponse.status(Status.CREATED, new RiffSaved("Riff created successfully", view))
                : RestResponse.ok(new RiffSaved("Existing riff adopted successfully", view));
    }

    @GET
    @Path("/{riff}")
    @APIResponse(responseCode = "200", description = "The riff", content = @Content(schema = @Schema(implementation = OneRiff.class)))
    @Operation(operationId = "getRiff", summary = "Get one riff")
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public OneRiff get(@PathParam("slug") String appSlug,
            @PathParam("riff") String riffSlug) {
        return new OneRiff(RiffView.of(riffs.use(user.id(), appSlug, riffSlug), appSlug, policy));
    }

    @DELETE
    @Path("/{riff}")
    @APIResponse(responseCode = "200", description = "Deleted", content = @Content(schema = @Schema(implementation = RiffDeleted.class)))
    @Operation(operationId = "deleteRiff", summary = "Delete a riff", description = "Its runtime is stopped.")
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RiffDeleted delete(@PathParam("slug") String appSlug,
            @PathParam("riff") String riffSlug) {
        riffs.delete(user.id(), appSlug, riffSlug);
        return new RiffDeleted("Riff \"" + riffSlug + "\" deleted successfully", riffSlug, appSlug);
    }

    @POST
    @Path("/{riff}/reset")
    @Operation(operationId = "resetRiff", summary = "Reset the riff's agent",
            description = "Checks the runtime first: paused → resume (new session_api_key); starting or running → wait until usable; "
                    + "missing, stopped or failed → start a new one. Waits at most runtime-api.reset.wait-bound: 200 with ready true "
                    + "when the runtime is running and its agent server answers, 202 with ready false when it is not yet (poll "
                    + "GET .../ready); 202 too, with runtime_status starting and a null runtime, when the resume or start has not "
                    + "answered within RUNTIME_API_CLIENT_WAIT (it goes on in the background). At the user's cap of runtimes, the "
                    + "user's least recently active runtime idle for RUNTIME_API_CAP_EVICT_MIN_IDLE is paused first to make room; "
                    + "without one the answer is 429.")
    @APIResponse(responseCode = "200", description = "Agent reset; runtime usable (ready true)",
            content = @Content(schema = @Schema(implementation = RiffReset.class)))
    @APIResponse(responseCode = "202", description = "Reset under way; runtime not usable yet (ready false)",
            content = @Content(schema = @Schema(implementation = RiffReset.class)))
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "The user's cap of starting or running runtimes (RUNTIME_API_MAX_RUNNING_PER_USER) "
            + "is reached and none of them has been idle for RUNTIME_API_CAP_EVICT_MIN_IDLE (status cap_reached; "
            + "Retry-After says when the least recently active one may be paused to make room)",
            headers = @Header(name = "Retry-After", description = "Seconds until a runtime of the user may be paused to make room",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestResponse<RiffReset> reset(@PathParam("slug") String appSlug, @PathParam("riff") String riffSlug) {
        Riff riff = riffs.use(user.id(), appSlug, riffSlug);
        RuntimeOutcome outcome = runtimes.reset(riff.id);
        RiffView view = RiffView.of(outcome.riff(), appSlug, policy);
        RuntimeView runtime = RuntimeView.of(outcome.runtime());
        return outcome.usable()
                ? RestResponse.ok(new RiffReset("LLM reset successfully", true, view, runtime))
                : RestResponse.status(Status.ACCEPTED,
                        new RiffReset("LLM reset in progress: the runtime is not usable yet; poll its readiness", false, view, runtime));
    }

    @GET
    @Path("/{riff}/ready")
    @Operation(operationId = "getRiffReadiness", summary = "Whether the riff's agent is ready",
            description = "True when the riff's runtime is running (looked up live at the runtime-api) and its agent server answers "
                    + "GET {runtime_url}/alive within its timeout; false otherwise, also while the runtime-api or the agent server is "
                    + "down or slow (never a 5xx for them). Concurrent checks of one runtime share one look-up and one /alive call. "
                    + "Counts as activity on the riff, like the other requests about it: the frontend polls it while the riff is open.")
    @APIResponse(responseCode = "200", description = "Readiness", content = @Content(schema = @Schema(implementation = RiffReadiness.class)))
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RiffReadiness ready(@PathParam("slug") String appSlug, @PathParam("riff") String riffSlug) {
        return new RiffReadiness(readiness.ready(riffs.use(user.id(), appSlug, riffSlug)));
    }
}
