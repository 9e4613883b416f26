package dev.vibe.riffs.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** Says once, at start-up, that runtimes cannot be managed because no runtime-api key is configured. */
@ApplicationScoped
public class MissingKeyWarning {

    void onStart(@Observes StartupEvent event, RuntimeApiConfig config) {
        if (!config.configured()) {
            Log.warnf("RUNTIME_API_STAGING_SECRET is not set: riffs get no runtime and runtimes are reported as not configured "
                    + "(runtime-api at %s)", config.url());
        }
    }
}
