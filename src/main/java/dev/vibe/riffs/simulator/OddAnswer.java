package dev.vibe.riffs.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers of the real runtime-api that a strict reader would fail on, which the simulator gives on request: each is
 * queued for a number of answers of its kind ({@link RuntimeApiSimulator#answerOddly}, or {@code POST
 * /simulator/control/answer-oddly}). They are answers, not errors: the status is 200.
 */
public enum OddAnswer {

    /** A {@code null} item first in a {@code /sessions/batch} answer. */
    NULL_BATCH_ITEM,
    /** The items of a {@code /sessions/batch} answer carry no {@code session_id}. */
    BATCH_ITEMS_WITHOUT_SESSION_ID,
    /** The items of a {@code /sessions/batch} answer carry no {@code runtime_id}. */
    BATCH_ITEMS_WITHOUT_RUNTIME_ID,
    /** A {@code null} item first in the {@code runtimes} of a {@code /list} answer. */
    NULL_LIST_ITEM,
    /** A {@code /resume} answer that is only {@code {"session_api_key": ...}} (the resume is done). */
    RESUME_ONLY_KEY,
    /** A {@code /resume} answer with an empty body (the resume is done). */
    RESUME_EMPTY,
    /** A {@code /resume} answer whose body is {@code null} (the resume is done). */
    RESUME_NULL,
    /**
     * Every runtime object of an answer has odd fields: {@code restart_reasons} a list of objects, {@code restart_count}
     * a string, {@code pod_status} a number, and a field nobody knows.
     */
    ODD_FIELDS;

    /** The name in control requests, e.g. {@code null_batch_item}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<OddAnswer> ofWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
    }
}
