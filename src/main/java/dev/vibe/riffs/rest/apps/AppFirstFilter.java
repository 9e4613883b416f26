package dev.vibe.riffs.rest.apps;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.rest.auth.UserIdentityFilter;
import dev.vibe.riffs.service.riffs.AppService;

/**
 * Looks the app of an {@link AppFirst} operation up after the user is known ({@link UserIdentityFilter}) and before the
 * body is read and validated, which happens after the request filters.
 */
@Provider
@AppFirst
@Priority(Priorities.USER + 100)
public class AppFirstFilter implements ContainerRequestFilter {

    private final AppService apps;
    private final CurrentUser user;

    public AppFirstFilter(AppService apps, CurrentUser user) {
        this.apps = apps;
        this.user = user;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        apps.get(user.id(), request.getUriInfo().getPathParameters().getFirst("slug"));
    }
}
