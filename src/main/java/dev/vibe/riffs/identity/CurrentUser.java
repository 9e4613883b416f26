package dev.vibe.riffs.identity;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/** The id of the user making this request, from the validated {@code X-User-UUID} header or bearer token. */
@RequestScoped
public class CurrentUser {

    private String id;
    private boolean warmingUp;

    public void set(String id) {
        this.id = id;
    }

    /** The user of one of this process's own warm-up requests ({@link WarmUpPass}). */
    public void setWarmingUp(String id) {
        this.id = id;
        this.warmingUp = true;
    }

    /** Whether this request is one of the process's own warm-up requests, whose riff requests are no activity. */
    public boolean warmingUp() {
        return warmingUp;
    }

    /**
     * Makes this request context's user the one of the request that work on another thread continues (a create or
     * reset detached from its request), so that the work's runtime-api calls count against that user's share.
     */
    public void continueFor(Optional<String> user) {
        this.id = user.orElse(null);
    }

    /** The user, when this request has one (a request of another route, or no request at all, has none). */
    public Optional<String> known() {
        return Optional.ofNullable(id);
    }

    public String id() {
        if (id == null) {
            throw new IllegalStateException("No user on this request");
        }
        return id;
    }
}
