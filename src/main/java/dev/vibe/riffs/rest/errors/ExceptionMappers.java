package dev.vibe.riffs.rest.errors;

import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;

import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.vibe.riffs.logging.ThrottledWarning;
import dev.vibe.riffs.service.riffs.ConflictException;
import dev.vibe.riffs.service.DatabaseUnavailableWarning;
import dev.vibe.riffs.service.lifecycle.RiffBusyException;
import dev.vibe.riffs.runtime.errors.RuntimeApiException;
import dev.vibe.riffs.runtime.errors.RuntimeApiNotConfiguredException;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import dev.vibe.riffs.runtime.errors.RuntimeApiTransientException;
import dev.vibe.riffs.runtime.errors.RuntimeApiUnavailableException;
import dev.vibe.riffs.runtime.errors.RuntimeApiUserOverloadedException;
import dev.vibe.riffs.service.riffs.ResourceNotFoundException;
import dev.vibe.riffs.service.policy.RuntimeCapReachedException;
import dev.vibe.riffs.service.riffs.RuntimeNotFoundException;
import io.quarkus.logging.Log;

/**
 * Every error of the API, as {@code {"error": "..."}}; nothing internal (class names, stack traces) leaks out. Errors
 * are {@code application/json} whatever the request's {@code Accept} says: the {@code 406} for an {@code Accept} that
 * excludes JSON is JSON too.
 */
public class ExceptionMappers {

    static final String DATABASE_UNAVAILABLE = "Database unavailable; try again shortly";
    /** Seconds a client should wait before it tries again after a 503 (database or runtime-api unavailable). */
    static final String RETRY_AFTER = "5";
    /** Seconds to wait when only this request was refused: the riff is busy, or this replica's (or this user's) runtime-api calls are. */
    static final String RETRY_AFTER_BUSY = "1";
    /** Retry-After of a refused event stream, in seconds. */
    static final String RETRY_AFTER_STREAMS = "5";

    private final DatabaseUnavailableWarning databaseWarning;
    private final ThrottledWarning runtimeApiFailures = new ThrottledWarning("Requests failed on the runtime-api", Duration.ofSeconds(10));

    public ExceptionMappers(DatabaseUnavailableWarning databaseWarning) {
        this.databaseWarning = databaseWarning;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> notFound(ResourceNotFoundException e) {
        return error(Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> conflict(ConflictException e) {
        return error(Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> noRuntime(RuntimeNotFoundException e) {
        return json(Status.NOT_FOUND, ErrorResponse.withStatus("not_found", e.getMessage()), null);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> runtimeApiNotConfigured(RuntimeApiNotConfiguredException e) {
        return json(Status.SERVICE_UNAVAILABLE,
                ErrorResponse.withStatus("not_configured", "Runtime API is not configured on this service"), null);
    }

    /** This replica's own limit on runtime-api calls is reached: only this request is refused, briefly. */
    @ServerExceptionMapper(priority = 1)
    public RestResponse<ErrorResponse> runtimeApiOverloaded(RuntimeApiOverloadedException e) {
        return json(Status.SERVICE_UNAVAILABLE, ErrorResponse.withStatus("overloaded", e.getMessage()), RETRY_AFTER_BUSY);
    }

    /** This request's user holds their whole share of this replica's runtime-api calls: only their request is refused. */
    @ServerExceptionMapper(priority = 1)
    public RestResponse<ErrorResponse> userOverloaded(RuntimeApiUserOverloadedException e) {
        return json(Status.TOO_MANY_REQUESTS, ErrorResponse.withStatus("user_overloaded", e.getMessage()), RETRY_AFTER_BUSY);
    }

    /** The runtime-api could not be used; the message names the reason (never a key) and the client may retry. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> runtimeApiFailed(RuntimeApiException e) {
        boolean unavailable = e instanceof RuntimeApiUnavailableException || e instanceof RuntimeApiTransientException;
        runtimeApiFailures.record(e.getMessage());
        return json(unavailable ? Status.SERVICE_UNAVAILABLE : Status.BAD_GATEWAY,
                ErrorResponse.withStatus("unavailable", "Runtime API unavailable: " + e.getMessage()),
                unavailable ? RETRY_AFTER : null);
    }

    /** Another request is changing the riff's runtime; this one may try again in a moment. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> busy(RiffBusyException e) {
        return json(Status.CONFLICT, ErrorResponse.withStatus("busy", e.getMessage()), RETRY_AFTER_BUSY);
    }

    /** The user's cap of runtimes is reached and no runtime is idle enough to make room; Retry-After says when one may be. */
    @ServerExceptionMapper
    public Response capReached(RuntimeCapReachedException e) {
        return Response.status(Status.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(e.retryAfter().toSeconds()))
                .entity(ErrorResponse.withStatus("cap_reached", e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> invalidParameter(InvalidParameterException e) {
        return error(Status.BAD_REQUEST, e.getMessage());
    }

    /** This replica's bound on open event streams is reached; another replica (or this one shortly) takes the stream. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> tooManyStreams(dev.vibe.riffs.service.events.TooManyStreamsException e) {
        return json(Status.SERVICE_UNAVAILABLE, ErrorResponse.of(e.getMessage()), RETRY_AFTER_STREAMS);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> concurrentUpdate(OptimisticLockException e) {
        return error(Status.CONFLICT, "The riff was changed by another request at the same time; try again");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> invalid(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
                .map(ConstraintViolation::getMessage)
                .findFirst()
                .orElse("Invalid request");
        return error(Status.BAD_REQUEST, message);
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<ErrorResponse> malformedJson(JsonParseException e) {
        return error(Status.BAD_REQUEST, "Malformed JSON in request body");
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<ErrorResponse> wrongType(MismatchedInputException e) {
        if (isTrailingToken(e)) {
            return error(Status.BAD_REQUEST, "Malformed JSON in request body");
        }
        String field = fieldOf(e);
        return error(Status.BAD_REQUEST, field == null
                ? "Request body must be a JSON object"
                : "Field '" + field + "' has the wrong type");
    }

    @ServerExceptionMapper(priority = 2)
    public RestResponse<ErrorResponse> unreadableJson(JsonProcessingException e) {
        return error(Status.BAD_REQUEST, "Invalid JSON in request body");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> http(WebApplicationException e) {
        // Quarkus REST reports unreadable JSON as a 400 whose cause is the Jackson exception.
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return wrongType(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        Response response = e.getResponse();
        int status = response == null ? 500 : response.getStatus();
        if (status >= 500) {
            return serverError(e);
        }
        Status known = Status.fromStatusCode(status);
        return error(known == null ? Status.BAD_REQUEST : known, clientErrorMessage(status));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unexpected(Throwable e) {
        return serverError(e);
    }

    /**
     * A failure of the server: a 503 when the database is unavailable (counted, one WARN line per interval for all
     * of them), otherwise a 500 with an error id that is logged with the stack trace.
     */
    private RestResponse<ErrorResponse> serverError(Throwable e) {
        if (databaseWarning.recordIfUnavailable(e)) {
            return databaseUnavailable();
        }
        if (ClientGone.is(e)) {
            Log.debugf("Client went away before its answer: %s", e.getMessage());
            return error(Status.INTERNAL_SERVER_ERROR, "Client went away");
        }
        String errorId = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error %s", errorId);
        return json(Status.INTERNAL_SERVER_ERROR,
                new ErrorResponse(null, "Internal server error; quote error id " + errorId + " when reporting it", errorId), null);
    }

    private static RestResponse<ErrorResponse> databaseUnavailable() {
        return json(Status.SERVICE_UNAVAILABLE, ErrorResponse.of(DATABASE_UNAVAILABLE), RETRY_AFTER);
    }

    private static String clientErrorMessage(int status) {
        return switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: this API answers application/json";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type: send application/json";
            default -> "Bad request";
        };
    }

    /**
     * A complete JSON value followed by another token ({@code {"a": 1} {"b": 2}}, {@code {"a": 1} 1}): Jackson's
     * {@code FAIL_ON_TRAILING_TOKENS} reports it as a mismatch, but the body is malformed. (Trailing garbage that is
     * no token at all, {@code }} or {@code x}, is a {@link JsonParseException} already.)
     */
    private static boolean isTrailingToken(MismatchedInputException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
    }

    private static String fieldOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(JsonMappingException.Reference::getFieldName)
                .filter(name -> name != null)
                .reduce((parent, child) -> parent + "." + child)
                .orElse(null);
    }

    private static RestResponse<ErrorResponse> error(Status status, String message) {
        return json(status, ErrorResponse.of(message), null);
    }

    /**
     * An error answer, typed {@code application/json} explicitly: without the type, the body would be written in the
     * type negotiated from {@code Accept} ({@code ErrorResponse[...]} as text for {@code Accept: application/xml}).
     */
    public static RestResponse<ErrorResponse> json(Status status, ErrorResponse body, String retryAfter) {
        RestResponse.ResponseBuilder<ErrorResponse> answer = RestResponse.ResponseBuilder.create(status, body)
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (retryAfter != null) {
            answer.header("Retry-After", retryAfter);
        }
        return answer.build();
    }
}
