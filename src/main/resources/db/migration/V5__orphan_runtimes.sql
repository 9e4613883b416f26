-- Runtimes of this deployment that no riff holds, as the orphan sweep sees them. The row is written once, by the
-- sweep (on any replica) that finds the orphan first, which is the one that logs it; last_seen_at is renewed at each
-- sweep that still finds it, and the row is deleted by the first sweep that does not. first_seen_at starts the grace
-- period before the sweep may stop the runtime.
CREATE TABLE runtime_orphans (
    runtime_id    VARCHAR(255)  PRIMARY KEY,
    session_id    VARCHAR(320)  NOT NULL,
    first_seen_at TIMESTAMPTZ   NOT NULL,
    last_seen_at  TIMESTAMPTZ   NOT NULL
);

-- The sweep compares the runtime-api's /list with the riffs in bulk, by runtime id and by session id.
CREATE INDEX ix_riffs_runtime_id ON riffs (runtime_id) WHERE runtime_id IS NOT NULL;
CREATE INDEX ix_riffs_session_id ON riffs (session_id);
