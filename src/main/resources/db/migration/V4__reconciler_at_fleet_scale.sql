-- Provisioning by the reconciler: a riff whose start failed is tried again at next_start_at, after pauses that grow
-- with start_attempts, so that a riff the runtime-api keeps refusing never delays the others.
ALTER TABLE riffs ADD COLUMN next_start_at  TIMESTAMPTZ;
ALTER TABLE riffs ADD COLUMN start_attempts INTEGER NOT NULL DEFAULT 0;
UPDATE riffs SET next_start_at = created_at WHERE runtime_id IS NULL;

DROP INDEX ix_riffs_without_runtime;
CREATE INDEX ix_riffs_start_due ON riffs (next_start_at) WHERE runtime_id IS NULL;

-- The status refresh takes the riffs whose stored status is oldest, among those whose runtime may still change.
DROP INDEX ix_riffs_status_age;
CREATE INDEX ix_riffs_status_age ON riffs (runtime_status_at NULLS FIRST)
    WHERE runtime_id IS NOT NULL AND (runtime_status IS NULL OR runtime_status NOT IN ('stopped', 'missing'));
