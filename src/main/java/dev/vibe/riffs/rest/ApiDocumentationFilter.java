package dev.vibe.riffs.rest;

import java.util.Map;

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

/**
 * Documents in one place what every operation shares: the {@code X-User-UUID} header of {@code /api/apps},
 * the slug path parameters, and the errors that any request may get (400 for bad input or identity, 413, 415,
 * 500, and for {@code /api/apps} a 503 with Retry-After while the database is unavailable).
 */
public class ApiDocumentationFilter implements OASFilter {

    private static final String ERROR_SCHEMA = "#/components/schemas/ErrorResponse";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean userScoped = path.getKey().startsWith("/api/apps");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                Operation operation = entry.getValue();
                describePathParameters(operation);
                if (userScoped) {
                    operation.addParameter(userHeader());
                    addError(operation, "400", "Invalid input: a slug, the body, or the X-User-UUID header (missing, empty or malformed)");
                    addDatabaseUnavailable(operation);
                }
                if (entry.getKey() == PathItem.HttpMethod.POST && operation.getRequestBody() != null) {
                    addError(operation, "413", "Request body larger than 64 KiB");
                    addError(operation, "415", "Request body is not application/json");
                }
                addError(operation, "500", "Unexpected error; the body carries an error_id that is in the logs");
            }
        }
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

    /** Every {@code /api/apps} operation uses the database; an operation with a 503 of its own gets this reason too. */
    private static void addDatabaseUnavailable(Operation operation) {
        String reason = "Database unavailable; try again after the seconds in Retry-After";
        addError(operation, "503", reason);
        APIResponse response = operation.getResponses().getAPIResponse("503");
        if (!reason.equals(response.getDescription())) {
            response.setDescription(response.getDescription() + "; or: " + reason);
        }
        if (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After")) {
            response.addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before trying again")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
    }

    private static void addError(Operation operation, String status, String description) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (responses.hasAPIResponse(status)) {
            return;
        }
        Content content = OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR_SCHEMA)));
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(content));
    }
}
