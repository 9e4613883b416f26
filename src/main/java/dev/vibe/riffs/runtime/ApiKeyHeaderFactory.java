package dev.vibe.riffs.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import dev.vibe.riffs.config.RuntimeApiConfig;

/** Adds {@code X-API-Key} to every runtime-api call, so that no caller ever handles the key. */
@ApplicationScoped
public class ApiKeyHeaderFactory implements ClientHeadersFactory {

    static final String HEADER = "X-API-Key";

    private final RuntimeApiConfig config;

    public ApiKeyHeaderFactory(RuntimeApiConfig config) {
        this.config = config;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        config.stagingSecret().filter(key -> !key.isBlank()).ifPresent(key -> headers.add(HEADER, key));
        return headers;
    }
}
