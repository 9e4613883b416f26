package dev.vibe.riffs.rest;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vibe.riffs.rest.RiffResponses.OneRiff;
import dev.vibe.riffs.rest.RiffResponses.RiffDeleted;
import dev.vibe.riffs.rest.RiffResponses.RiffList;
import dev.vibe.riffs.rest.RiffResponses.RiffSaved;
import dev.vibe.riffs.service.RiffCreation;
import dev.vibe.riffs.service.RiffService;

@Path("/api/apps/{slug}/riffs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Riffs")
public class RiffResource {

    private final RiffService riffs;
    private final CurrentUser user;

    public RiffResource(RiffService riffs, CurrentUser user) {
        this.riffs = riffs;
        this.user = user;
    }

    @GET
    @Operation(summary = "List the app's riffs, newest first",
            description = "Shows each riff's stored runtime_status, kept fresh by the reconciler; no runtime-api call per riff.")
    @APIResponse(responseCode = "404", description = "App not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RiffList list(@PathParam("slug") @ValidSlug(kind = "App") String appSlug) {
        List<RiffView> views = riffs.list(user.id(), appSlug).stream().map(riff -> RiffView.of(riff, appSlug)).toList();
        return new RiffList(views, views.size(), appSlug);
    }

    @POST
    @Operation(summary = "Create a riff, or adopt the existing riff with that slug",
            description = "201 with a new riff (its runtime is started); 200 with the existing riff when the slug is taken.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = RiffSaved.class)))
    @APIResponse(responseCode = "200", description = "Existing riff adopted", content = @Content(schema = @Schema(implementation = RiffSaved.class)))
    @APIResponse(responseCode = "404", description = "App not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestResponse<RiffSaved> create(@PathParam("slug") @ValidSlug(kind = "App") String appSlug,
            @Valid @NotNull(message = "Riff slug is required") CreateRiffRequest request) {
        RiffCreation creation = riffs.createOrAdopt(user.id(), appSlug, request.slug(), request.description());
        RiffView view = RiffView.of(creation.riff(), appSlug);
        return creation.created()
                ? RestResponse.status(Status.CREATED, new RiffSaved("Riff created successfully", view))
                : RestResponse.ok(new RiffSaved("Existing riff adopted successfully", view));
    }

    @GET
    @Path("/{riff}")
    @Operation(summary = "Get one riff")
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public OneRiff get(@PathParam("slug") @ValidSlug(kind = "App") String appSlug,
            @PathParam("riff") @ValidSlug(kind = "Riff") String riffSlug) {
        return new OneRiff(RiffView.of(riffs.get(user.id(), appSlug, riffSlug), appSlug));
    }

    @DELETE
    @Path("/{riff}")
    @Operation(summary = "Delete a riff", description = "Its runtime is stopped.")
    @APIResponse(responseCode = "404", description = "App not found / Riff not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RiffDeleted delete(@PathParam("slug") @ValidSlug(kind = "App") String appSlug,
            @PathParam("riff") @ValidSlug(kind = "Riff") String riffSlug) {
        riffs.delete(user.id(), appSlug, riffSlug);
        return new RiffDeleted("Riff deleted successfully", riffSlug, appSlug);
    }
}
