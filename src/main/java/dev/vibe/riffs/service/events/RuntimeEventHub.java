package dev.vibe.riffs.service.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeEventsConfig;
import dev.vibe.riffs.domain.RuntimeEvent;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * This replica's open event streams, by user: the listener ({@link RuntimeEventListener}) hands it every committed event
 * of any replica, and it passes each to the streams of the event's user. A stream is a callback, not a thread: idle
 * streams hold no worker thread and no database connection. At most {@code runtime-events.max-streams} are open.
 */
@ApplicationScoped
public class RuntimeEventHub {

    /** One open stream. Its methods must not block: they are called on the listener's thread. */
    public interface Subscriber {

        /** Passes one of the user's events on; false once the stream is closed. */
        boolean deliver(RuntimeEvent event);

        /** Sends a keep-alive comment; false once the stream is closed. */
        boolean keepAlive();

        /** The app whose events the stream wants, or null for all of the user's. */
        String appSlug();
    }

    private final Map<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final int maxStreams;

    RuntimeEventHub(RuntimeEventsConfig config) {
        this.maxStreams = config.maxStreams();
    }

    /**
     * Opens a stream of the user's events.
     *
     * @throws TooManyStreamsException when this replica has as many streams as it may
     */
    public void open(String userId, Subscriber subscriber) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            Log.infof("Event stream refused: %d streams open on this replica", maxStreams);
            throw new TooManyStreamsException();
        }
        byUser.computeIfAbsent(userId, user -> ConcurrentHashMap.newKeySet()).add(subscriber);
        Log.debugf("Event stream opened; %d open", open.get());
    }

    public void close(String userId, Subscriber subscriber) {
        Set<Subscriber> streams = byUser.get(userId);
        if (streams != null && streams.remove(subscriber)) {
            open.decrementAndGet();
            byUser.computeIfPresent(userId, (user, left) -> left.isEmpty() ? null : left);
            Log.debugf("Event stream closed; %d open", open.get());
        }
    }

    public int openStreams() {
        return open.get();
    }

    /** Passes committed events, in id order, to the streams of their users. */
    void dispatch(List<RuntimeEvent> events) {
        for (RuntimeEvent event : events) {
            Set<Subscriber> streams = byUser.get(event.userId());
            if (streams == null) {
                continue;
            }
            for (Subscriber stream : streams) {
                if (stream.appSlug() != null && !stream.appSlug().equals(event.appSlug())) {
                    continue;
                }
                if (!stream.deliver(event)) {
                    close(event.userId(), stream);
                }
            }
        }
    }

    /** A comment on every open stream, so that proxies keep idle streams open; closed streams are dropped. */
    @Scheduled(identity = "runtime-events-keep-alive", every = "${runtime-events.keep-alive:15S}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void keepAlive() {
        byUser.forEach((user, streams) -> streams.forEach(stream -> {
            if (!stream.keepAlive()) {
                close(user, stream);
            }
        }));
    }
}
