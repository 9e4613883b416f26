package dev.vibe.riffs.rest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import dev.vibe.riffs.domain.RuntimeEventReason;
import dev.vibe.riffs.domain.RuntimeStatus;
import dev.vibe.riffs.rest.auth.AuthDocumentationFilter;
import dev.vibe.riffs.rest.auth.UserIdentityFilter;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.errors.ExceptionMappers;
import dev.vibe.riffs.rest.riffs.RuntimeView;
import dev.vibe.riffs.runtime.RuntimeState;
import dev.vibe.riffs.service.events.RuntimeActor;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents in one place what operations share: the {@code X-User-UUID} header of {@code /api/apps}, {@code /api/events} and {@code /api/usage}, the slug path
 * parameters, and the errors that come from {@link ExceptionMappers} rather than from one operation: 400 for bad
 * input or identity, 406, 413, 415, 500, a 503 with Retry-After while the database is unavailable (any
 * {@code /api/apps} request), and on the operations that call the runtime-api while the client waits, its 502, 503
 * and (when they change the runtime) the 409 of a busy riff. Every error answer gets the {@code ErrorResponse}
 * schema, and every answer that sends {@code Retry-After} describes it. Operations are known by their
 * {@code operationId}, which every resource method names in its {@code @Operation}. It depends on no run-time setting,
 * so it runs at build time, before {@link AuthDocumentationFilter}.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD, priority = ApiDocumentationFilter.PRIORITY)
public class ApiDocumentationFilter implements OASFilter {

    /** Higher than {@link AuthDocumentationFilter}'s, so that it runs first and the authentication mode has the last word. */
    static final int PRIORITY = 10;

    private static final String ERROR_SCHEMA = "#/components/schemas/ErrorResponse";

    /** Operations that call the runtime-api while the client waits (RiffRuntimeService). */
    private static final Set<String> RUNTIME_API_CALLS =
            Set.of("resetRiff", "getRiffRuntimeStatus", "pauseRiffRuntime", "resumeRiffRuntime");
    /** Operations that change the riff's runtime under a claim on the riff (RiffClaims), and so may find it busy. */
    private static final Set<String> RUNTIME_CHANGES = Set.of("resetRiff", "pauseRiffRuntime", "resumeRiffRuntime");

    private static final String DATABASE_UNAVAILABLE = "Database unavailable (no status); try again after the seconds in Retry-After";
    private static final String RUNTIME_API_UNAVAILABLE = "Runtime API unavailable (status unavailable: unreachable, failing or "
            + "answering 429/502/503/504), this service's limit on runtime-api calls reached (status overloaded), or no runtime-api "
            + "configured (status not_configured)";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        describeOpaqueJson(openAPI);
        enumerateStatusWords(openAPI);
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean userScoped = isUserScoped(path.getKey());
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                Operation operation = entry.getValue();
                describePathParameters(operation);
                if (userScoped) {
                    operation.addParameter(userHeader());
                    addError(operation, "400", "Invalid input: a slug, the body, or the X-User-UUID header (missing, empty or malformed)");
                }
                if (RUNTIME_API_CALLS.contains(operation.getOperationId())) {
                    addError(operation, "502", "The runtime-api refused the call for a reason a retry does not cure, such as this "
                            + "service's key (status unavailable)");
                    addError(operation, "503", RUNTIME_API_UNAVAILABLE);
                    addRetryAfter(operation, "503", false, "Seconds to wait before trying again: 1 when overloaded, 5 otherwise; "
                            + "not sent when not_configured");
                    addError(operation, "429", "This user's share of the service's runtime-api calls is in use by their other "
                            + "requests (status user_overloaded); try again after the seconds in Retry-After");
                    addRetryAfter(operation, "429", true, "Seconds to wait before trying again");
                }
                if (RUNTIME_CHANGES.contains(operation.getOperationId())) {
                    addError(operation, "409", "Another request is changing the riff's runtime (status busy); try again after the "
                            + "seconds in Retry-After");
                    addRetryAfter(operation, "409", false, "Seconds to wait before trying again (1); sent with status busy only");
                }
                if (userScoped) {
                    addError(operation, "503", DATABASE_UNAVAILABLE);
                    addRetryAfter(operation, "503", true, "Seconds to wait before trying again (5)");
                }
                if (entry.getKey() == PathItem.HttpMethod.POST && operation.getRequestBody() != null) {
                    addError(operation, "413", "Request body larger than 64 KiB");
                    addError(operation, "415", "Request body is not application/json");
                }
                addError(operation, "406", "The Accept header excludes application/json, the only type this API answers");
                addError(operation, "500", "Unexpected error; the body carries an error_id that is in the logs");
                sortResponses(operation);
            }
        }
    }

    /** Whether the operations of this path name their user ({@link UserIdentityFilter}). */
    public static boolean isUserScoped(String path) {
        return path.startsWith("/api/apps") || path.startsWith("/api/events") || path.startsWith("/api/usage");
    }

    /** A nullable enum lists null too: in OpenAPI 3.1 (JSON Schema) an enum restricts every value, null included. */
    @Override
    public Schema filterSchema(Schema schema) {
        List<Object> values = schema.getEnumeration();
        boolean nullable = schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL);
        if (values != null && nullable && !values.contains(null)) {
            List<Object> withNull = new ArrayList<>(values);
            withNull.add(null); // addEnumeration(null) would be ignored
            schema.setEnumeration(withNull);
        }
        return schema;
    }

    /**
     * {@code restart_reasons} of a runtime is whatever JSON the runtime-api gave (it publishes no shape): a schema without
     * a type, which accepts any value, instead of the bean properties of Jackson's {@code JsonNode}.
     */
    private static void describeOpaqueJson(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Schema runtime = openAPI.getComponents().getSchemas().get("RuntimeView");
        if (runtime != null && runtime.getProperties() != null && runtime.getProperties().containsKey("restart_reasons")) {
            String description = runtime.getProperties().get("restart_reasons").getDescription();
            runtime.addProperty("restart_reasons", OASFactory.createSchema().description(description));
        }
        openAPI.getComponents().removeSchema("JsonNode");
    }

    /**
     * The words of the status and reason fields, from their enums rather than hand-kept lists: the runtime-api's
     * statuses, the stored runtime statuses (null while a riff has no runtime), event reasons and actors.
     */
    private static void enumerateStatusWords(OpenAPI openAPI) {
        enumerate(openAPI, "RuntimeView", "status", Arrays.stream(RuntimeState.values()).map(RuntimeState::wireName), false);
        enumerate(openAPI, "RiffView", "runtime_status", Arrays.stream(RuntimeStatus.values()).map(RuntimeStatus::wire), true);
        enumerate(openAPI, "RuntimeEventView", "reason", Arrays.stream(RuntimeEventReason.values()).map(RuntimeEventReason::wire), false);
        enumerate(openAPI, "RuntimeEventView", "actor", Arrays.stream(RuntimeActor.values()).map(RuntimeActor::wireName), false);
    }

    private static void enumerate(OpenAPI openAPI, String schemaName, String property, Stream<String> words, boolean nullable) {
        Schema schema = openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null ? null
                : openAPI.getComponents().getSchemas().get(schemaName);
        if (schema == null || schema.getProperties() == null || !schema.getProperties().containsKey(property)) {
            return;
        }
        List<Object> values = new ArrayList<>(words.toList());
        if (nullable) {
            values.add(null);
        }
        schema.getProperties().get(property).setEnumeration(values);
    }

    private static final Map<String, String> PATH_PARAMETERS = Map.of(
            "slug", "Slug of the app: lowercase letters, digits and single hyphens, at most 63 characters",
            "riff", "Slug of the riff: lowercase letters, digits and single hyphens, at most 63 characters");

    private static void describePathParameters(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getIn() == Parameter.In.PATH && parameter.getDescription() == null) {
                parameter.setDescription(PATH_PARAMETERS.get(parameter.getName()));
            }
        }
    }

    private static Parameter userHeader() {
        return OASFactory.createParameter()
                .name(UserIdentityFilter.HEADER)
                .in(Parameter.In.HEADER)
                .required(true)
                .description("The user making the request; all data is scoped to it. Trimmed; 1 to 128 characters of A-Z a-z 0-9 - _")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern("^\\s*[A-Za-z0-9_-]{1,128}\\s*$"))
                .example("3f1c9a7e-5b2d-4c8e-9f00-1a2b3c4d5e6f");
    }

    /**
     * Adds the error answer; an answer the operation documents already gets this reason appended ("; or: ...") and
     * the error schema if it has no content.
     */
    public static void addError(Operation operation, String status, String description) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(errorContent()));
            return;
        }
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(errorContent());
        }
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(description);
        } else if (!response.getDescription().contains(description)) {
            response.setDescription(response.getDescription() + "; or: " + description);
        }
    }

    /** Describes the Retry-After header of an answer, once: the first description (the most specific) stays. */
    private static void addRetryAfter(Operation operation, String status, boolean alwaysSent, String description) {
        APIResponse response = operation.getResponses().getAPIResponse(status);
        if (response.getHeaders() != null && response.getHeaders().containsKey("Retry-After")) {
            return;
        }
        response.addHeader("Retry-After", OASFactory.createHeader()
                .description(description)
                .required(alwaysSent)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ZERO)));
    }

    /** Answers in the order of their status codes, as Swagger UI shows them. */
    public static void sortResponses(Operation operation) {
        APIResponses sorted = OASFactory.createAPIResponses();
        new TreeMap<>(operation.getResponses().getAPIResponses()).forEach(sorted::addAPIResponse);
        operation.setResponses(sorted);
    }

    private static Content errorContent() {
        return OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR_SCHEMA)));
    }
}
