package dev.vibe.riffs.runtime.errors;

import dev.vibe.riffs.runtime.ToleratedAnswers;

/**
 * A successful answer of the runtime-api that cannot be used: not JSON at all, not the JSON value the call answers (an
 * array for {@code /sessions/batch}), or a runtime object without any id where the caller needs one. Counts as the
 * runtime-api failing, like no answer. Oddities that can be read around are tolerated instead ({@link ToleratedAnswers}).
 */
public class RuntimeApiMalformedAnswerException extends RuntimeApiUnavailableException {

    public RuntimeApiMalformedAnswerException(String message) {
        super(message, null);
    }
}
