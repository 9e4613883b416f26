package dev.vibe.riffs.rest.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.domain.RuntimeEvent;
import dev.vibe.riffs.rest.events.RuntimeEventResponses.StreamedRuntimeEvent;
import dev.vibe.riffs.service.events.RuntimeEventHub;
import io.quarkus.logging.Log;

/**
 * One open {@code GET /api/events} stream: writes each event as {@code id}, {@code event: runtime} and JSON
 * {@code data}, without blocking (sends are queued on the connection). While the events a reconnecting client missed
 * are replayed from the ledger, live events wait, and those the replay sent already are not sent twice.
 * <p>
 * Quarkus REST writes each field as {@code name:value} and no other line when the event has no media type. The SSE
 * format drops one space after the colon, so each value is given with a leading space: the frames read
 * {@code id: 42}, {@code event: runtime}, {@code data: {...}} as the README shows them, and every client reads the same
 * values as without it.
 */
final class EventStream implements RuntimeEventHub.Subscriber {

    static final String EVENT_NAME = "runtime";

    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper json;
    private final String appSlug;
    private List<RuntimeEvent> waiting;
    private Set<Long> replayed = Set.of();
    private volatile boolean failed;

    EventStream(SseEventSink sink, Sse sse, ObjectMapper json, String appSlug, boolean replaying) {
        this.sink = sink;
        this.sse = sse;
        this.json = json;
        this.appSlug = appSlug;
        this.waiting = replaying ? new ArrayList<>() : null;
    }

    @Override
    public String appSlug() {
        return appSlug;
    }

    @Override
    public synchronized boolean deliver(RuntimeEvent event) {
        if (closed()) {
            return false;
        }
        if (waiting != null) {
            waiting.add(event);
        } else if (!replayed.contains(event.id())) {
            send(event);
        }
        return true;
    }

    /** Sends the missed events, then the live ones that arrived meanwhile, and goes live. */
    synchronized void replay(List<RuntimeEvent> missed) {
        Set<Long> sent = new HashSet<>();
        for (RuntimeEvent event : missed) {
            send(event);
            sent.add(event.id());
        }
        List<RuntimeEvent> live = waiting == null ? List.of() : waiting;
        waiting = null;
        live.stream().sorted(Comparator.comparingLong(RuntimeEvent::id)).filter(event -> !sent.contains(event.id())).forEach(this::send);
        replayed = sent;
    }

    @Override
    public synchronized boolean keepAlive() {
        if (closed()) {
            return false;
        }
        comment("keep-alive");
        return true;
    }

    synchronized void comment(String text) {
        write(sse.newEventBuilder().comment(text).build());
    }

    boolean closed() {
        return failed || sink.isClosed();
    }

    private void send(RuntimeEvent event) {
        String data;
        try {
            data = json.writeValueAsString(StreamedRuntimeEvent.of(event));
        } catch (JsonProcessingException e) {
            Log.warnf("Runtime event %d not streamed: %s", event.id(), e.getMessage());
            return;
        }
        write(sse.newEventBuilder().id(spaced(Long.toString(event.id()))).name(spaced(EVENT_NAME)).data(String.class, spaced(data))
                .build());
    }

    private static String spaced(String value) {
        return " " + value;
    }

    private void write(OutboundSseEvent event) {
        sink.send(event).exceptionally(error -> {
            failed = true;
            Log.debugf("Event stream closed by its client: %s", error.getMessage());
            return null;
        });
    }
}
