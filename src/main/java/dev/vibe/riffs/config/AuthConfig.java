package dev.vibe.riffs.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call the API ({@code VIBE_AUTH_MODE} and the settings of each mode). The README's <em>Security</em> section
 * says what each mode protects against and what it does not. Checked at start-up ({@code SecuritySettingsCheck}).
 */
@ConfigMapping(prefix = "vibe.auth")
public interface AuthConfig {

    /**
     * How a request proves who makes it: {@code header} (the default: {@code X-User-UUID} is believed, for deployments
     * whose gateway authenticates users and sets it), {@code gateway} (as {@code header}, and every request to the API
     * port must also carry the gateway's shared secret; dev mode's runtime-api simulator, served on that port, then
     * needs it too) or {@code jwt} (a bearer token signed by the issuer names the user).
     */
    @WithDefault("header")
    Mode mode();

    /** The {@code gateway} mode. */
    Gateway gateway();

    /** The {@code jwt} mode; the issuer and its keys are smallrye-jwt's {@code mp.jwt.verify.*} settings. */
    Jwt jwt();

    enum Mode {
        HEADER,
        GATEWAY,
        JWT
    }

    interface Gateway {

        /** Name of the header that carries the shared secret ({@code VIBE_AUTH_GATEWAY_HEADER}). */
        @WithDefault("X-Gateway-Secret")
        String header();

        /**
         * The shared secret the gateway sends in that header ({@code VIBE_AUTH_GATEWAY_SECRET}, from a Kubernetes
         * Secret): required in {@code gateway} mode, at least 32 characters. Never logged.
         */
        Optional<String> secret();
    }

    interface Jwt {

        /**
         * The token claim that names the user ({@code VIBE_AUTH_JWT_USER_CLAIM}); its value must be a valid user id
         * (1 to 128 characters of {@code A-Z a-z 0-9 - _}).
         */
        @WithDefault("sub")
        String userClaim();
    }
}
