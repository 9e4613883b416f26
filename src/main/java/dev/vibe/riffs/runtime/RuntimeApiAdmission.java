package dev.vibe.riffs.runtime;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.config.RuntimeApiConfig;
import dev.vibe.riffs.identity.CurrentUser;
import dev.vibe.riffs.identity.PerUserCounts;
import dev.vibe.riffs.logging.ThrottledWarning;
import dev.vibe.riffs.runtime.errors.RuntimeApiOverloadedException;
import dev.vibe.riffs.runtime.errors.RuntimeApiUserOverloadedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Startup;

/**
 * This replica's limit on runtime-api calls in flight, with a bounded queue in front of it: a call beyond the
 * limit waits its turn (first come, first served) for at most {@code runtime-api.concurrency.queue-wait}; when the
 * queue is full or the wait is over, that one call is refused with {@link RuntimeApiOverloadedException}.
 * <p>
 * Fair shares: a call made for a user's request counts against that user's share
 * ({@code runtime-api.concurrency.user-share}), in flight and waiting together; one beyond it is refused at once with
 * {@link RuntimeApiUserOverloadedException}, before it takes a place in the queue, so a user's flood fills neither the
 * slots nor the queue of the others. Calls made outside a request (the reconciler, the orphan sweep, work that goes
 * on after its request was answered) have no user and only the replica's limit applies to them.
 * <p>
 * It sits outside the circuit breaker on purpose: SmallRye Fault Tolerance's bulkhead rejects synchronous calls at
 * once (its synchronous queueing has no wait bound but the call's timeout, which the breaker would count), and
 * neither a full queue nor a long wait says anything about the runtime-api's health.
 */
@Startup
@ApplicationScoped
public class RuntimeApiAdmission {

    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int queueSize;
    private final long queueWaitNanos;
    private final Counter refused;
    private final ThrottledWarning overload = new ThrottledWarning("Runtime-api calls refused by this replica's limit",
            Duration.ofSeconds(10));
    private final CurrentUser currentUser;
    /** Calls in flight or waiting, by user. */
    private final PerUserCounts heldByUser;
    private final Counter refusedForUser;
    private final ThrottledWarning userOverload = new ThrottledWarning(
            "Runtime-api calls refused because their user held their whole share of this replica's limit", Duration.ofSeconds(10));

    public RuntimeApiAdmission(RuntimeApiConfig config, MeterRegistry registry, CurrentUser currentUser) {
        RuntimeApiConfig.Concurrency limits = config.concurrency();
        this.currentUser = currentUser;
        this.heldByUser = new PerUserCounts(limits.maxPerUser());
        this.slots = new Semaphore(limits.maxInFlight(), true);
        this.queueSize = limits.queueSize();
        this.queueWaitNanos = limits.queueWait().toNanos();
        this.refused = Counter.builder("runtime_api_calls_refused")
                .description("Runtime-api calls this replica refused because its own limit was reached (not made)")
                .register(registry);
        this.refusedForUser = Counter.builder("runtime_api_user_calls_refused")
                .description("Runtime-api calls refused (429) because their user held their whole share of this replica's limit")
                .register(registry);
        Gauge.builder("runtime_api_calls_in_flight", slots, s -> limits.maxInFlight() - s.availablePermits())
                .description("Runtime-api calls in flight from this replica")
                .register(registry);
        Gauge.builder("runtime_api_calls_waiting", waiting, AtomicInteger::get)
                .description("Runtime-api calls waiting for a free slot")
                .register(registry);
    }

    /** Runs the call in a free slot, after waiting for one if need be, within the share of the request's user. */
    public <T> T run(Supplier<T> call) {
        String user = requestUser();
        if (user != null) {
            holdUserShare(user);
        }
        try {
            admit();
            try {
                return call.get();
            } finally {
                slots.release();
            }
        } finally {
            if (user != null) {
                heldByUser.giveBack(user);
            }
        }
    }

    private String requestUser() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return currentUser.known().orElse(null);
    }

    private void holdUserShare(String user) {
        if (!heldByUser.tryTake(user)) {
            refusedForUser.increment();
            userOverload.record("a user held " + heldByUser.limit() + " calls");
            throw new RuntimeApiUserOverloadedException("Too many runtime-api calls of this user in progress; try again shortly");
        }
    }

    private void admit() {
        try {
            // Zero-wait tryAcquire honours the queue's order, unlike the untimed one.
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            if (waiting.incrementAndGet() > queueSize) {
                waiting.decrementAndGet();
                throw refuse("too many runtime-api calls waiting on this replica");
            }
            try {
                if (!slots.tryAcquire(queueWaitNanos, TimeUnit.NANOSECONDS)) {
                    throw refuse("no free slot for a runtime-api call in time on this replica");
                }
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refuse("interrupted while waiting for a runtime-api call slot");
        }
    }

    private RuntimeApiOverloadedException refuse(String reason) {
        refused.increment();
        overload.record(reason);
        return new RuntimeApiOverloadedException("Too many runtime-api calls in progress; try again shortly");
    }
}
