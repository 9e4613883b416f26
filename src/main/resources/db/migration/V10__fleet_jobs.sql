-- Fleet jobs that work together (idle clock, fast status rechecks) and the indexes their statements use at a
-- million riffs (docs/query-plans.md shows the plans; bench/query-plans.sh makes them again).

-- When the riff's current runtime was started, resumed or adopted (or seen coming back to life): the idle clock
-- counts from the later of this and the riff's last activity, so a runtime the catch-up has just started for a riff
-- untouched for an hour is not idle.
ALTER TABLE riffs ADD COLUMN runtime_started_at TIMESTAMPTZ;

-- When the status refresh's fast lane looks at the riff's runtime next: a runtime that is starting, or that a request
-- has just changed, is looked at again within seconds rather than at the next regular refresh. Null: no hurry.
ALTER TABLE riffs ADD COLUMN runtime_recheck_at TIMESTAMPTZ;
UPDATE riffs SET runtime_recheck_at = now() WHERE runtime_id IS NOT NULL AND runtime_status = 'starting';

-- The idle scan takes the running riffs idle the longest, idle since the later of their activity and their start.
DROP INDEX ix_riffs_idle;
CREATE INDEX ix_riffs_idle ON riffs ((greatest(coalesce(last_activity_at, created_at), runtime_started_at))) WHERE runtime_status = 'running';

-- The fast lane takes the riffs whose recheck is due, soonest first (few rows: only those with a recheck pending).
CREATE INDEX ix_riffs_recheck ON riffs (runtime_recheck_at) WHERE runtime_recheck_at IS NOT NULL;

-- An app's riffs newest first, in pages keyed on (created_at, id): the index gives that order without a sort.
DROP INDEX ix_riffs_app_created;
CREATE INDEX ix_riffs_app_created ON riffs (app_id, created_at DESC, id DESC);

-- Only a riff without a runtime is due a start: next_start_at is null whenever runtime_id is set (a failed reset of a
-- riff with a runtime used to set it). The catch-up then selects on next_start_at alone, in this index's order:
-- asked for runtime_id IS NULL as well, the planner multiplied the two selectivities and sorted every riff without a
-- runtime for each batch of a catch-up.
UPDATE riffs SET next_start_at = NULL WHERE runtime_id IS NOT NULL AND next_start_at IS NOT NULL;
-- The catch-up relies on it (a riff with a runtime and a next_start_at would hold a place at the head of every batch
-- without ever being claimed), so the schema enforces it.
ALTER TABLE riffs ADD CONSTRAINT ck_riffs_start_due_without_runtime CHECK (runtime_id IS NULL OR next_start_at IS NULL);
DROP INDEX ix_riffs_start_due;
CREATE INDEX ix_riffs_start_due ON riffs (next_start_at) WHERE next_start_at IS NOT NULL;
