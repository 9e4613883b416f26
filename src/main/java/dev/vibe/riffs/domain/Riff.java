package dev.vibe.riffs.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A line of work inside an app, with the runtime (remote sandbox) that the runtime-api runs for it.
 * The runtime fields are all null while the riff has no runtime.
 */
@Entity
@Table(name = "riffs")
public class Riff {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false, updatable = false)
    public App app;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Column(nullable = false, updatable = false)
    public String slug;

    public String description;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "last_message_at")
    public Instant lastMessageAt;

    @Column(name = "message_count", nullable = false)
    public int messageCount;

    /** The runtime-api session of the riff, fixed at creation. */
    @Column(name = "session_id", nullable = false, updatable = false)
    public String sessionId;

    @Column(name = "runtime_id")
    public String runtimeId;

    @Column(name = "runtime_url")
    public String runtimeUrl;

    @Column(name = "session_api_key")
    public String sessionApiKey;

    @Column(name = "runtime_status")
    @Convert(converter = RuntimeStatus.Column.class)
    public RuntimeStatus runtimeStatus;

    @Column(name = "runtime_status_at")
    public Instant runtimeStatusAt;

    @Column(name = "runtime_error")
    public String runtimeError;

    /**
     * The last request that concerned the riff (get, reset, status, pause, resume, keep-alive), recorded at most once
     * per few seconds; null for a riff without any yet (its {@code created_at} counts then).
     */
    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    /**
     * When the riff's current runtime was started, resumed or adopted (or seen coming back to life); the idle clock
     * counts from the later of this and {@link #lastActivityAt}. Null for a riff without a runtime yet.
     */
    @Column(name = "runtime_started_at")
    public Instant runtimeStartedAt;

    /** When the status refresh's fast lane looks at the runtime next (it is starting, or a request just changed it); null: no hurry. */
    @Column(name = "runtime_recheck_at")
    public Instant runtimeRecheckAt;

    /** When the reconciler may next try to give this riff (still without a runtime) a runtime. */
    @Column(name = "next_start_at")
    public Instant nextStartAt;

    /** Failed starts in a row that were the riff's own (not an outage): the pause before the next grows with them. */
    @Column(name = "start_attempts", nullable = false)
    public int startAttempts;

    /** Token of the request or reconciler run that is changing the runtime now, if any (see {@code RiffClaims}). */
    @Column(name = "runtime_claim")
    public String runtimeClaim;

    @Column(name = "runtime_claim_until")
    public Instant runtimeClaimUntil;

    @Version
    @Column(nullable = false)
    public long version;

    @Override
    public String toString() {
        // Never print the session API key.
        return "Riff[id=" + id + ", slug=" + slug + ", runtimeId=" + runtimeId + ", runtimeStatus=" + RuntimeStatus.wireOf(runtimeStatus) + "]";
    }
}
