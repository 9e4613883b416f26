-- Lifecycle policy: the last request that concerned a riff (idle auto-pause, eviction at the per-user cap).
ALTER TABLE riffs ADD COLUMN last_activity_at TIMESTAMPTZ;
UPDATE riffs SET last_activity_at = created_at;

-- The idle scan takes the running riffs whose activity is oldest.
CREATE INDEX ix_riffs_idle ON riffs ((coalesce(last_activity_at, created_at))) WHERE runtime_status = 'running';

-- The per-user cap counts a user's riffs that hold a slot (starting or running) under a per-user advisory lock.
CREATE INDEX ix_riffs_user_slots ON riffs (user_id) WHERE runtime_status IN ('starting', 'running');
