-- Runtime work never holds a row lock or a connection while it waits on the runtime-api. A request or reconciler
-- that changes a riff's runtime claims the riff instead, for a bounded time, so that one runtime per riff still
-- holds across requests and replicas and a replica that dies mid-call blocks its riff no longer than the claim.
ALTER TABLE riffs ADD COLUMN runtime_claim       VARCHAR(64);
ALTER TABLE riffs ADD COLUMN runtime_claim_until TIMESTAMPTZ;

-- The riff's runtime-api session, fixed when the riff is created, so that a change of how new sessions are named
-- never moves an existing riff to another session.
ALTER TABLE riffs ADD COLUMN session_id VARCHAR(320);
UPDATE riffs r SET session_id = r.user_id || ':' || a.slug || ':' || r.slug FROM apps a WHERE a.id = r.app_id;
ALTER TABLE riffs ALTER COLUMN session_id SET NOT NULL;
