package dev.vibe.riffs.runtime;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * The runtime-api, endpoint by endpoint (see docs/runtime-api.md). Callers use {@link RuntimeApiClient}.
 * <p>
 * A singleton, not the default application scope: Quarkus 3.33 builds an application-scoped REST client twice (once
 * for its client proxy), so each one had a second, unused HTTP client and connection pool, and the second registration
 * of its {@code http.client.*} metrics logged "This Gauge has been already registered" (quarkusio/quarkus#54482).
 */
@RegisterRestClient(configKey = "runtime-api")
@Singleton
@RegisterClientHeaders(ApiKeyHeaderFactory.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RuntimeApiRestClient {

    @POST
    @Path("/start")
    RuntimeInfo start(StartRequest request);

    @GET
    @Path("/sessions/{sessionId}")
    RuntimeInfo session(@PathParam("sessionId") String sessionId);

    @GET
    @Path("/sessions/batch")
    List<RuntimeInfo> sessions(@QueryParam("ids") List<String> sessionIds);

    @GET
    @Path("/runtime/{runtimeId}")
    RuntimeInfo runtime(@PathParam("runtimeId") String runtimeId);

    @POST
    @Path("/pause")
    void pause(RuntimeIdRequest request);

    @POST
    @Path("/resume")
    RuntimeInfo resume(RuntimeIdRequest request);

    @POST
    @Path("/stop")
    void stop(RuntimeIdRequest request);

    @GET
    @Path("/list")
    RuntimeList list();

    @GET
    @Path("/health")
    @Produces(MediaType.WILDCARD)
    Response health();

    /** Maps an error answer to a typed exception; {@code /health} reads its status itself. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        if ("health".equals(method.getName())) {
            return new WebApplicationException(response);
        }
        return RuntimeApiErrors.of(response.getStatus(), response.getHeaderString("Retry-After"));
    }
}
