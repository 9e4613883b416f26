package dev.vibe.riffs.runtime.errors;

/** No runtime-api key is configured, so no call that needs one is made. */
public class RuntimeApiNotConfiguredException extends RuntimeApiException {

    public RuntimeApiNotConfiguredException() {
        super("runtime-api is not configured (RUNTIME_API_STAGING_SECRET is not set)", 0);
    }
}
