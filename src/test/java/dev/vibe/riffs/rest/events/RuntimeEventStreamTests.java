package dev.vibe.riffs.rest.events;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.domain.RuntimeEventRepository;
import dev.vibe.riffs.rest.SseClient;
import dev.vibe.riffs.service.events.RuntimeEventHub;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The live event stream. Another replica of the service is played by a plain JDBC connection of the test's own (not
 * from this service's pool) that does what a replica's recording does: insert an event and {@code pg_notify} its id in
 * one transaction. Only the shared database carries it to this service's stream.
 */
@QuarkusTest
class RuntimeEventStreamTests extends FreshRuntimeApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/events")
    URI events;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @Inject
    RuntimeEventRepository ledger;

    @Inject
    RuntimeEventHub hub;

    /** Records an event as another replica would: its own connection, insert and notify, commit. */
    private long recordOnAnotherReplica(String user, String app, String riff, String reason) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        try (Connection other = DriverManager.getConnection(url, properties)) {
            other.setAutoCommit(false);
            long id;
            try (PreparedStatement insert = other.prepareStatement("""
                    insert into runtime_events (user_id, app_slug, riff_slug, riff_id, runtime_id, from_status, to_status, reason, actor)
                    values (?, ?, ?, null, 'rt-elsewhere', 'running', 'paused', ?, 'policy') returning id""")) {
                insert.setString(1, user);
                insert.setString(2, app);
                insert.setString(3, riff);
                insert.setString(4, reason);
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
            }
            try (PreparedStatement notify = other.prepareStatement("select pg_notify('runtime_events', ?)")) {
                notify.setString(1, Long.toString(id));
                notify.execute();
            }
            other.commit();
            return id;
        }
    }

    private SseClient stream(String user, String query, String lastEventId) throws Exception {
        SseClient client = SseClient.open(query == null ? events : URI.create(events + "?" + query), user, lastEventId);
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.response().headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(client.awaitComment(WAIT)).as("the stream's first comment").isNotNull();
        return client;
    }

    @Test
    void streamsAnEventRecordedByAnotherInstanceToItsUserOnly() throws Exception {
        String user = newUser();
        String other = newUser();
        try (SseClient mine = stream(user, null, null); SseClient theirs = stream(other, null, null)) {
            long id = recordOnAnotherReplica(user, "far-app", "far-riff", "idle_paused");

            SseClient.Event event = mine.nextEvent(WAIT);
            assertThat(event).as("the event recorded elsewhere").isNotNull();
            assertThat(event.id()).isEqualTo(Long.toString(id));
            assertThat(event.name()).isEqualTo("runtime");
            JsonNode data = JSON.readTree(event.data());
            assertThat(data.get("app_slug").asText()).isEqualTo("far-app");
            assertThat(data.get("riff_slug").asText()).isEqualTo("far-riff");
            assertThat(data.get("id").asLong()).isEqualTo(id);
            assertThat(data.get("reason").asText()).isEqualTo("idle_paused");
            assertThat(data.get("actor").asText()).isEqualTo("policy");
            assertThat(data.get("from_status").asText()).isEqualTo("running");
            assertThat(data.get("to_status").asText()).isEqualTo("paused");
            assertThat(data.has("at")).isTrue();
            assertThat(data.has("user_id")).isFalse();

            long theirId = recordOnAnotherReplica(other, "their-app", "r", "paused");
            SseClient.Event their = theirs.nextEvent(WAIT);
            assertThat(their).isNotNull();
            assertThat(their.id()).as("another user's event never appears").isEqualTo(Long.toString(theirId));
            assertThat(mine.nextEvent(Duration.ofSeconds(2))).as("another user's event never appears").isNull();
        }
    }

    /**
     * The stream's bytes cut into frames (each up to and with its blank line), read on a thread of their own: exactly
     * what a client receives.
     */
    private static BlockingQueue<String> rawFrames(InputStream body) {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            int previous = -1;
            try (body) {
                for (int next = body.read(); next != -1; next = body.read()) {
                    frame.write(next);
                    if (next == '\n' && previous == '\n') {
                        frames.add(frame.toString(StandardCharsets.UTF_8));
                        frame.reset();
                    }
                    previous = next;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "sse-raw-frames");
        reader.setDaemon(true);
        reader.start();
        return frames;
    }

    @Test
    void writesEachFrameByteForByteAsTheReadmeShowsIt() throws Exception {
        String user = newUser();
        HttpRequest request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream").header("X-User-UUID", user).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS);
        try (InputStream body = response.body()) {
            BlockingQueue<String> frames = rawFrames(body);
            assertThat(frames.poll(10, TimeUnit.SECONDS)).isEqualTo(":runtime events of this user\n\n");
            long id = recordOnAnotherReplica(user, "far-app", "far-riff", "paused");

            String event = frames.poll(10, TimeUnit.SECONDS);
            String keepAlive = null;
            while (":keep-alive\n\n".equals(event)) {
                keepAlive = event;
                event = frames.poll(10, TimeUnit.SECONDS);
            }
            assertThat(event).matches("id: " + id + "\nevent: runtime\ndata: \\{\"app_slug\":\"far-app\",[^\n]*\\}\n\n");
            JsonNode data = JSON.readTree(event.substring(event.indexOf("data: ") + "data: ".length()));
            assertThat(data.get("id").asLong()).isEqualTo(id);
            assertThat(keepAlive != null ? keepAlive : frames.poll(10, TimeUnit.SECONDS)).isEqualTo(":keep-alive\n\n");
        }
    }

    @Test
    void refusesAStreamOfAnAppThatIsNotTheUsers() throws Exception {
        String user = newUser();
        createApp(user, "mine");
        SseClient unknown = SseClient.open(URI.create(events + "?app=unknown"), user, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body(WAIT)).get("error").asText()).isEqualTo("App not found");
        SseClient theirs = SseClient.open(URI.create(events + "?app=mine"), newUser(), null);
        assertThat(theirs.status()).as("another user's app").isEqualTo(404);
    }

    @Test
    void streamsTheUsersOwnChangesAndFiltersByApp() throws Exception {
        String user = newUser();
        createApp(user, "b");
        try (SseClient all = stream(user, null, null); SseClient onlyB = stream(user, "app=b", null)) {
            newRiff(user, "a", "r");
            SseClient.Event started = all.nextEvent(WAIT);
            assertThat(started).isNotNull();
            assertThat(JSON.readTree(started.data()).get("reason").asText()).isEqualTo("started");
            assertThat(JSON.readTree(started.data()).get("app_slug").asText()).isEqualTo("a");
            long id = recordOnAnotherReplica(user, "b", "r", "paused");
            SseClient.Event ofB = onlyB.nextEvent(WAIT);
            assertThat(ofB).isNotNull();
            assertThat(ofB.id()).isEqualTo(Long.toString(id));
        }
    }

    @Test
    void replaysTheEventsMissedSinceLastEventIdThenGoesLive() throws Exception {
        String user = newUser();
        newRiff(user, "app", "r");
        as(user).post("/api/apps/app/riffs/r/runtime/pause").then().statusCode(200);
        List<RuntimeEvent> recorded = QuarkusTransaction.requiringNew().call(() -> ledger.listOfUserAfter(user, null, 0, 100));
        assertThat(recorded).hasSizeGreaterThanOrEqualTo(2);
        long firstId = recorded.get(0).id();

        try (SseClient resumed = stream(user, null, Long.toString(firstId))) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i < recorded.size(); i++) {
                SseClient.Event missed = resumed.nextEvent(WAIT);
                assertThat(missed).isNotNull();
                ids.add(missed.id());
            }
            assertThat(ids).containsExactlyElementsOf(recorded.subList(1, recorded.size()).stream().map(e -> Long.toString(e.id())).toList());
            long live = recordOnAnotherReplica(user, "app", "r", "observed");
            SseClient.Event next = resumed.nextEvent(WAIT);
            assertThat(next).isNotNull();
            assertThat(next.id()).isEqualTo(Long.toString(live));
            assertThat(resumed.nextEvent(Duration.ofSeconds(2))).as("no event twice").isNull();
        }
    }

    @Test
    void sendsKeepAliveComments() throws Exception {
        try (SseClient quiet = stream(newUser(), null, null)) {
            assertThat(quiet.awaitComment(Duration.ofSeconds(5))).isEqualTo(":keep-alive");
        }
    }

    @Test
    void boundsTheOpenStreamsOfAReplica() throws Exception {
        String user = newUser();
        List<SseClient> open = new ArrayList<>();
        try {
            SseClient refused = null;
            for (int i = 0; i < 20 && refused == null; i++) {
                SseClient client = SseClient.open(events, user, null);
                if (client.status() == 503) {
                    refused = client;
                } else {
                    open.add(client);
                }
            }
            assertThat(refused).as("a stream beyond the bound").isNotNull();
            assertThat(refused.response().headers().firstValue("Retry-After")).hasValue("5");
            String body = refused.body(WAIT);
            assertThat(JSON.readTree(body).get("error").asText()).isEqualTo("Too many event streams on this replica; try again shortly");
        } finally {
            open.forEach(SseClient::close);
        }
        await().atMost(WAIT).until(() -> hub.openStreams() == 0);
    }

    @Test
    void refusesStreamsWithoutAUserOrWithBadParameters() throws Exception {
        SseClient anonymous = SseClient.open(events, null, null);
        assertThat(anonymous.status()).isEqualTo(400);
        SseClient badApp = SseClient.open(URI.create(events + "?app=Bad_App"), newUser(), null);
        assertThat(badApp.status()).isEqualTo(400);
        SseClient badId = SseClient.open(events, newUser(), "yesterday");
        assertThat(badId.status()).isEqualTo(400);
    }
}
