package dev.vibe.riffs.service.lifecycle;

/** Another request is changing the riff's runtime and did not finish within {@code runtime-api.claim.wait-for}. */
public class RiffBusyException extends RuntimeException {

    public RiffBusyException() {
        super("Another change to this riff's runtime is in progress; try again shortly", null, false, false);
    }
}
