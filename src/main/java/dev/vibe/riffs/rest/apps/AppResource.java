package dev.vibe.riffs.rest.apps;

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

import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.rest.apps.AppResponses.AppCreated;
import dev.vibe.riffs.rest.apps.AppResponses.AppDeleted;
import dev.vibe.riffs.rest.apps.AppResponses.AppList;
import dev.vibe.riffs.rest.apps.AppResponses.InitialRiff;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.riffs.RiffView;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import dev.vibe.riffs.service.riffs.AppCreation;
import dev.vibe.riffs.service.riffs.AppService;
import dev.vibe.riffs.service.riffs.NewApp;

@Path("/api/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Apps")
public class AppResource {

    private final AppService apps;
    private final CurrentUser user;
    private final LifecyclePolicy policy;

    public AppResource(AppService apps, CurrentUser user, LifecyclePolicy policy) {
        this.apps = apps;
        this.user = user;
        this.policy = policy;
    }

    @GET
    @Operation(operationId = "listApps", summary = "List the user's apps, newest first")
    public AppList list() {
        List<AppView> views = apps.list(user.id()).stream().map(AppView::of).toList();
        return new AppList(views, views.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApp", summary = "Create an app, with its initial riff",
            description = "Also creates the riff rename-to-{slug} (VIBE_APPS_INITIAL_RIFF_SLUG; none when it is empty) in the same "
                    + "transaction, and then starts its runtime as for any new riff; initial_riff names it. Nothing about the initial "
                    + "riff fails the app's creation: warnings says what went wrong (a slug longer than 63 characters, no runtime yet). "
                    + "409 when this user already has an app with that slug.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = AppCreated.class)))
    @APIResponse(responseCode = "409", description = "This user already has an app with that slug",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestResponse<AppCreated> create(@Valid @NotNull(message = "App slug is required") CreateAppRequest request) {
        AppCreation created = apps.create(user.id(), new NewApp(request.slug(), request.name(), request.githubUrl()));
        InitialRiff initialRiff = created.initialRiff() == null ? null
                : new InitialRiff(RiffView.of(created.initialRiff(), request.slug(), policy));
        return RestResponse.status(Status.CREATED,
                new AppCreated("App created successfully", AppView.of(created.app(), created.riffCount()), created.warnings(), initialRiff));
    }

    @GET
    @Path("/{slug}")
    @APIResponse(responseCode = "200", description = "The app, as the object itself (not wrapped)",
            content = @Content(schema = @Schema(implementation = AppView.class)))
    @Operation(operationId = "getApp", summary = "Get one app")
    @APIResponse(responseCode = "404", description = "App not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public AppView get(@PathParam("slug") String slug) {
        return AppView.of(apps.getCounted(user.id(), slug));
    }

    @DELETE
    @Path("/{slug}")
    @APIResponse(responseCode = "200", description = "Deleted", content = @Content(schema = @Schema(implementation = AppDeleted.class)))
    @Operation(operationId = "deleteApp", summary = "Delete an app with its riffs", description = "The riffs' runtimes are stopped.")
    @APIResponse(responseCode = "404", description = "App not found",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public AppDeleted delete(@PathParam("slug") String slug) {
        apps.delete(user.id(), slug);
        return new AppDeleted("App \"" + slug + "\" deleted successfully", slug);
    }
}
