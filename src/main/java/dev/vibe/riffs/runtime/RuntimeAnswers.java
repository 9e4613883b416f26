package dev.vibe.riffs.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.runtime.errors.RuntimeApiMalformedAnswerException;

/**
 * Reads the runtime-api's answers leniently and decides strictly (docs/runtime-api.md, "What we tolerate"). A field of
 * an unexpected type is read as absent, {@code restart_reasons} is kept as opaque JSON, and a {@code null} or partial
 * item of a list is left out; each such oddity is counted ({@link ToleratedAnswers}), never a failure of the call. Only
 * an answer that is not JSON, not the JSON value the call answers, or a runtime without any id where the caller needs
 * one is malformed ({@link RuntimeApiMalformedAnswerException}).
 */
@ApplicationScoped
class RuntimeAnswers {

    private final ObjectMapper mapper;
    private final ToleratedAnswers tolerated;

    RuntimeAnswers(ObjectMapper mapper, ToleratedAnswers tolerated) {
        this.mapper = mapper;
        this.tolerated = tolerated;
    }

    /**
     * A runtime object whose id the caller needs: the answer of {@code /start} or {@code /sessions/{session_id}}.
     *
     * @param sessionId the session asked about, taken when the answer does not say it (the real API's look-up does not)
     */
    RuntimeInfo runtimeOfSession(String operation, String body, String sessionId) {
        RuntimeInfo runtime = runtime(operation, object(operation, body), sessionId, null);
        if (runtime.runtimeId() == null) {
            throw new RuntimeApiMalformedAnswerException("runtime-api answered a runtime without runtime_id (" + operation + ")");
        }
        return runtime;
    }

    /** The answer of {@code /runtime/{runtime_id}}: the id asked about stands in for a missing one. */
    RuntimeInfo runtimeById(String operation, String body, String runtimeId) {
        return runtime(operation, object(operation, body), null, runtimeId);
    }

    /**
     * The items of a {@code /sessions/batch} answer that name both their session and their runtime; the others are
     * left out and counted in {@link Batch#partialItems()}, so that the caller knows which sessions it cannot tell
     * about from this answer.
     */
    Batch batch(String operation, String body) {
        JsonNode answer = parse(operation, body);
        if (!answer.isArray()) {
            throw new RuntimeApiMalformedAnswerException("runtime-api answered something else than a list (" + operation + ")");
        }
        List<RuntimeInfo> runtimes = new ArrayList<>();
        int partial = 0;
        for (JsonNode item : answer) {
            RuntimeInfo runtime = item(operation, item);
            if (runtime == null) {
                partial++;
            } else if (runtime.sessionId() == null) {
                tolerated.tolerate(operation, ToleratedAnswers.ITEM_WITHOUT_SESSION_ID, "item");
                partial++;
            } else {
                runtimes.add(runtime);
            }
        }
        return new Batch(runtimes, partial);
    }

    /** The runtimes of a {@code /list} answer that name their runtime ({@code {"runtimes": [...]}}). */
    List<RuntimeInfo> list(String operation, String body) {
        JsonNode runtimes = object(operation, body).get("runtimes");
        if (runtimes == null || !runtimes.isArray()) {
            throw new RuntimeApiMalformedAnswerException("runtime-api answered a list without runtimes (" + operation + ")");
        }
        List<RuntimeInfo> found = new ArrayList<>();
        for (JsonNode item : runtimes) {
            RuntimeInfo runtime = item(operation, item);
            if (runtime != null) {
                found.add(runtime);
            }
        }
        return found;
    }

    /**
     * The new session key in a {@code /resume} answer, the only field real clients read from it; null (counted) when the
     * answer is empty, {@code null}, not JSON or without the key, since the resume itself went through.
     */
    String sessionApiKeyOfResume(String operation, String body) {
        JsonNode answer = null;
        if (body != null && !body.isBlank()) {
            try {
                answer = mapper.readTree(body);
            } catch (IOException unreadable) {
                answer = null;
            }
        }
        JsonNode key = answer == null ? null : answer.get("session_api_key");
        if (key == null || !key.isTextual() || key.asText().isBlank()) {
            tolerated.tolerate(operation, ToleratedAnswers.ANSWER_WITHOUT_KEY, "session_api_key");
            return null;
        }
        return key.asText();
    }

    /** One item of a list; null (counted) when it is {@code null}, not an object, or names no runtime. */
    private RuntimeInfo item(String operation, JsonNode item) {
        if (item == null || !item.isObject()) {
            tolerated.tolerate(operation, ToleratedAnswers.NULL_ITEM, item == null || item.isNull() ? "null" : item.getNodeType().name());
            return null;
        }
        RuntimeInfo runtime = runtime(operation, item, null, null);
        if (runtime.runtimeId() == null) {
            tolerated.tolerate(operation, ToleratedAnswers.ITEM_WITHOUT_RUNTIME_ID, "item");
            return null;
        }
        return runtime;
    }

    private RuntimeInfo runtime(String operation, JsonNode object, String knownSessionId, String knownRuntimeId) {
        Fields fields = new Fields(operation, object);
        String runtimeId = fields.text("runtime_id");
        if (runtimeId == null) {
            runtimeId = fields.text("id");
        }
        String sessionId = fields.text("session_id");
        JsonNode restartReasons = object.get("restart_reasons");
        return new RuntimeInfo(
                runtimeId != null ? runtimeId : knownRuntimeId,
                sessionId != null ? sessionId : knownSessionId,
                fields.text("url"),
                fields.text("session_api_key"),
                fields.text("status"),
                fields.text("pod_status"),
                fields.text("image"),
                fields.count("restart_count"),
                restartReasons == null || restartReasons.isNull() ? null : restartReasons);
    }

    private JsonNode object(String operation, String body) {
        JsonNode answer = parse(operation, body);
        if (!answer.isObject()) {
            throw new RuntimeApiMalformedAnswerException("runtime-api answered something else than an object (" + operation + ")");
        }
        return answer;
    }

    private JsonNode parse(String operation, String body) {
        if (body == null || body.isBlank()) {
            throw new RuntimeApiMalformedAnswerException("runtime-api answered no JSON (" + operation + ")");
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new RuntimeApiMalformedAnswerException("runtime-api answered malformed JSON (" + operation + ")");
        }
    }

    /**
     * The runtimes of a {@code /sessions/batch} answer that name their session and runtime, and how many items did not
     * ({@code null}, no {@code session_id}, no runtime id).
     */
    record Batch(List<RuntimeInfo> runtimes, int partialItems) {
    }

    /** The fields of one runtime object, each read as what it should be or as absent (counted). */
    private final class Fields {

        private final String operation;
        private final JsonNode object;

        Fields(String operation, JsonNode object) {
            this.operation = operation;
            this.object = object;
        }

        String text(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                tolerated.tolerate(operation, ToleratedAnswers.UNEXPECTED_TYPE, name);
                return null;
            }
            return value.asText().isBlank() ? null : value.asText();
        }

        Integer count(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return value.asInt();
            }
            tolerated.tolerate(operation, ToleratedAnswers.UNEXPECTED_TYPE, name);
            if (value.isTextual()) {
                try {
                    return Integer.valueOf(value.asText().trim()); // "3" still says 3
                } catch (NumberFormatException notANumber) {
                    return null;
                }
            }
            return null;
        }
    }
}
