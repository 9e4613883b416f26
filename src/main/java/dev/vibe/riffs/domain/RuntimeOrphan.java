package dev.vibe.riffs.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A runtime of this deployment that no riff holds, as the orphan sweep found it; gone once it is no longer one. */
@Entity
@Table(name = "runtime_orphans")
public class RuntimeOrphan {

    @Id
    @Column(name = "runtime_id")
    public String runtimeId;

    @Column(name = "session_id", nullable = false, updatable = false)
    public String sessionId;

    @Column(name = "first_seen_at", nullable = false, updatable = false)
    public Instant firstSeenAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;
}
