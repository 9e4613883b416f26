package dev.vibe.riffs.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client for tests: reads the stream's lines on a thread of its own, events on demand. */
public final class SseClient implements AutoCloseable {

    /** One event of the stream: its id, name and data lines. */
    public record Event(String id, String name, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed
            }
        }, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(URI uri, String userId, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30));
        if (userId != null) {
            request.header("X-User-UUID", userId);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        return new SseClient(response);
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<Stream<String>> response() {
        return response;
    }

    /** The next line, or null after the timeout. */
    String nextLine(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The lines received within the timeout, joined: the body of an answer that is not a stream. */
    public String body(Duration timeout) throws InterruptedException {
        StringBuilder body = new StringBuilder();
        String line;
        while ((line = nextLine(timeout)) != null) {
            body.append(line).append('\n');
            timeout = Duration.ofMillis(200);
        }
        return body.toString();
    }

    /** Waits for the first comment line (the stream is registered by then). */
    public String awaitComment(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = nextLine(Duration.ofMillis(100));
            if (line != null && line.startsWith(":")) {
                return line;
            }
        }
        return null;
    }

    /** The next event (comments skipped), or null after the timeout. */
    public Event nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String id = null;
        String name = null;
        List<String> data = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = nextLine(Duration.ofMillis(50));
            if (line == null || line.startsWith(":")) {
                continue;
            }
            if (line.isEmpty()) {
                if (id != null || name != null || !data.isEmpty()) {
                    return new Event(id, name, String.join("\n", data));
                }
                continue;
            }
            if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.add(line.substring(5).strip());
            }
        }
        return null;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
