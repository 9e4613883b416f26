package dev.vibe.riffs.warmup;

/**
 * How far the warm-up is: {@code done} once it has ended (or when it is off); {@code rounds} requests answered, of
 * which {@code lookUps} asked for a runtime status (the others read the riff); {@code stoppedLookUps} says why the
 * look-ups stopped early, if they did; {@code endedBy} what ended the warm-up (null until it has ended).
 */
public record WarmUpProgress(boolean done, long rounds, long lookUps, long elapsedMillis, String stoppedLookUps, String endedBy) {
}
