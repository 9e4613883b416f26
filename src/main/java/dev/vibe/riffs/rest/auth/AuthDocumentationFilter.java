package dev.vibe.riffs.rest.auth;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import dev.vibe.riffs.config.AuthConfig;
import dev.vibe.riffs.rest.ApiDocumentationFilter;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Describes the authentication mode this replica runs with ({@code vibe.auth.mode}, a run-time setting, so this
 * filter runs when the document is asked for, not at build time; not at start-up either, where a document ready for a
 * request that production never makes cost about 0.4 s of every start, serialised as YAML and JSON): in
 * {@code gateway} mode the gateway's secret header as an API key that every {@code /api} operation requires, in
 * {@code jwt} mode a bearer token that the user-scoped operations require (their {@code X-User-UUID} parameter becomes
 * optional), each with its {@code 401} and {@code 403} answers, so that Swagger UI's Authorize button sends them. In
 * {@code header} mode the user is the {@code X-User-UUID} parameter and there is nothing to add.
 */
@ApplicationScoped
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class AuthDocumentationFilter implements OASFilter {

    static final String GATEWAY_SCHEME = "gateway";
    static final String BEARER_SCHEME = "bearer";

    private final AuthConfig config;

    public AuthDocumentationFilter(AuthConfig config) {
        this.config = config;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (config.mode() == AuthConfig.Mode.HEADER || openAPI.getPaths() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        if (config.mode() == AuthConfig.Mode.GATEWAY) {
            components.addSecurityScheme(GATEWAY_SCHEME, OASFactory.createSecurityScheme()
                    .type(SecurityScheme.Type.APIKEY)
                    .in(SecurityScheme.In.HEADER)
                    .name(config.gateway().header())
                    .description("The gateway's shared secret: requests that do not carry it are refused with 401"));
        } else {
            components.addSecurityScheme(BEARER_SCHEME, OASFactory.createSecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("JWT")
                    .description("A token of the issuer; its " + config.jwt().userClaim() + " claim names the user"));
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            boolean userScoped = ApiDocumentationFilter.isUserScoped(path.getKey());
            for (Operation operation : path.getValue().getOperations().values()) {
                if (config.mode() == AuthConfig.Mode.GATEWAY) {
                    require(operation, GATEWAY_SCHEME);
                    ApiDocumentationFilter.addError(operation, "401",
                            "The request did not come through the gateway (no or a wrong gateway secret)");
                } else if (userScoped) {
                    require(operation, BEARER_SCHEME);
                    makeUserHeaderOptional(operation);
                    ApiDocumentationFilter.addError(operation, "401",
                            "No bearer token, or one that is expired, forged or not the issuer's (a WWW-Authenticate header says which)");
                    ApiDocumentationFilter.addError(operation, "403", "X-User-UUID names another user than the bearer token, or "
                            + "the token's " + config.jwt().userClaim() + " claim is no valid user id");
                }
                ApiDocumentationFilter.sortResponses(operation);
            }
        }
    }

    private static void require(Operation operation, String scheme) {
        SecurityRequirement requirement = OASFactory.createSecurityRequirement().addScheme(scheme);
        operation.addSecurityRequirement(requirement);
    }

    private static void makeUserHeaderOptional(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getIn() == Parameter.In.HEADER && UserIdentityFilter.HEADER.equals(parameter.getName())) {
                parameter.setRequired(false);
                parameter.setDescription("Optional: the bearer token names the user. When sent, it must name the same user (403 "
                        + "otherwise). Trimmed; 1 to 128 characters of A-Z a-z 0-9 - _");
            }
        }
    }
}
