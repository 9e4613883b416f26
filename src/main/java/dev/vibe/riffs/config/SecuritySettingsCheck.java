package dev.vibe.riffs.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with an authentication mode that could not work (a gateway mode without a strong enough secret, a
 * jwt mode without the issuer's keys) rather than start and refuse every request, and with CORS on for any origin
 * ({@code *}) or none; says at start-up which mode is on. Never logs a secret.
 */
@ApplicationScoped
public class SecuritySettingsCheck {

    static final int MIN_SECRET_LENGTH = 32;

    void onStart(@Observes StartupEvent event, AuthConfig auth, Config config) {
        checkCors(config);
        switch (auth.mode()) {
            case GATEWAY -> {
                int length = auth.gateway().secret().map(String::length).orElse(0);
                if (length < MIN_SECRET_LENGTH) {
                    throw new IllegalStateException("VIBE_AUTH_MODE=gateway needs VIBE_AUTH_GATEWAY_SECRET of at least "
                            + MIN_SECRET_LENGTH + " characters (" + (length == 0 ? "it is not set" : "it has " + length) + ")");
                }
                Log.infof("Authentication: gateway mode; every request must carry the gateway secret in %s", auth.gateway().header());
            }
            case JWT -> {
                boolean keys = config.getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent()
                        || config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isPresent();
                if (!keys) {
                    throw new IllegalStateException("VIBE_AUTH_MODE=jwt needs the issuer's keys: MP_JWT_VERIFY_PUBLICKEY_LOCATION "
                            + "(a JWKS or PEM URL or file) or MP_JWT_VERIFY_PUBLICKEY");
                }
                Log.infof("Authentication: jwt mode; the user is the bearer token's %s claim", auth.jwt().userClaim());
            }
            case HEADER -> Log.info("Authentication: header mode; X-User-UUID is believed as sent "
                    + "(only for a gateway that authenticates users and sets it)");
        }
    }

    private static void checkCors(Config config) {
        if (!config.getOptionalValue("quarkus.http.cors.enabled", Boolean.class).orElse(false)) {
            return;
        }
        List<String> origins = config.getOptionalValues("quarkus.http.cors.origins", String.class).orElse(List.of());
        if (origins.isEmpty() || origins.stream().anyMatch(origin -> origin.isBlank() || origin.strip().equals("*"))) {
            throw new IllegalStateException("QUARKUS_HTTP_CORS_ENABLED=true needs QUARKUS_HTTP_CORS_ORIGINS: the exact origins "
                    + "allowed (such as https://app.example.com), never *");
        }
        Log.infof("CORS: browser pages of %s may call the API", origins);
    }
}
