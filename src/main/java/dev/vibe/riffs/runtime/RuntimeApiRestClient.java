package dev.vibe.riffs.runtime;

import java.lang.reflect.Method;
import java.util.List;

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

import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * The runtime-api, endpoint by endpoint (see docs/runtime-api.md). Answers are read as text and parsed leniently by
 * {@link RuntimeAnswers}; two instances with different read timeouts are built by {@link RuntimeApiRestClients}.
 * Callers use {@link RuntimeApiClient}.
 */
@RegisterClientHeaders(ApiKeyHeaderFactory.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RuntimeApiRestClient {

    @POST
    @Path("/start")
    String start(StartRequest request);

    @GET
    @Path("/sessions/{sessionId}")
    String session(@PathParam("sessionId") String sessionId);

    @GET
    @Path("/sessions/batch")
    String sessions(@QueryParam("ids") List<String> sessionIds);

    @GET
    @Path("/runtime/{runtimeId}")
    String runtime(@PathParam("runtimeId") String runtimeId);

    @POST
    @Path("/pause")
    void pause(RuntimeIdRequest request);

    @POST
    @Path("/resume")
    String resume(RuntimeIdRequest request);

    @POST
    @Path("/stop")
    void stop(RuntimeIdRequest request);

    @GET
    @Path("/list")
    String list();

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
