package dev.vibe.riffs.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.logging.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Counts the oddities of runtime-api answers that were read around rather than failed on (a {@code null} item, a field
 * of an unexpected type, a resume answer without a key), in {@code runtime_api_answers_tolerated_total} by operation
 * and kind, and says so in one WARN line per minute at most. Never a value from the answer: it could be a key.
 */
@Startup
@ApplicationScoped
public class ToleratedAnswers {

    static final String METRIC = "runtime_api_answers_tolerated";

    /** A {@code null} item (or one that is not an object) in a list of runtimes. */
    static final String NULL_ITEM = "null_item";
    /** An item of a list of runtimes that says no session. */
    static final String ITEM_WITHOUT_SESSION_ID = "item_without_session_id";
    /** An item of a list of runtimes that says no runtime id. */
    static final String ITEM_WITHOUT_RUNTIME_ID = "item_without_runtime_id";
    /** A field of a runtime object whose JSON type is not the expected one; read as absent (unknown). */
    static final String UNEXPECTED_TYPE = "unexpected_type";
    /** A resume answer without a readable {@code session_api_key}; the key comes from the look-up after it. */
    static final String ANSWER_WITHOUT_KEY = "answer_without_key";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ThrottledWarning warning = new ThrottledWarning("Runtime-api answers read around an oddity", Duration.ofMinutes(1));

    /** The oddities each call can meet, served at 0 from the start so that their rates exist before the first one. */
    private static final Map<String, List<String>> KINDS_BY_OPERATION = Map.of(
            "start", List.of(UNEXPECTED_TYPE),
            "session", List.of(UNEXPECTED_TYPE),
            "runtime", List.of(UNEXPECTED_TYPE),
            "sessions_batch", List.of(NULL_ITEM, ITEM_WITHOUT_SESSION_ID, ITEM_WITHOUT_RUNTIME_ID, UNEXPECTED_TYPE),
            "list", List.of(NULL_ITEM, ITEM_WITHOUT_RUNTIME_ID, UNEXPECTED_TYPE),
            "resume", List.of(ANSWER_WITHOUT_KEY));

    public ToleratedAnswers(MeterRegistry registry) {
        this.registry = registry;
        KINDS_BY_OPERATION.forEach((operation, kinds) -> kinds.forEach(kind -> counter(operation, kind)));
    }

    /** @param what the oddity's field or item, never a value */
    void tolerate(String operation, String kind, String what) {
        counter(operation, kind).increment();
        warning.record(operation + ": " + kind + " (" + what + ")");
    }

    private Counter counter(String operation, String kind) {
        return counters.computeIfAbsent(operation + '/' + kind, key -> Counter.builder(METRIC)
                .description("Oddities of runtime-api answers that were tolerated (read around) rather than failed on")
                .tag("operation", operation)
                .tag("kind", kind)
                .register(registry));
    }
}
