-- The regular status refresh goes through the live riffs bucket by bucket (a riff's bucket is its id modulo 1024),
-- and records when each bucket was last checked here, in a row of 1,024, instead of rewriting every riff it checks:
-- at 100,000 live riffs the refresh checks over 3,000 riffs a second, and each rewrite of runtime_status_at (an indexed
-- column) wrote the entries of all of the riffs' indexes too (issue 16). A riff is written only when its status changed.
-- The live riffs of a bucket. The expression must stay written as mod(id, 1024) for the planner to use it.
CREATE INDEX ix_riffs_refresh_bucket ON riffs ((mod(id, 1024)))
    WHERE runtime_id IS NOT NULL AND (runtime_status IS NULL OR runtime_status NOT IN ('stopped', 'missing'));

-- A bucket counts as checked when its oldest live status was stored (now, when it holds no live riff), so the refresh
-- takes the oldest first and the status age gauge tells the truth from the start.
CREATE TABLE runtime_refresh_buckets (
    bucket     INTEGER PRIMARY KEY CHECK (bucket >= 0 AND bucket < 1024),
    checked_at TIMESTAMPTZ NOT NULL
);
INSERT INTO runtime_refresh_buckets (bucket, checked_at)
SELECT g, coalesce((SELECT min(coalesce(runtime_status_at, created_at)) FROM riffs
                    WHERE mod(id, 1024) = g
                      AND runtime_id IS NOT NULL AND (runtime_status IS NULL OR runtime_status NOT IN ('stopped', 'missing'))),
                   now())
FROM generate_series(0, 1023) g;

-- The age order of stored statuses is no longer how the refresh finds its work; one index fewer to write.
DROP INDEX ix_riffs_status_age;
