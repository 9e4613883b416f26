package dev.vibe.riffs.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.Management;
import io.restassured.response.Response;

/**
 * The served description ({@code /q/openapi}), and the check that a real answer is what it documents for the
 * operation and status: a documented status, JSON, the documented {@code Retry-After}, and a body that its schema
 * accepts (every property declared, every required one there, types, nulls and enums as declared, nested objects
 * and arrays included). The schema check is the part of JSON Schema the description uses, no more.
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    /** Every operation and status whose answer was checked, as {@code operationId status}. */
    private final Set<String> checked = new LinkedHashSet<>();

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    public static OpenApiDocument served() {
        String body = Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        try {
            return new OpenApiDocument(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            throw new AssertionError("/q/openapi is not JSON", e);
        }
    }

    public JsonNode root() {
        return root;
    }

    Set<String> checked() {
        return checked;
    }

    /** Every operation of the API (the simulator's routes are not part of it), by operationId. */
    Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        root.get("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/")) {
                path.getValue().fields().forEachRemaining(method -> operations.put(
                        method.getValue().path("operationId").asText(method.getKey() + " " + path.getKey()), method.getValue()));
            }
        });
        return operations;
    }

    public JsonNode operation(String operationId) {
        JsonNode operation = operations().get(operationId);
        assertThat(operation).as("operation %s in /q/openapi", operationId).isNotNull();
        return operation;
    }

    JsonNode schema(String name) {
        JsonNode schema = root.path("components").path("schemas").get(name);
        assertThat(schema).as("components.schemas.%s", name).isNotNull();
        return schema;
    }

    /** Asserts that the real answer of the operation is one that the description documents. */
    public Response assertDocuments(String operationId, Response answer) {
        String status = String.valueOf(answer.statusCode());
        String what = operationId + " " + status + " " + answer.asString();
        JsonNode documented = operation(operationId).path("responses").get(status);
        assertThat(documented).as("documented answer of %s", what).isNotNull();
        assertThat(answer.contentType()).as("Content-Type of %s", what).isEqualTo("application/json");
        JsonNode headers = documented.path("headers");
        if (answer.header("Retry-After") != null) {
            assertThat(headers.has("Retry-After")).as("Retry-After documented for %s", what).isTrue();
            assertThat(answer.header("Retry-After")).as("Retry-After of %s", what).matches("\\d+");
        }
        if (headers.path("Retry-After").path("required").asBoolean(false)) {
            assertThat(answer.header("Retry-After")).as("Retry-After of %s", what).isNotNull();
        }
        JsonNode schema = documented.path("content").path("application/json").get("schema");
        assertThat(schema).as("schema of %s", what).isNotNull();
        List<String> problems = new ArrayList<>();
        try {
            validate(JSON.readTree(answer.asString()), schema, "$", problems);
        } catch (JsonProcessingException e) {
            fail("answer of " + what + " is not JSON", e);
        }
        assertThat(problems).as("what the schema of %s does not accept", what).isEmpty();
        checked.add(operationId + " " + status);
        return answer;
    }

    /** Asserts that an answer of a Server-Sent Events operation and the data of one of its events are documented. */
    void assertDocumentsStream(String operationId, int status, String contentType, String data) {
        String what = operationId + " " + status + " " + data;
        JsonNode documented = operation(operationId).path("responses").get(String.valueOf(status));
        assertThat(documented).as("documented answer of %s", what).isNotNull();
        assertThat(contentType).as("Content-Type of %s", what).startsWith("text/event-stream");
        JsonNode schema = documented.path("content").path("text/event-stream").get("schema");
        assertThat(schema).as("schema of the events of %s", what).isNotNull();
        List<String> problems = new ArrayList<>();
        try {
            validate(JSON.readTree(data), schema, "$", problems);
        } catch (JsonProcessingException e) {
            fail("event data of " + what + " is not JSON", e);
        }
        assertThat(problems).as("what the schema of %s does not accept", what).isEmpty();
        checked.add(operationId + " " + status);
    }

    private void validate(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (schema.has("$ref")) {
            validate(value, resolve(schema.get("$ref").asText()), at, problems);
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode alternative : schema.get("anyOf")) {
                List<String> own = new ArrayList<>();
                validate(value, alternative, at, own);
                any |= own.isEmpty();
            }
            if (!any) {
                problems.add(at + ": matches none of " + schema.get("anyOf"));
            }
        }
        Set<String> types = types(schema);
        if (!types.isEmpty() && !types.contains(typeOf(value))
                && !(types.contains("number") && typeOf(value).equals("integer"))) {
            problems.add(at + ": " + typeOf(value) + " where the schema says " + types);
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(at + ": " + value + " is none of " + schema.get("enum"));
        }
        if (value.isTextual() && "date-time".equals(schema.path("format").asText())) {
            try {
                Instant.parse(value.asText());
            } catch (RuntimeException e) {
                problems.add(at + ": " + value + " is no date-time");
            }
        }
        if (value.isObject()) {
            validateObject(value, schema, at, problems);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
            }
        }
    }

    private void validateObject(JsonNode value, JsonNode schema, String at, List<String> problems) {
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(at + ": required property " + required.asText() + " is missing");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (properties.has(field.getKey())) {
                validate(field.getValue(), properties.get(field.getKey()), at + "." + field.getKey(), problems);
            } else if (schema.has("additionalProperties")) {
                validate(field.getValue(), schema.get("additionalProperties"), at + "." + field.getKey(), problems);
            } else if (schema.has("properties")) {
                List<String> declared = new ArrayList<>();
                properties.fieldNames().forEachRemaining(declared::add);
                problems.add(at + ": property " + field.getKey() + " is none of the schema's " + declared);
            }
        }
    }

    private JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/components/schemas/");
        return schema(ref.substring("#/components/schemas/".length()));
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        }
        type.forEach(one -> types.add(one.asText()));
        return types;
    }

    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> value.getNodeType().name();
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode one : values) {
            if (one.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
