package dev.vibe.riffs.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stop owed to the runtime-api for the runtime of a deleted riff; gone once the runtime is stopped. */
@Entity
@Table(name = "runtime_stops")
public class RuntimeStop {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "runtime_id", nullable = false, updatable = false)
    public String runtimeId;

    @Column(name = "session_id", nullable = false, updatable = false)
    public String sessionId;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;
}
