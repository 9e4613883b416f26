package dev.vibe.riffs.simulator;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * The runtime objects the simulated runtime-api answers with, as strict as the real one: a session look-up's answer
 * carries no {@code session_id} and a {@code /start} answer no {@code pod_status} (the real API's do not), and the
 * {@link OddAnswer#ODD_FIELDS} fault makes their optional fields odd.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class RuntimeObjects {

    private final SimulatorJson json;
    private final FaultInjector faults;

    RuntimeObjects(SimulatorJson json, FaultInjector faults) {
        this.json = json;
        this.faults = faults;
    }

    /** Whether the runtime objects of the answer at hand get odd fields ({@link OddAnswer#ODD_FIELDS}). */
    boolean oddFieldsNow() {
        return faults.takeOdd(OddAnswer.ODD_FIELDS);
    }

    /** Every field of the runtime, as {@code GET /runtime/{id}}, {@code /list} and {@code /sessions/batch} give it. */
    ObjectNode full(SimulatedRuntime runtime, boolean oddFields) {
        ObjectNode object = json.newObject()
                .put("runtime_id", runtime.runtimeId())
                .put("session_id", runtime.sessionId())
                .put("url", runtime.url())
                .put("session_api_key", runtime.sessionApiKey())
                .put("status", runtime.status())
                .put("pod_status", runtime.podStatus())
                .put("image", runtime.image())
                .put("restart_count", 0);
        object.putArray("restart_reasons");
        if (oddFields) {
            object.put("pod_status", 7);
            object.put("restart_count", "3");
            ArrayNode reasons = object.putArray("restart_reasons");
            reasons.addObject().put("reason", "OOMKilled").put("exit_code", 137).put("at", "2026-01-31T12:00:00Z");
            reasons.addObject().put("reason", "Error").put("exit_code", 1);
            object.putObject("scheduling").put("node", "pool-a-1").put("zone", "b");
        }
        return object;
    }

    /** The answer of {@code GET /sessions/{session_id}}: no {@code session_id}, since the caller knows it. */
    ObjectNode ofSessionLookUp(SimulatedRuntime runtime, boolean oddFields) {
        ObjectNode object = full(runtime, oddFields);
        object.remove("session_id");
        return object;
    }

    /** The answer of {@code POST /start}: no {@code pod_status} yet. */
    ObjectNode ofStart(SimulatedRuntime runtime, boolean oddFields) {
        ObjectNode object = full(runtime, oddFields);
        object.remove("pod_status");
        return object;
    }
}
