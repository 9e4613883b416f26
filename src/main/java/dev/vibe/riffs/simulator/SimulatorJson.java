package dev.vibe.riffs.simulator;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.vibe.riffs.simulator.JsonViews.DetailView;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Reads and writes the simulator's JSON with the application's ObjectMapper. */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class SimulatorJson {

    static final String APPLICATION_JSON = "application/json";

    private final ObjectMapper mapper;

    SimulatorJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void send(RoutingContext context, int status, Object body) {
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            Log.error("Simulator could not write its answer", e);
            sendRaw(context, 500, "{\"detail\":\"Simulator could not write its answer\"}");
            return;
        }
        sendRaw(context, status, json);
    }

    ObjectNode newObject() {
        return mapper.createObjectNode();
    }

    ArrayNode newArray() {
        return mapper.createArrayNode();
    }

    void detail(RoutingContext context, int status, String message) {
        send(context, status, new DetailView(message));
    }

    void sendRaw(RoutingContext context, int status, String json) {
        if (context.response().closed() || context.response().ended()) {
            return; // The client gave up, e.g. during an injected delay.
        }
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(json);
    }

    /** The request body when it is a JSON object; empty for no body, broken JSON or any other JSON value. */
    Optional<JsonNode> readObject(RoutingContext context) {
        Buffer body = context.body().buffer();
        if (body == null || body.length() == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(body.getBytes());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A string field of a JSON object, or null when it is absent, not a string or blank. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
