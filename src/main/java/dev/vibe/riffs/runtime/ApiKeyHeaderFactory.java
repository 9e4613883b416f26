package dev.vibe.riffs.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.runtime.LaunchMode;

/** Adds {@code X-API-Key} to every runtime-api call, so that no caller ever handles the key. */
@ApplicationScoped
public class ApiKeyHeaderFactory implements ClientHeadersFactory {

    static final String HEADER = "X-API-Key";
    /** The mark Quarkus puts on requests past dev mode's live-reload check (see application.properties). */
    private static final String PAST_RELOAD_CHECK = "x-quarkus-hot-deployment-done";

    private final RuntimeApiConfig config;

    public ApiKeyHeaderFactory(RuntimeApiConfig config) {
        this.config = config;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        config.stagingSecret().filter(key -> !key.isBlank()).ifPresent(key -> headers.add(HEADER, key));
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            // The runtime-api clients are built by RuntimeApiRestClients, so no quarkus.rest-client.* header setting reaches them.
            headers.add(PAST_RELOAD_CHECK, "true");
        }
        return headers;
    }
}
