package dev.vibe.riffs.rest;

import jakarta.enterprise.context.RequestScoped;

/** The id of the user making this request, from the validated {@code X-User-UUID} header. */
@RequestScoped
public class CurrentUser {

    private String id;

    void set(String id) {
        this.id = id;
    }

    public String id() {
        if (id == null) {
            throw new IllegalStateException("No user on this request");
        }
        return id;
    }
}
