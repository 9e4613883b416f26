package dev.vibe.riffs.runtime;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.Url;

/**
 * The agent server inside one runtime; its base URL is the runtime's {@code url}. A singleton for the reason given on
 * {@link RuntimeApiRestClient}.
 */
@RegisterRestClient(configKey = "agent-server")
@Singleton
interface AgentServerRestClient {

    @GET
    @Path("/alive")
    Response alive(@Url String runtimeUrl, @HeaderParam("X-Session-API-Key") String sessionApiKey);
}
