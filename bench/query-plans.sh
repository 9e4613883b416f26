#!/usr/bin/env bash
# The plans of the statements the service's jobs and hot reads run, at a million riffs: fills a scratch database
# with riffs of realistic distributions, runs EXPLAIN (ANALYZE, BUFFERS) on each statement (inside a transaction that
# is rolled back, so that the UPDATE ... RETURNING of the jobs change nothing) and writes docs/query-plans.md.
#
#   bench/query-plans.sh                       1,000,000 riffs (about 2 minutes on the project's machine)
#   PLANS_RIFFS=100000 bench/query-plans.sh    smaller, while iterating
#
# Needs what the README's "Run it, test it" needs: PostgreSQL at 127.0.0.1:5432, user postgres, trust auth, and
# psql, createdb, dropdb. The database vibe_plans is dropped and made again; nothing else is touched.
set -euo pipefail

cd "$(dirname "$0")/.."

PLANS_RIFFS=${PLANS_RIFFS:-1000000}
PLANS_OUT=${PLANS_OUT:-docs/query-plans.md}
DATABASE=vibe_plans
PG=(-h 127.0.0.1 -U postgres)
USERS=$(( PLANS_RIFFS / 20 ))           # 20 riffs per user on average
APPS=$(( PLANS_RIFFS / 5 ))             # 5 riffs per app on average, and one app with 10,000 (the list pages)
EVENTS=$(( PLANS_RIFFS * 2 ))           # runtime events of the last 30 days

log() { printf '\n==> %s\n' "$*" >&2; }
sql() { psql "${PG[@]}" -d "$DATABASE" -v ON_ERROR_STOP=1 -qtAc "$1"; }

log "Scratch database $DATABASE"
dropdb "${PG[@]}" --if-exists "$DATABASE"
createdb "${PG[@]}" "$DATABASE"

log "Schema: the service's Flyway migrations, in order"
for migration in $(ls src/main/resources/db/migration/V*__*.sql | sort -V); do
    psql "${PG[@]}" -d "$DATABASE" -v ON_ERROR_STOP=1 -q -f "$migration"
done

log "Filling: $USERS users, $APPS apps, $PLANS_RIFFS riffs, $EVENTS runtime events, 5,000 owed stops"
psql "${PG[@]}" -d "$DATABASE" -v ON_ERROR_STOP=1 -q <<SQL
SELECT setseed(0.16);
-- Apps: user u-<n>, created over the last year. App 1 is the big one (10,000 riffs) of user u-1.
INSERT INTO apps (user_id, slug, name, created_at, created_by)
SELECT 'u-' || (1 + (n - 1) % $USERS), 'app-' || n, 'App ' || n, now() - random() * interval '365 days', 'u-' || (1 + (n - 1) % $USERS)
FROM generate_series(1, $APPS) n;

-- Riffs: 10,000 in app 1, the rest spread over the apps. Statuses as a fleet has them after weeks of use: most
-- runtimes paused or gone, about a tenth running, a few starting, queued or still without a runtime.
WITH r AS (
    SELECT n, CASE WHEN n <= 10000 THEN 1 ELSE 1 + floor(random() * $APPS)::int END AS app_id, random() AS s,
           now() - random() * interval '365 days' AS created
    FROM generate_series(1, $PLANS_RIFFS) n
)
INSERT INTO riffs (app_id, user_id, slug, description, created_at, created_by, session_id, runtime_id, runtime_url,
                   session_api_key, runtime_status, runtime_status_at, runtime_error, last_activity_at, next_start_at,
                   runtime_started_at, runtime_recheck_at, runtime_claim, runtime_claim_until)
SELECT r.app_id, a.user_id, 'riff-' || r.n, 'riff ' || r.n, r.created, a.user_id, a.user_id || ':' || a.slug || ':riff-' || r.n,
       CASE WHEN st.status IS NULL OR st.status = 'queued' THEN NULL ELSE 'rt-' || r.n END,
       CASE WHEN st.status IS NULL OR st.status = 'queued' THEN NULL ELSE 'https://rt-' || r.n || '.runtime.example' END,
       CASE WHEN st.status IS NULL OR st.status = 'queued' THEN NULL ELSE md5(r.n::text) END,
       st.status,
       CASE WHEN st.status IN ('stopped', 'missing', 'error') THEN r.created + random() * (now() - r.created)
            WHEN st.status IS NULL THEN NULL
            ELSE now() - random() * interval '60 seconds' END,
       CASE WHEN st.status = 'queued' THEN 'Runtime cap reached' WHEN st.status IS NULL THEN 'runtime-api unavailable' END,
       r.created + random() * (now() - r.created),
       CASE WHEN st.status IS NULL OR st.status = 'queued' THEN now() - random() * interval '1 hour' END,
       CASE WHEN st.status IN ('starting', 'running', 'paused') THEN now() - random() * interval '2 hours' END,
       CASE WHEN st.status = 'starting' THEN now() + (random() * 10 - 5) * interval '1 second'
            WHEN r.s < 0.001 THEN now() + random() * interval '2 seconds' END,
       CASE WHEN r.s > 0.999 THEN md5('claim' || r.n) END,
       CASE WHEN r.s > 0.999 THEN now() + interval '30 seconds' END
FROM r
JOIN apps a ON a.id = r.app_id
CROSS JOIN LATERAL (SELECT CASE WHEN r.s < 0.01 THEN NULL
                                WHEN r.s < 0.02 THEN 'queued'
                                WHEN r.s < 0.03 THEN 'starting'
                                WHEN r.s < 0.11 THEN 'running'
                                WHEN r.s < 0.66 THEN 'paused'
                                WHEN r.s < 0.91 THEN 'stopped'
                                WHEN r.s < 0.97 THEN 'missing'
                                ELSE 'error' END AS status) st;
-- Riffs still starting since a while have their runtime started long ago.
UPDATE riffs SET runtime_started_at = now() - random() * interval '10 minutes' WHERE runtime_status = 'starting';

-- Runtime events of the last 30 days, spread over the riffs.
INSERT INTO runtime_events (at, user_id, app_slug, riff_slug, riff_id, runtime_id, from_status, to_status, reason, actor)
SELECT now() - random() * interval '30 days', r.user_id, 'app-' || r.app_id, r.slug, r.id, r.runtime_id,
       (ARRAY['starting', 'running', 'paused'])[1 + floor(random() * 3)::int],
       (ARRAY['starting', 'running', 'paused', 'running'])[1 + floor(random() * 4)::int],
       (ARRAY['started', 'observed', 'paused', 'resumed', 'idle_paused'])[1 + floor(random() * 5)::int],
       (ARRAY['request', 'reconciler', 'policy'])[1 + floor(random() * 3)::int]
FROM (SELECT 1 + floor(random() * $PLANS_RIFFS)::int AS riff_id FROM generate_series(1, $EVENTS)) e
JOIN riffs r ON r.id = e.riff_id;

-- Owed stops: 5,000, of which a tenth are due.
INSERT INTO runtime_stops (runtime_id, session_id, requested_at, attempts, next_attempt_at)
SELECT 'gone-' || n, 'u-1:app-1:gone-' || n, now() - interval '1 hour', n % 5,
       CASE WHEN n % 10 = 0 THEN now() - interval '1 minute' ELSE now() + interval '1 hour' END
FROM generate_series(1, 5000) n;

-- The status refresh's buckets, checked over the last minute.
UPDATE runtime_refresh_buckets SET checked_at = now() - random() * interval '60 seconds';

VACUUM ANALYZE;
SQL

# Parameters as the jobs pass them: the owner of the big app, a user as a cap sees them (a few riffs starting or
# running), a riff of theirs, and the big app.
BUSY_USER=u-1
CAP_USER=$(sql "select user_id from riffs where runtime_status in ('starting', 'running') and user_id <> 'u-1'
                group by user_id order by count(*) desc, user_id limit 1")
CAP_RIFF_ID=$(sql "select id from riffs where user_id = '$CAP_USER' order by id limit 1")
APP_ID=1
RIFF_ID=$(sql "select id from riffs where app_id = $APP_ID and runtime_id is not null order by id limit 1")
PAGE_AFTER=$(sql "select created_at || '|' || id from riffs where app_id = $APP_ID order by created_at desc, id desc offset 5000 limit 1")
PAGE_AT=${PAGE_AFTER%|*}
PAGE_ID=${PAGE_AFTER#*|}
SETTLED_IDS=$(sql "select string_agg(id::text, ',') from (select id from riffs where runtime_recheck_at is not null limit 100) s")

# plan TITLE WHERE-IT-RUNS SQL: one section of the document.
plan() {
    local title=$1 where=$2 statement=$3 output
    output=$(psql "${PG[@]}" -d "$DATABASE" -v ON_ERROR_STOP=1 -qAt <<SQL
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) $statement;
ROLLBACK;
SQL
)
    {
        echo "### $title"
        echo
        echo "$where"
        echo
        echo '```sql'
        echo "$statement"
        echo '```'
        echo
        echo '```'
        echo "$output"
        echo '```'
        echo
    } >>"$PLANS_OUT.tmp"
    printf '    %s: %s\n' "$title" "$(grep -o 'Execution Time: .*' <<<"$output")" >&2
}

log "Plans"
COUNTS=$(sql "select count(*) || ' riffs (' || count(*) filter (where runtime_status in ('starting', 'running', 'paused')) || ' live, '
                     || count(*) filter (where runtime_status = 'running') || ' running, '
                     || count(*) filter (where runtime_status = 'starting') || ' starting, '
                     || count(*) filter (where runtime_id is null) || ' without a runtime, '
                     || count(*) filter (where runtime_recheck_at is not null) || ' with a recheck pending), '
                     || (select count(*) from apps) || ' apps, ' || (select count(*) from runtime_events) || ' runtime events, '
                     || (select count(*) from runtime_stops) || ' owed stops' from riffs")
{
    echo "# Query plans at a million riffs"
    echo
    echo "The statements the service's background jobs and its hottest reads run, with the plans PostgreSQL chose for them"
    echo "on a scratch database of $COUNTS: the distributions a fleet has after weeks of use (most runtimes paused or"
    echo "gone, about a tenth running, a few starting, queued or without a runtime; one app with 10,000 riffs). Made by"
    echo "\`bench/query-plans.sh\` ($(date -u +%Y-%m-%d), $(psql "${PG[@]}" -d "$DATABASE" -qtAc 'select version()' | cut -d, -f1), commit"
    echo "$(git rev-parse --short HEAD 2>/dev/null || echo '?')); run it again after changing a statement or an index (\`PLANS_RIFFS=100000\` for a"
    echo "quicker, smaller run). Each statement runs in a transaction that is rolled back; parameters are literals here, as"
    echo "in the custom plans PostgreSQL makes for the first executions of a prepared statement. The times vary from run to"
    echo "run (this run: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs, right after the fill, so partly from disk);"
    echo "the point is the plan. Each job statement takes its batch from an index in the order it needs, whatever the size"
    echo "of the table; the reads fetch what they answer (a user's riffs or events, an app's list) through an index; the"
    echo "gauge that counts riffs by status reads them all, once per 30 s per replica."
    echo
} >"$PLANS_OUT.tmp"

plan "Catch-up: claim a batch of riffs without a runtime (RiffClaimRepository.claimDueStarts, no cap)" \
    "Reconciler, catch-up job: every batch of 100. Index \`ix_riffs_start_due\` (riffs due a start, i.e. without a runtime, by \`next_start_at\`)." "
update riffs set runtime_claim = 'claim-token', runtime_claim_until = clock_timestamp() + 60000 * interval '1 millisecond'
where runtime_id is null
  and id in (select id from riffs c
             where next_start_at <= now()
               and (created_at < now() - interval '10 seconds' or runtime_status = 'queued')
               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
               and (0 = 0 or runtime_status is distinct from 'queued'
                    or (select count(*) from riffs h where h.user_id = c.user_id and h.runtime_status in ('starting', 'running')) < 0)
             order by next_start_at
             limit 100
             for update skip locked)
returning *"

plan "Catch-up with a per-user cap of 2 (RiffClaimRepository.claimDueStarts)" \
    "As above with \`RUNTIME_API_MAX_RUNNING_PER_USER=2\`: a queued riff's user's slots are counted with \`ix_riffs_user_slots\`." "
update riffs set runtime_claim = 'claim-token', runtime_claim_until = clock_timestamp() + 60000 * interval '1 millisecond'
where runtime_id is null
  and id in (select id from riffs c
             where next_start_at <= now()
               and (created_at < now() - interval '10 seconds' or runtime_status = 'queued')
               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
               and (2 = 0 or runtime_status is distinct from 'queued'
                    or (select count(*) from riffs h where h.user_id = c.user_id and h.runtime_status in ('starting', 'running')) < 2)
             order by next_start_at
             limit 100
             for update skip locked)
returning *"

plan "Status refresh, regular lane: lease the buckets checked longest ago (RefreshBucketRepository.leaseStale)" \
    "Reconciler, status refresh: every regular batch; as many buckets as hold about 100 live riffs (one at 100,000 live riffs, 1,024 rows in all). A scan of the 1,024-row table; the update is HOT (no indexed column changes)." "
update runtime_refresh_buckets b set checked_at = now()
from (select bucket, checked_at from runtime_refresh_buckets
      where checked_at < now() - interval '30 seconds'
      order by checked_at, bucket
      limit 1
      for update skip locked) due
where b.bucket = due.bucket
returning b.bucket, due.checked_at"

plan "Status refresh, regular lane: the live riffs of a leased bucket (RefreshBucketRepository.liveRiffsOf)" \
    "Reconciler, status refresh: once per regular batch. Index \`ix_riffs_refresh_bucket\` (live riffs by \`mod(id, 1024)\`)." "
select id, session_id, runtime_id, runtime_status, runtime_status_at, runtime_recheck_at from riffs
where mod(id, 1024) in (7)
  and runtime_id is not null and (runtime_status is null or runtime_status not in ('stopped', 'missing'))"

plan "Status refresh, fast lane: lease the due rechecks (RiffClaimRepository.leaseDueRechecks)" \
    "Reconciler, status refresh: every other batch while both lanes have riffs due. Index \`ix_riffs_recheck\` (only riffs with a recheck pending)." "
update riffs set runtime_status_at = now(),
                 runtime_recheck_at = now() + least(greatest((now() - coalesce(runtime_started_at, now())) / 4, 2000 * interval '1 millisecond'),
                                                    10000 * interval '1 millisecond')
where id in (select id from riffs
             where runtime_recheck_at <= now() and runtime_id is not null
               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
             order by runtime_recheck_at
             limit 100
             for update skip locked)
returning *"

plan "Status refresh: write a changed status (RiffClaimRepository.recordRefreshedStatus)" \
    "Reconciler, status refresh: once per riff whose status changed. Primary key." "
update riffs set runtime_status = 'running', runtime_status_at = now(), version = version + 1,
                 runtime_recheck_at = case when 'running' = 'starting' then coalesce(runtime_recheck_at, now()) end,
                 runtime_started_at = case when 'running' in ('starting', 'running')
                                                and coalesce(runtime_status, '') not in ('starting', 'running')
                                           then now() else runtime_started_at end
where id = $RIFF_ID and runtime_id = 'rt-x' and runtime_status_at = now()"

plan "Status refresh: end the rechecks of settled riffs (RiffClaimRepository.clearRechecks)" \
    "Reconciler, status refresh: once per fast-lane batch. Primary key." "
update riffs set runtime_recheck_at = null where id in ($SETTLED_IDS) and runtime_status_at = now()"

plan "Idle pauses: claim a batch of idle running runtimes (RiffClaimRepository.claimIdleRunning)" \
    "Reconciler, idle pauses: every batch of 100, idle since before \`now - RUNTIME_API_IDLE_PAUSE_AFTER\`. Expression index \`ix_riffs_idle\` on running riffs." "
update riffs set runtime_claim = 'claim-token', runtime_claim_until = clock_timestamp() + 60000 * interval '1 millisecond'
where id in (select id from riffs
             where runtime_status = 'running' and greatest(coalesce(last_activity_at, created_at), runtime_started_at) < now() - interval '15 minutes'
               and (runtime_claim is null or runtime_claim_until < clock_timestamp())
             order by greatest(coalesce(last_activity_at, created_at), runtime_started_at)
             limit 100
             for update skip locked)
returning *"

plan "Owed stops: lease the due stops (RuntimeStopRepository.leaseDue)" \
    "Reconciler, owed stops: every batch of 100. Index \`ix_runtime_stops_due\`." "
update runtime_stops set next_attempt_at = now() + interval '29 seconds'
where id in (select id from runtime_stops where next_attempt_at <= now() order by next_attempt_at limit 100 for update skip locked)
returning *"

plan "Cap: the user's slots held (RiffSlotRepository.countSlotsHeld)" \
    "Each create, reset or resume of a user with a cap, under the user's advisory lock. Index \`ix_riffs_user_slots\`." "
select count(*) from riffs where user_id = '$CAP_USER' and id <> $CAP_RIFF_ID and runtime_status in ('starting', 'running')"

plan "Cap: the runtimes holding the user's slots, to look them up (RiffSlotRepository.listHoldingSlots)" \
    "A request that finds its user at the cap. Index \`ix_riffs_user_slots\`." "
select * from riffs where user_id = '$CAP_USER' and id <> $CAP_RIFF_ID and runtime_status in ('starting', 'running') and runtime_id is not null
limit 4"

plan "Cap: claim the runtime to evict (RiffSlotRepository.claimEvictionVictim)" \
    "A reset or resume at the cap. Index \`ix_riffs_user_slots\`." "
update riffs set runtime_claim = 'claim-token', runtime_claim_until = clock_timestamp() + 60000 * interval '1 millisecond',
                 runtime_status = 'paused', runtime_status_at = now(), version = version + 1
where id = (select id from riffs
            where user_id = '$CAP_USER' and runtime_status = 'running' and runtime_id is not null
              and greatest(coalesce(last_activity_at, created_at), runtime_started_at) < now() - interval '2 minutes'
              and (runtime_claim is null or runtime_claim_until < clock_timestamp())
            order by greatest(coalesce(last_activity_at, created_at), runtime_started_at), id
            limit 1
            for update skip locked)
returning *"

plan "Cap: when the user's longest idle runtime may be evicted (RiffSlotRepository.oldestIdleSinceHoldingSlot)" \
    "A reset or resume refused at the cap (its Retry-After). Index \`ix_riffs_user_slots\`." "
select min(greatest(coalesce(last_activity_at, created_at), runtime_started_at)) from riffs
where user_id = '$CAP_USER' and runtime_status in ('starting', 'running')"

plan "List of an app's riffs, whole (RiffRepository.listNewestFirst)" \
    "\`GET /api/apps/{slug}/riffs\` of the app with 10,000 riffs. Index \`ix_riffs_app_created\` gives the order." "
select * from riffs where app_id = $APP_ID order by created_at desc, id desc"

plan "List of an app's riffs, first page of 100 (RiffRepository.listPageNewestFirst)" \
    "\`GET /api/apps/{slug}/riffs?limit=100\` (101 rows: one more tells whether a next page exists)." "
select * from riffs where app_id = $APP_ID order by created_at desc, id desc limit 101"

plan "List of an app's riffs, a page in the middle (RiffRepository.listPageNewestFirst)" \
    "\`GET /api/apps/{slug}/riffs?limit=100&cursor=...\` after 5,000 riffs: the same index range, from the cursor." "
select * from riffs
where app_id = $APP_ID and (created_at, id) < (timestamptz '$PAGE_AT', $PAGE_ID)
order by created_at desc, id desc
limit 101"

plan "One riff of a user (RiffRepository.findOwned)" \
    "Every request that concerns a riff. Unique keys \`uq_apps_user_slug\`, \`uq_riffs_app_slug\`." "
select r.*, a.* from riffs r join apps a on a.id = r.app_id where a.user_id = '$BUSY_USER' and a.slug = 'app-1' and r.slug = 'riff-1'"

plan "Usage of a user over 30 days (RuntimeEventRepository.usage)" \
    "\`GET /api/usage\`. Index \`ix_runtime_events_user\`." "
with e as (select riff_id, app_slug, riff_slug, to_status, reason, at,
                  coalesce(lead(at) over (partition by riff_id order by at, id), greatest(now(), at)) as until
           from runtime_events where user_id = '$BUSY_USER' and riff_id is not null and at < now()),
     d as (select riff_id, app_slug, riff_slug, to_status, reason, at,
                  greatest(0, extract(epoch from least(until, now()) - greatest(at, now() - interval '30 days'))) as secs
           from e)
select max(app_slug), max(riff_slug),
       coalesce(sum(secs) filter (where to_status in ('starting', 'running')), 0),
       coalesce(sum(secs) filter (where to_status = 'starting'), 0),
       coalesce(sum(secs) filter (where to_status = 'paused'), 0),
       count(*) filter (where reason = 'started' and at >= now() - interval '30 days'),
       count(*) filter (where reason = 'resumed' and at >= now() - interval '30 days')
from d group by riff_id
having sum(secs) filter (where to_status in ('starting', 'running', 'paused')) > 0 or count(*) filter (where at >= now() - interval '30 days') > 0
order by 1, 2"

plan "Events retention: delete a batch of old events (RuntimeEventRepository.deleteOlderThan)" \
    "Where the reconciler runs, every \`RUNTIME_EVENTS_RETENTION_INTERVAL\`, 1,000 per statement. Index \`ix_runtime_events_at\`." "
delete from runtime_events where id in (select id from runtime_events where at < now() - interval '29 days' order by at limit 1000)"

plan "Gauge: oldest check of a live riff's status (RiffMetricsRepository.oldestLiveStatusAgeSeconds)" \
    "Every 30 s on each replica (\`riffs_status_age_max_seconds\`). One probe of \`ix_riffs_refresh_bucket\` per bucket (1,024)." "
select coalesce(extract(epoch from now() - min(b.checked_at)), 0)
from runtime_refresh_buckets b
where exists (select 1 from riffs r
              where mod(r.id, 1024) = b.bucket
                and r.runtime_id is not null
                and (r.runtime_status is null or r.runtime_status not in ('stopped', 'missing')))"

plan "Gauge: riffs without a runtime by wait (RiffMetricsRepository.countWithoutRuntimeByWait)" \
    "Every 30 s on each replica (\`riffs_without_runtime\`). Index \`ix_riffs_start_due\` (only riffs due a start, which are those without a runtime)." "
select case when created_at > now() - interval '1 minute' then 'under_1m'
            when created_at > now() - interval '10 minutes' then '1m_to_10m'
            when created_at > now() - interval '1 hour' then '10m_to_1h'
            else 'over_1h' end, count(*)
from riffs where next_start_at is not null and runtime_id is null group by 1"

plan "Gauge: riffs by stored status (RiffMetricsRepository.countByRuntimeStatus)" \
    "Every 30 s on each replica (\`riffs_by_runtime_status\`): it counts every riff, so it reads them all; at a million riffs that is the one full scan, once per 30 s per replica." "
select coalesce(runtime_status, 'none'), count(*) from riffs group by coalesce(runtime_status, 'none')"

mv "$PLANS_OUT.tmp" "$PLANS_OUT"
log "Written: $PLANS_OUT"
