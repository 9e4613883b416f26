-- The runtime event ledger: every change of a riff's runtime, recorded in the transaction that makes it. Events
-- outlive their riff (usage is computed from them), so riff_id has no foreign key and the user, app and riff slugs
-- are copied onto each event.
CREATE TABLE runtime_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    user_id     TEXT        NOT NULL,
    app_slug    TEXT        NOT NULL,
    riff_slug   TEXT        NOT NULL,
    riff_id     BIGINT,
    runtime_id  TEXT,
    from_status TEXT,
    to_status   TEXT,
    reason      TEXT        NOT NULL,
    actor       TEXT        NOT NULL CHECK (actor IN ('request', 'reconciler', 'policy')),
    detail      TEXT
);

-- A riff's events, newest first (the events endpoint, usage).
CREATE INDEX ix_runtime_events_riff ON runtime_events (riff_id, id DESC);
-- A user's events after an id (the stream's replay) and in a time range (usage).
CREATE INDEX ix_runtime_events_user ON runtime_events (user_id, id);
-- Retention deletes the oldest events.
CREATE INDEX ix_runtime_events_at ON runtime_events (at);
-- The stop of a deleted riff's runtime is attributed through the runtime's last event.
CREATE INDEX ix_runtime_events_runtime ON runtime_events (runtime_id, id DESC) WHERE runtime_id IS NOT NULL;
