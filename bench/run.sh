#!/usr/bin/env bash
# Load benchmark of the packaged service against a fast fake runtime-api (nginx). See bench/README.md.
#
#   bench/run.sh                                     every scenario
#   bench/run.sh status-spread-64                    only the scenarios named
#   BENCH_SCENARIOS="catch-up-100k warm-up" bench/run.sh     the same, from the environment
#
# Everything it writes is under target/bench/ (results.md, results.tsv, logs); nothing is sent anywhere but
# 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/.."

# --- Settings ------------------------------------------------------------------------------------------------
SCENARIOS=(status-one-64 status-one-256 status-spread-64 status-spread-256 list-1000-16 create-16
    runtime-api-status-64 reads-during-slow-creates user-share catch-up-10000 refresh-lag-10000
    catch-up-hour-old list-10000-16 list-10000-page-16 catch-up-100k catch-up-100k-3 refresh-lag-100k warm-up)
BENCH_SCENARIOS=${BENCH_SCENARIOS:-}                # scenarios to run (spaces or commas), as the arguments do

BENCH_DURATION=${BENCH_DURATION:-15s}
BENCH_WARMUP=${BENCH_WARMUP:-10s}
BENCH_SCENARIO_WARMUP=${BENCH_SCENARIO_WARMUP:-3s}
BENCH_REPEAT=${BENCH_REPEAT:-1}
BENCH_LATENCY_MS=${BENCH_LATENCY_MS:-20}
BENCH_START_LATENCY_MS=${BENCH_START_LATENCY_MS:-$BENCH_LATENCY_MS}
BENCH_SLOW_START_LATENCY_MS=${BENCH_SLOW_START_LATENCY_MS:-4000}
BENCH_SEED_PARALLEL=${BENCH_SEED_PARALLEL:-16}
BENCH_FLEET=${BENCH_FLEET:-10000}                   # riffs of catch-up-10000 (and so of refresh-lag-10000), catch-up-hour-old
BENCH_LARGE_FLEET=${BENCH_LARGE_FLEET:-100000}      # riffs of catch-up-100k, catch-up-100k-3, refresh-lag-100k
BENCH_LIST_RIFFS=${BENCH_LIST_RIFFS:-10000}         # riffs of the app bench-list (list-10000-16, list-10000-page-16)
BENCH_REFRESH_WINDOW=${BENCH_REFRESH_WINDOW:-90}    # seconds refresh-lag-10000 and refresh-lag-100k watch the stored statuses
BENCH_CATCH_UP_TIMEOUT=${BENCH_CATCH_UP_TIMEOUT:-900}  # seconds a catch-up scenario waits at most
BENCH_WARM_DURATION=${BENCH_WARM_DURATION:-60}      # seconds warm-up watches the throughput after a restart
BENCH_REBUILD=${BENCH_REBUILD:-0}
# JVM options: BENCH_JAVA_OPTS, or else src/main/jvm/jvm.options (as the README's run command).
JVM_OPTIONS_FILE=src/main/jvm/jvm.options
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-$(sed 's/#.*//' "$JVM_OPTIONS_FILE" | xargs)}
APP_CDS_ARCHIVE=target/quarkus-app/app-cds.jsa

SERVICE_PORT=${BENCH_PORT:-18080}       # replicas of catch-up-100k-3 listen on the next ports
MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-18180}   # their management interfaces (health, metrics) likewise
FAKE_PORT=${BENCH_FAKE_PORT:-18090}
SERVICE=http://127.0.0.1:$SERVICE_PORT
MANAGEMENT=http://127.0.0.1:$MANAGEMENT_PORT
FAKE=http://127.0.0.1:$FAKE_PORT
DATABASE=${BENCH_DATABASE:-vibe_bench}   # dropped and made again by each run
PG=(-h 127.0.0.1 -U postgres)
JAR=target/quarkus-app/quarkus-run.jar
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
JS_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so

USER_ID=bench-user
USER_HEADER="X-User-UUID: $USER_ID"
JSON_HEADER="Content-Type: application/json"
RIFFS=1000                  # riffs r-1..r-1000 of the app "bench"
REPLICAS=3                  # service instances of catch-up-100k-3 (one database)
PAGE=100                    # riffs per page of list-10000-page-16
SLOW_CREATES=40             # creates in flight during reads-during-slow-creates
SLOW_READS_DURATION=3s
FLOOD_CONNECTIONS=300       # user-share: the flooding user (bench-user, over the riffs of bench)
FLEET_USER_ID=bench-fleet   # refresh-lag-100k: the owner of the live fleet, so that the reads measured meanwhile are
                            # another user's (GET /api/apps counts the riffs of its user's apps)
OTHER_USER_ID=bench-other   # user-share: the other user, at 8 connections over riffs of their own
OTHER_CONNECTIONS=8
# The scenarios of one user stand for the load of many: they run without the per-user share of runtime-api calls
# (RUNTIME_API_CONCURRENCY_USER_SHARE=1) and without the limit of requests per user (VIBE_USERS_MAX_REQUESTS_IN_FLIGHT=0),
# which user-share alone measures, on a service restarted with the defaults.
USER_SHARE=1
USER_REQUESTS=0
WRK_THREADS=2

OUT=target/bench
NGINX_PREFIX=$OUT/nginx     # made absolute in main()
RESULTS_TSV=$OUT/results.tsv
NOTES=$OUT/notes.md
SERVICE_PID=
FAKE_PID=
BACKGROUND_PIDS=()
REPLICA_PIDS=()                   # the extra service instances of catch-up-100k-3
RUN_TAG=$(date +%s | tail -c 7)   # makes the slugs of new riffs unique from run to run
PROBES=0                          # riffs created in the app bench-probe by settle()

# --- Small helpers -------------------------------------------------------------------------------------------
log() { printf '\n==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%3N; }
note() { printf '%s\n' "$*" >>"$NOTES"; info "$*"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }   # the machine's load averages (1, 5, 15 min)

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    echo "Scenarios: ${SCENARIOS[*]}"
    echo "Environment variables: see bench/README.md"
}

# --- Tools ---------------------------------------------------------------------------------------------------
ensure_tools() {
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v nginx >/dev/null || missing+=(nginx-light)
    [[ -f $ECHO_MODULE ]] || missing+=(libnginx-mod-http-echo)
    [[ -f $JS_MODULE ]] || missing+=(libnginx-mod-http-js)
    if (( ${#missing[@]} )); then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
            log "Installing ${missing[*]}"
            apt-get update && apt-get install -y wrk nginx-light libnginx-mod-http-echo libnginx-mod-http-js
        else
            die "missing ${missing[*]}; install them with: sudo apt-get update && sudo apt-get install -y wrk nginx-light libnginx-mod-http-echo libnginx-mod-http-js"
        fi
    fi
    local tool
    for tool in java curl psql createdb dropdb awk; do
        command -v "$tool" >/dev/null || die "$tool is needed and not found"
    done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- Build and database --------------------------------------------------------------------------------------
build_jar() {
    if [[ $BENCH_REBUILD == 1 || ! -f $JAR ]]; then
        log "Building the jar (./mvnw -q -B package -DskipTests)"
        ./mvnw -q -B package -DskipTests
    fi
    [[ -f $JAR ]] || die "$JAR was not built"
}

create_database() {
    log "Fresh database $DATABASE"
    dropdb "${PG[@]}" --if-exists "$DATABASE"
    createdb "${PG[@]}" "$DATABASE"
}

sql() { psql "${PG[@]}" -d "$DATABASE" -tAc "$1"; }

# --- Fake runtime-api (nginx) --------------------------------------------------------------------------------
ms_to_s() { awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }'; }

# write_fake_config LATENCY_MS START_LATENCY_MS: also uses FAKE_ABSENT_SESSIONS (see fake-runtime-api.js).
write_fake_config() {
    sed -e "s|@@ECHO_MODULE@@|$ECHO_MODULE|" -e "s|@@JS_MODULE@@|$JS_MODULE|" \
        -e "s|@@JS_FILE@@|$(realpath bench/fake-runtime-api.js)|" \
        -e "s|@@ABSENT_SESSIONS@@|${FAKE_ABSENT_SESSIONS:-}|g" \
        -e "s|@@PREFIX@@|$NGINX_PREFIX|g" \
        -e "s|@@LISTEN@@|127.0.0.1:$FAKE_PORT|g" \
        -e "s|@@LATENCY_MS@@|$1|g" -e "s|@@LATENCY_S@@|$(ms_to_s "$1")|g" \
        -e "s|@@START_LATENCY_MS@@|$2|g" -e "s|@@START_LATENCY_S@@|$(ms_to_s "$2")|g" \
        bench/fake-runtime-api.conf.template >"$NGINX_PREFIX/nginx.conf"
    nginx -t -q -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -e "$NGINX_PREFIX/error.log"
}

fake_start_latency() { fake_header X-Bench-Start-Latency-Ms; }

start_fake() {
    log "Fake runtime-api on $FAKE (nginx; latency ${BENCH_LATENCY_MS} ms, /start ${BENCH_START_LATENCY_MS} ms)"
    mkdir -p "$NGINX_PREFIX"/tmp/{body,proxy,fastcgi,uwsgi,scgi}
    FAKE_START_LATENCY_MS=$BENCH_START_LATENCY_MS
    FAKE_ABSENT_SESSIONS=
    write_fake_config "$BENCH_LATENCY_MS" "$FAKE_START_LATENCY_MS"
    nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -e "$NGINX_PREFIX/error.log" &
    FAKE_PID=$!
    local i
    for i in $(seq 50); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$FAKE/health") == 200 ]] && return 0
        kill -0 "$FAKE_PID" 2>/dev/null || die "nginx exited; see $NGINX_PREFIX/error.log"
        sleep 0.1
    done
    die "the fake runtime-api did not answer within 5 s"
}

# set_start_latency MS: regenerates the configuration and reloads nginx, then waits until it answers with it.
set_start_latency() {
    FAKE_START_LATENCY_MS=$1
    reload_fake
    info "fake runtime-api: /start now takes $1 ms"
}

# set_absent_sessions TEXT: from now on the fake's /sessions/batch finds no runtime for the sessions containing
# TEXT (empty: every session has one).
set_absent_sessions() {
    FAKE_ABSENT_SESSIONS=$1
    reload_fake
    info "fake runtime-api: sessions without a runtime: ${1:-none}"
}

fake_header() { curl -s -o /dev/null -D - "$FAKE/health" | tr -d '\r' | awk -v h="$(tr 'A-Z' 'a-z' <<<"$1"):" 'tolower($1) == h { print $2 }'; }

# reload_fake: regenerates the configuration and reloads nginx, then waits until it answers with it.
reload_fake() {
    write_fake_config "$BENCH_LATENCY_MS" "$FAKE_START_LATENCY_MS"
    nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -e "$NGINX_PREFIX/error.log" -s reload
    local i
    for i in $(seq 50); do
        [[ $(fake_start_latency) == "$FAKE_START_LATENCY_MS" && $(fake_header X-Bench-Absent-Sessions) == "${FAKE_ABSENT_SESSIONS:-}" ]] && return 0
        sleep 0.1
    done
    die "nginx did not take its new configuration"
}

stop_fake() {
    [[ -n $FAKE_PID ]] && kill -0 "$FAKE_PID" 2>/dev/null || return 0
    kill -TERM "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
    FAKE_PID=
}

# expect_fake METHOD PATH STATUS PATTERN [BODY]: one call to the fake, its status, JSON type and body checked.
expect_fake() {
    local method=$1 path=$2 status=$3 pattern=$4 body=${5:-} answer
    answer=$(curl -s -X "$method" -H "$JSON_HEADER" ${body:+-d "$body"} \
        -w '\n%{http_code} %{content_type}' "$FAKE$path")
    local got_body got_meta
    got_body=$(head -n -1 <<<"$answer")
    got_meta=$(tail -n 1 <<<"$answer")
    [[ $got_meta == "$status application/json" ]] \
        || die "fake: $method $path answered '$got_meta', expected '$status application/json'"
    grep -Eq -- "$pattern" <<<"$got_body" || die "fake: $method $path answered $got_body, expected /$pattern/"
    printf '%s' "$got_body"
}

verify_fake() {
    local runtime='"session_id":"[^"]+","url":"http://127\.0\.0\.1:'$FAKE_PORT'/agent/[^"]+","session_api_key":"k-[^"]+","status":"running","pod_status":"ready"'
    expect_fake POST /start 201 '^\{"runtime_id":"rt-u:a:one",'"$runtime" '{"session_id":"u:a:one","image":"x"}' >/dev/null
    expect_fake GET '/sessions/batch?ids=u%3Aa%3Aone&ids=u:a:two' 200 \
        '^\[\{"runtime_id":"rt-u:a:one","session_id":"u:a:one",.*"status":"running".*\},\{"runtime_id":"rt-u:a:two",' >/dev/null
    expect_fake GET '/sessions/batch' 200 '^\[\]$' >/dev/null
    expect_fake GET /sessions/bench-user:bench:r-1 404 '^\{"detail":"not found"\}$' >/dev/null
    expect_fake GET /runtime/rt-42 200 '^\{"runtime_id":"rt-42","session_id":"bench","url":"http://127\.0\.0\.1:'$FAKE_PORT'/agent/rt-42","session_api_key":"k-rt-42","status":"running","pod_status":"ready"' >/dev/null
    expect_fake POST /pause 200 '^\{"runtime_id":"rt-42","status":"paused"' '{"runtime_id":"rt-42"}' >/dev/null
    expect_fake POST /resume 200 '^\{"runtime_id":"rt-42",'"$runtime" '{"runtime_id":"rt-42"}' >/dev/null
    expect_fake POST /stop 200 '^\{"runtime_id":"rt-42","status":"stopped"' '{"runtime_id":"rt-42"}' >/dev/null
    expect_fake GET /list 200 '^\{"runtimes":\[\]\}$' >/dev/null
    expect_fake GET /health 200 '^\{"status":"ok"\}$' >/dev/null
    expect_fake GET /agent/rt-42/alive 200 '"ok"' >/dev/null
    info "fake runtime-api answers every endpoint as docs/runtime-api.md says"
}

# --- wrk -----------------------------------------------------------------------------------------------------
# run_wrk NAME CONNECTIONS DURATION PATH SCRIPT [VAR=VALUE...]: the whole output goes to $OUT/wrk/NAME.txt;
# prints the BENCH_RESULT line (see bench/wrk/report.lua). As the user of USER_HEADER, or of WRK_USER_HEADER if set.
run_wrk() {
    local name=$1 connections=$2 duration=$3 url=$4 script=$5
    shift 5
    local output=$OUT/wrk/$name.txt
    env "$@" wrk -t"$WRK_THREADS" -c"$connections" -d"$duration" --timeout 10s --latency \
        -H "${WRK_USER_HEADER:-$USER_HEADER}" -s "bench/wrk/$script" "$url" >"$output" 2>&1 \
        || { cat "$output" >&2; die "wrk failed ($name)"; }
    grep '^BENCH_RESULT ' "$output" || die "no result line in $output"
}

field() { grep -o "$1=[^ ]*" <<<"$2" | cut -d= -f2; }

# statuses FILE: "201×38, 503×2" from a file whose lines start with an HTTP status.
statuses() { awk '{ print $1 }' "$1" | sort | uniq -c | awk '{ printf "%s%s×%s", sep, $2, $1; sep = ", " }'; }

measure_fake_ceiling() {
    log "Fake runtime-api alone (GET /runtime/x, ${BENCH_LATENCY_MS} ms latency, 5 s each)"
    local connections result rps
    FAKE_CEILING=
    for connections in 64 256; do
        result=$(run_wrk "fake-ceiling-$connections" "$connections" 5s "$FAKE/runtime/x" get.lua)
        rps=$(field rps "$result")
        info "$connections connections: $rps req/s, p99 $(field p99_ms "$result") ms, non-2xx $(field non2xx "$result"), socket errors $(field socket_errors "$result")"
        FAKE_CEILING+="${FAKE_CEILING:+, }${rps%.*} req/s at $connections connections"
    done
}

# --- Service -------------------------------------------------------------------------------------------------
java_options() {
    local options=$BENCH_JAVA_OPTS
    if [[ -f $APP_CDS_ARCHIVE && $options != *SharedArchiveFile* ]]; then
        # Relative to target/quarkus-app, where the service runs: the archive only maps from the jar's directory.
        options+=" -XX:SharedArchiveFile=app-cds.jsa"
    fi
    echo "$options"
}

rss_mb() { awk '{ printf "%d", $1 / 1024 }' < <(ps -o rss= -p "$SERVICE_PID"); }

# service_cpu_ms: CPU time (user + system) the service has used so far, in milliseconds.
service_cpu_ms() { awk -v tck="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / tck }' "/proc/$SERVICE_PID/stat"; }

# launch_service PORT MANAGEMENT_PORT LOG: starts one service instance (the prod jar, configured as the README's run
# command) and prints its pid.
launch_service() {
    local -a opts
    read -ra opts <<<"$(java_options)"
    QUARKUS_HTTP_PORT=$1 \
    QUARKUS_MANAGEMENT_PORT=$2 \
    RUNTIME_API_CONCURRENCY_USER_SHARE=$USER_SHARE \
    VIBE_USERS_MAX_REQUESTS_IN_FLIGHT=$USER_REQUESTS \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DATABASE \
    QUARKUS_DATASOURCE_USERNAME=postgres \
    RUNTIME_API_URL=$FAKE \
    RUNTIME_API_STAGING_SECRET=bench-key \
    QUARKUS_LOG_CONSOLE_JSON_ENABLED=true \
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} \
        bash -c 'cd "$1" && shift && exec java "$@" -jar quarkus-run.jar' _ "$(dirname "$JAR")" "${opts[@]}" >"$3" 2>&1 &
    echo $!
}

# await_service MANAGEMENT_URL PID LOG: waits (120 s at most) until the instance is started (its runtime-api is healthy
# and accepts the key) and ready.
await_service() {
    local deadline=$(( $(date +%s) + 120 ))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "$1/q/health/started") == 200
             && $(curl -s -o /dev/null -w '%{http_code}' "$1/q/health/ready") == 200 ]]; do
        kill -0 "$2" 2>/dev/null || { tail -n 20 "$3" >&2; die "the service exited; see $3"; }
        (( $(date +%s) < deadline )) || die "the service was not started and ready within 120 s; see $3"
        sleep 0.1
    done
}

# start_service [LOG]: the service, logging to LOG (default target/bench/service.log).
start_service() {
    local service_log=${1:-$OUT/service.log}
    log "Service on $SERVICE (management $MANAGEMENT, RUNTIME_API_CONCURRENCY_USER_SHARE=$USER_SHARE, VIBE_USERS_MAX_REQUESTS_IN_FLIGHT=$USER_REQUESTS): java $(java_options) -jar $JAR"
    local launched
    launched=$(date +%s%N)
    SERVICE_PID=$(launch_service "$SERVICE_PORT" "$MANAGEMENT_PORT" "$service_log")
    await_service "$MANAGEMENT" "$SERVICE_PID" "$service_log"
    STARTUP_MS=$(( ($(date +%s%N) - launched) / 1000000 ))
    RSS_START_MB=$(rss_mb)
    info "ready in $STARTUP_MS ms (launch to /q/health/started and /q/health/ready 200), RSS $RSS_START_MB MB"
}

# start_replicas N: N - 1 more instances on the ports after SERVICE_PORT, against the same database.
start_replicas() {
    local i port management_port pid
    for i in $(seq 2 "$1"); do
        port=$(( SERVICE_PORT + i - 1 ))
        management_port=$(( MANAGEMENT_PORT + i - 1 ))
        port_in_use "$port" && die "port $port is in use (another benchmark?)"
        port_in_use "$management_port" && die "port $management_port is in use (another benchmark?)"
        pid=$(launch_service "$port" "$management_port" "$OUT/service-$i.log")
        REPLICA_PIDS+=("$pid")
        await_service "http://127.0.0.1:$management_port" "$pid" "$OUT/service-$i.log"
        info "replica $i on port $port ready"
    done
}

stop_replicas() {
    local pid
    for pid in "${REPLICA_PIDS[@]}"; do
        stop_pid "$pid"
    done
    REPLICA_PIDS=()
}

# stop_pid PID: SIGTERM, then waits (45 s at most, then SIGKILL).
stop_pid() {
    kill -0 "$1" 2>/dev/null || return 0
    kill -TERM "$1" 2>/dev/null || true
    local i
    for i in $(seq 450); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$1" 2>/dev/null && { info "process $1 ignored SIGTERM for 45 s; killing it"; kill -KILL "$1"; }
    wait "$1" 2>/dev/null || true
}

stop_service() {
    [[ -n $SERVICE_PID ]] || return 0
    stop_pid "$SERVICE_PID"
    SERVICE_PID=
}

# --- API calls -----------------------------------------------------------------------------------------------
# api METHOD PATH [BODY]: prints the body, then the status on a line of its own.
api() {
    curl -s -X "$1" -H "$USER_HEADER" -H "$JSON_HEADER" ${3:+-d "$3"} -w '\n%{http_code}' "$SERVICE$2"
}

create_app() {
    local status
    status=$(api POST /api/apps "{\"slug\":\"$1\",\"name\":\"$1\"}" | tail -n 1)
    [[ $status == 201 ]] || die "creating app $1 answered $status"
}

# riffs_without_runtime APP: slugs of the app's riffs whose runtime_id is null, one a line.
riffs_without_runtime() {
    api GET "/api/apps/$1/riffs" | head -n -1 | grep -o '"slug":"[^"]*"[^{}]*"runtime_id":null' \
        | sed 's/^"slug":"\([^"]*\)".*/\1/' || true
}

seed() {
    log "Seeding through the API: apps bench, bench-create, bench-slow, bench-probe; $RIFFS riffs in bench ($BENCH_SEED_PARALLEL in parallel)"
    create_app bench
    create_app bench-create
    create_app bench-slow
    create_app bench-probe
    [[ $(api POST /api/apps/bench-probe/riffs '{"slug":"probe"}' | tail -n 1) == 201 ]] || die "creating the probe riff failed"
    [[ -z $(riffs_without_runtime bench-probe) ]] || die "the probe riff bench-probe/probe got no runtime"
    local started=$SECONDS
    seq 1 "$RIFFS" | xargs -P "$BENCH_SEED_PARALLEL" -I{} \
        curl -s -o /dev/null -w '%{http_code}\n' -H "$USER_HEADER" -H "$JSON_HEADER" -d '{"slug":"r-{}"}' \
        "$SERVICE/api/apps/bench/riffs" >"$OUT/seed-statuses.txt"
    local created
    created=$(grep -c '^201$' "$OUT/seed-statuses.txt" || true)
    info "$RIFFS creates in $(( SECONDS - started )) s: $(statuses "$OUT/seed-statuses.txt")"
    (( created == RIFFS )) || die "seeding failed: not every create answered 201"

    # A create whose /start the service refused (bulkhead, circuit breaker) is still a 201, without a runtime:
    # give those riffs one with a reset, so that every status look-up of the scenarios has a runtime to find.
    local missing slug status
    missing=$(riffs_without_runtime bench)
    if [[ -n $missing ]]; then
        note "Seeding: $(wc -l <<<"$missing") of the $RIFFS riffs were created without a runtime (runtime_error: \"$(api GET "/api/apps/bench/riffs/$(head -n 1 <<<"$missing")" | grep -o '"runtime_error":"[^"]*"' | head -n 1 | cut -d'"' -f4)\"); a reset each gave them one"
        for slug in $missing; do
            reset_riff bench "$slug"
        done
    fi
    missing=$(riffs_without_runtime bench)
    [[ -z $missing ]] || die "riffs still without a runtime after the resets: $missing"
    local count
    count=$(api GET /api/apps/bench/riffs | head -n -1 | grep -o '"count":[0-9]*' | tail -n 1 | cut -d: -f2)
    # Every app also has its initial riff (rename-to-bench: VIBE_APPS_INITIAL_RIFF_SLUG is on by default).
    [[ $count == $(( RIFFS + 1 )) ]] || die "app bench lists $count riffs, expected $RIFFS and its initial riff"
    info "app bench: $count riffs (the initial one included), every one with a runtime"
}

# reset_riff APP RIFF: an agent reset, retried (up to 3 times) after the circuit breakers close again.
reset_riff() {
    local attempt status
    for attempt in 1 2 3; do
        settle
        status=$(api POST "/api/apps/$1/riffs/$2/reset" | tail -n 1)
        [[ $status == 200 ]] && return 0
    done
    die "reset of $1/$2 answered $status"
}

# circuit_breakers: the service's circuit breaker states, e.g. "runtime-api=closed runtime-api-start=closed".
circuit_breakers() {
    curl -s "$SERVICE/api/runtime/status" | grep -o '"circuit_breakers":{[^}]*}' \
        | sed 's/"circuit_breakers":{//; s/}//; s/"//g; s/:/=/g; s/,/ /g'
}

# service_busy: requests the service is still working on (the scrape itself excluded) plus runtime-api calls in
# flight or waiting for a slot, from the service's metrics.
service_busy() {
    curl -s "$MANAGEMENT/q/metrics" | awk '
        /^runtime_api_calls_(in_flight|waiting) / { sum += $2 }
        /^http_server_active_requests[ {]/ { sum += $NF - 1 }
        END { printf "%d", sum < 0 ? 0 : sum }'
}

# breaker_open NAME STATES: whether circuit breaker NAME is open or half open in STATES (from circuit_breakers).
breaker_open() { [[ " $2 " =~ " $1="(open|half_open)" " ]]; }

# settle: waits (bounded) until the warm-up's requests have drained (no request in progress, no runtime-api call in
# flight or waiting: wrk closes its connections at the end of a run, but the service finishes what it was doing) and both circuit breakers
# are closed, so that a scenario starts from a quiet service and does not inherit an open circuit from the one before. An open circuit closes only after trial calls, made here one at a time: a status
# look-up of the riff bench-probe/probe (the calls breaker), a create in the app bench-probe (/start's breaker).
settle() {
    local states started=$SECONDS
    while [[ $(service_busy) != 0 ]] && (( SECONDS - started < 30 )); do
        sleep 0.1
    done
    while states=$(circuit_breakers); [[ $states == *open* ]]; do
        (( SECONDS - started < 40 )) || { note "circuit breakers still not closed after 40 s: $states"; return 0; }
        if breaker_open runtime-api "$states"; then
            api GET /api/apps/bench-probe/riffs/probe/runtime/status >/dev/null
        fi
        if breaker_open runtime-api-start "$states"; then
            PROBES=$(( PROBES + 1 ))
            api POST /api/apps/bench-probe/riffs "{\"slug\":\"p$RUN_TAG-$PROBES\"}" >/dev/null
        fi
        sleep 1
    done
    (( SECONDS - started == 0 )) || info "waited $(( SECONDS - started )) s for the circuit breakers to close"
}

# --- Runtime-api calls per request -------------------------------------------------------------------------
# fake_calls FROM TO: lines of the fake's access log whose time ($msec) is within [FROM, TO] (after the flush).
fake_calls() {
    sleep 1.5   # access_log ... flush=1s
    awk -v from="$1" -v to="$2" '$1 >= from && $1 <= to' "$NGINX_PREFIX/access.log" | wc -l
}

# fake_calls_of FROM TO METHOD URI: calls of one endpoint within [FROM, TO] (after the flush).
fake_calls_of() {
    sleep 1.5
    awk -v from="$1" -v to="$2" -v m="$3" -v u="$4" '$1 >= from && $1 <= to && $3 == m && $4 == u' "$NGINX_PREFIX/access.log" | wc -l
}

# double_starts FROM TO: sessions that got more than one POST /start within [FROM, TO]; a riff started twice shows here.
double_starts() {
    sleep 1.5
    awk -v from="$1" -v to="$2" '$1 >= from && $1 <= to && $3 == "POST" && $4 == "/start" { n[$6]++ }
        END { d = 0; for (s in n) if (n[s] > 1) d++; print d }' "$NGINX_PREFIX/access.log"
}

# app_pauses FROM TO APP: POST /pause calls within [FROM, TO] of runtimes of the app APP (their ids hold its session).
app_pauses() {
    sleep 1.5
    awk -v from="$1" -v to="$2" -v app=":$3:" '$1 >= from && $1 <= to && $3 == "POST" && $4 == "/pause" && index($7, app) { n++ }
        END { print n + 0 }' "$NGINX_PREFIX/access.log"
}

fake_calls_by_endpoint() {
    awk -v from="$1" -v to="$2" '$1 >= from && $1 <= to { split($4, p, "/"); print $3 " /" p[2] " " $2 }' \
        "$NGINX_PREFIX/access.log" | sort | uniq -c \
        | awk '{ printf "%s%s %s %s: %d", sep, $2, $3, $4, $1; sep = ", " } END { if (NR == 0) printf "none" }'
}

# --- Scenarios -----------------------------------------------------------------------------------------------
# Each scenario function prints: CONNECTIONS PATH-OR-URL SCRIPT [VAR=VALUE...] for the generic runner, or runs
# itself (reads-during-slow-creates).
scenario_spec() {
    local status_one=$SERVICE/api/apps/bench/riffs/r-1/runtime/status
    local status_any="BENCH_PATHS=/api/apps/bench/riffs/r-{n}/runtime/status BENCH_RIFFS=$RIFFS"
    case $1 in
        status-one-64) echo "64 $status_one get.lua" ;;
        status-one-256) echo "256 $status_one get.lua" ;;
        status-spread-64) echo "64 $SERVICE/ rotate.lua $status_any" ;;
        status-spread-256) echo "256 $SERVICE/ rotate.lua $status_any" ;;
        list-1000-16) echo "16 $SERVICE/api/apps/bench/riffs get.lua" ;;
        create-16) echo "16 $SERVICE/api/apps/bench-create/riffs create.lua" ;;
        runtime-api-status-64) echo "64 $SERVICE/api/runtime/status get.lua" ;;
        list-10000-16) echo "16 $SERVICE/api/apps/bench-list/riffs get.lua" ;;
        list-10000-page-16) echo "16 $SERVICE/api/apps/bench-list/riffs?limit=$PAGE get.lua" ;;
        *) return 1 ;;
    esac
}

# record REPEAT SCENARIO CONNECTIONS RESULT CALLS [CALL-DIVISOR] [SERVICE-CPU-MS]
record() {
    local repeat=$1 scenario=$2 connections=$3 result=$4 calls=$5 divisor=${6:-} cpu=${7:-}
    local requests
    requests=$(field requests "$result")
    divisor=${divisor:-$requests}
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$repeat" "$scenario" "$connections" "$requests" \
        "$(field rps "$result")" "$(field p50_ms "$result")" "$(field p95_ms "$result")" "$(field p99_ms "$result")" \
        "$(field non2xx "$result")" "$(field socket_errors "$result")" "$calls" \
        "$(awk -v c="$calls" -v n="$divisor" 'BEGIN { printf "%.6f", n ? c / n : 0 }')" \
        "$(awk -v c="$cpu" -v n="$requests" 'BEGIN { if (c == "" || !n) print ""; else printf "%.3f", c / n }')" \
        "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS_TSV"
    info "$(field requests "$result") requests, $(field rps "$result") req/s, p50 $(field p50_ms "$result") ms, p99 $(field p99_ms "$result") ms, non-2xx $(field non2xx "$result"), socket errors $(field socket_errors "$result"), runtime-api calls $calls"
}

run_scenario() {
    local scenario=$1 repeat=$2
    case $scenario in
        reads-during-slow-creates) run_reads_during_slow_creates "$repeat"; return ;;
        user-share) run_user_share "$repeat"; return ;;
        catch-up-10000) run_catch_up "$repeat" "$scenario" "$BENCH_FLEET" 1 '1 minute' keep; return ;;
        refresh-lag-10000) run_refresh_lag "$repeat"; return ;;
        catch-up-hour-old) run_catch_up "$repeat" "$scenario" "$BENCH_FLEET" 1 '1 hour' delete; return ;;
        catch-up-100k) run_catch_up "$repeat" "$scenario" "$BENCH_LARGE_FLEET" 1 '1 hour' delete; return ;;
        catch-up-100k-3) run_catch_up "$repeat" "$scenario" "$BENCH_LARGE_FLEET" "$REPLICAS" '1 hour' delete; return ;;
        refresh-lag-100k) run_refresh_lag_large "$repeat"; return ;;
        warm-up) run_warm_up "$repeat"; return ;;
        list-10000-*) ensure_list_app ;;
    esac
    local spec connections url script vars
    spec=$(scenario_spec "$scenario")
    read -r connections url script vars <<<"$spec"
    local -a env_vars=()
    [[ -n ${vars:-} ]] && read -ra env_vars <<<"$vars"
    log "[$repeat/$BENCH_REPEAT] $scenario: $connections connections, $BENCH_DURATION"
    run_wrk "$repeat-$scenario-warmup" "$connections" "$BENCH_SCENARIO_WARMUP" "$url" "$script" \
        "${env_vars[@]}" BENCH_SLUG_PREFIX="w$RUN_TAG$repeat" >/dev/null
    settle
    local from to result cpu
    from=$(now)
    cpu=$(service_cpu_ms)
    result=$(run_wrk "$repeat-$scenario" "$connections" "$BENCH_DURATION" "$url" "$script" \
        "${env_vars[@]}" BENCH_SLUG_PREFIX="c$RUN_TAG$repeat")
    cpu=$(( $(service_cpu_ms) - cpu ))
    to=$(now)
    record "$repeat" "$scenario" "$connections" "$result" "$(fake_calls "$from" "$to")" "" "$cpu"
    local calls
    calls="runtime-api calls: $(fake_calls_by_endpoint "$from" "$to"); circuit breakers after: $(circuit_breakers)"
    echo "$repeat $scenario: $calls" >>"$OUT/runtime-api-calls.txt"
    info "$calls"
    if [[ $scenario == list-10000-page-16 ]]; then
        walk_list_pages
    fi
    if [[ $scenario == create-16 ]]; then
        local without total
        without=$(sql "select count(*) from riffs r join apps a on a.id = r.app_id where a.slug = 'bench-create' and r.runtime_id is null")
        total=$(sql "select count(*) from riffs r join apps a on a.id = r.app_id where a.slug = 'bench-create'")
        note "create-16 (run $repeat): riffs of app bench-create without a runtime: **$without** of $total$( (( without == 0 )) || echo " (should be 0)")"
    fi
}

run_reads_during_slow_creates() {
    local repeat=$1 scenario=reads-during-slow-creates
    local reads="BENCH_PATHS=/api/apps /api/apps/bench/riffs/r-1"
    log "[$repeat/$BENCH_REPEAT] $scenario: $SLOW_CREATES creates waiting ${BENCH_SLOW_START_LATENCY_MS} ms on /start, reads at 8 connections for $SLOW_READS_DURATION"
    run_wrk "$repeat-$scenario-warmup" 8 "$BENCH_SCENARIO_WARMUP" "$SERVICE/" rotate.lua "$reads" >/dev/null
    settle
    set_start_latency "$BENCH_SLOW_START_LATENCY_MS"
    local creates=$OUT/wrk/$repeat-$scenario-creates.txt i from to result
    : >"$creates"
    from=$(now)
    for i in $(seq "$SLOW_CREATES"); do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 60 -H "$USER_HEADER" -H "$JSON_HEADER" \
            -d "{\"slug\":\"s$RUN_TAG$repeat-$i\"}" "$SERVICE/api/apps/bench-slow/riffs" >>"$creates" &
        BACKGROUND_PIDS+=($!)
    done
    sleep 0.5   # the creates are now waiting on /start
    result=$(run_wrk "$repeat-$scenario" 8 "$SLOW_READS_DURATION" "$SERVICE/" rotate.lua "$reads")
    wait "${BACKGROUND_PIDS[@]}" || true
    BACKGROUND_PIDS=()
    to=$(now)
    set_start_latency "$BENCH_START_LATENCY_MS"
    local calls without
    calls=$(fake_calls "$from" "$to")
    record "$repeat" "$scenario" 8 "$result" "$calls" $(( $(field requests "$result") + SLOW_CREATES ))
    without=$(riffs_without_runtime bench-slow | grep -c "^s$RUN_TAG$repeat-" || true)
    echo "$repeat $scenario: runtime-api calls: $(fake_calls_by_endpoint "$from" "$to")" >>"$OUT/runtime-api-calls.txt"
    note "$scenario (run $repeat): reads p50/p95/p99 $(field p50_ms "$result") / $(field p95_ms "$result") / $(field p99_ms "$result") ms, non-2xx $(field non2xx "$result"); the $SLOW_CREATES creates: $(statuses "$creates") in $(sort -g -k2 "$creates" | awk '{ t[NR] = $2 } END { printf "%.1f s (min) / %.1f s (median) / %.1f s (max)", t[1], t[int((NR + 1) / 2)], t[NR] }'), $without of them without a runtime; runtime-api calls during the scenario: $(fake_calls_by_endpoint "$from" "$to")"
}

# user-share: fair shares, with the default limits (32 requests of a user in progress, half of the runtime-api calls).
# One user (bench-user) floods runtime status look-ups of their 1,000 riffs at FLOOD_CONNECTIONS; another (bench-other)
# looks up their own riffs at OTHER_CONNECTIONS, first alone, then under the flood. The row is the other user's under
# the flood: their latency and errors, which should be as without it (the notes compare); the flooder's answers (429
# user_overloaded beyond their limits) are in the notes.
run_user_share() {
    local repeat=$1 scenario=user-share
    local other_header="X-User-UUID: $OTHER_USER_ID" i status
    local flood="BENCH_PATHS=/api/apps/bench/riffs/r-{n}/runtime/status BENCH_RIFFS=$RIFFS"
    local other="BENCH_PATHS=/api/apps/bench-other/riffs/o-{n}/runtime/status BENCH_RIFFS=$OTHER_CONNECTIONS"
    if [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$other_header" "$SERVICE/api/apps/bench-other") != 200 ]]; then
        status=$(curl -s -o /dev/null -w '%{http_code}' -H "$other_header" -H "$JSON_HEADER" -d '{"slug":"bench-other"}' "$SERVICE/api/apps")
        [[ $status == 201 ]] || die "creating the app bench-other answered $status"
        for i in $(seq "$OTHER_CONNECTIONS"); do
            status=$(curl -s -o /dev/null -w '%{http_code}' -H "$other_header" -H "$JSON_HEADER" -d "{\"slug\":\"o-$i\"}" \
                "$SERVICE/api/apps/bench-other/riffs")
            [[ $status == 201 ]] || die "creating the riff bench-other/o-$i answered $status"
        done
    fi
    [[ $BENCH_DURATION =~ ^[0-9]+s$ ]] || die "user-share needs BENCH_DURATION in seconds, such as 15s"
    restart_service_with_share 0.5 32
    log "[$repeat/$BENCH_REPEAT] $scenario: $FLOOD_CONNECTIONS connections of $USER_ID and $OTHER_CONNECTIONS of $OTHER_USER_ID, $BENCH_DURATION"
    settle
    local from to result alone flood_output=$OUT/wrk/$repeat-$scenario-flood.txt
    alone=$(WRK_USER_HEADER=$other_header run_wrk "$repeat-$scenario-alone" "$OTHER_CONNECTIONS" "$BENCH_DURATION" "$SERVICE/" rotate.lua $other)
    from=$(now)
    # The flood starts first and ends last, so that the other user's whole run is under it.
    run_wrk "$repeat-$scenario-flood" "$FLOOD_CONNECTIONS" "$(( ${BENCH_DURATION%s} + 2 ))s" "$SERVICE/" rotate.lua $flood >/dev/null &
    BACKGROUND_PIDS+=($!)
    sleep 1
    result=$(WRK_USER_HEADER=$other_header run_wrk "$repeat-$scenario" "$OTHER_CONNECTIONS" "$BENCH_DURATION" "$SERVICE/" rotate.lua $other)
    wait "${BACKGROUND_PIDS[@]}" || true
    BACKGROUND_PIDS=()
    to=$(now)
    local flooded
    flooded=$(grep '^BENCH_RESULT ' "$flood_output" || true)
    # Runtime-api calls per request of both users: the calls are the flood's too.
    record "$repeat" "$scenario" "$OTHER_CONNECTIONS" "$result" "$(fake_calls "$from" "$to")" \
        $(( $(field requests "$result") + $(field requests "${flooded:-requests=0}") ))
    restart_service_with_share 1 0
    note "$scenario (run $repeat, the default limits: VIBE_USERS_MAX_REQUESTS_IN_FLIGHT=32, RUNTIME_API_CONCURRENCY_USER_SHARE=0.5): $OTHER_USER_ID at $OTHER_CONNECTIONS connections under the flood: p50/p95/p99 $(field p50_ms "$result") / $(field p95_ms "$result") / $(field p99_ms "$result") ms, $(field requests "$result") requests, non-2xx $(field non2xx "$result"), socket errors $(field socket_errors "$result") (alone just before: p50/p95/p99 $(field p50_ms "$alone") / $(field p95_ms "$alone") / $(field p99_ms "$alone") ms, $(field rps "$alone") req/s, non-2xx $(field non2xx "$alone")); $USER_ID at $FLOOD_CONNECTIONS connections: $(field requests "$flooded") requests, $(field rps "$flooded") req/s, non-2xx (429 beyond their limits) $(field non2xx "$flooded")"
}

# restart_service_with_share SHARE REQUESTS: the service again, with RUNTIME_API_CONCURRENCY_USER_SHARE=SHARE and
# VIBE_USERS_MAX_REQUESTS_IN_FLIGHT=REQUESTS, warmed up.
restart_service_with_share() {
    stop_service
    USER_SHARE=$1
    USER_REQUESTS=$2
    start_service
    warm_up
}

# run_catch_up REPEAT SCENARIO COUNT REPLICAS AGE keep|delete: COUNT riffs inserted without a runtime, created and last
# active AGE ago (an outage of that length leaves them so; the fake finds no runtime for their sessions), and the time
# until the reconciler (default settings, on REPLICAS service instances sharing the database) has given every one a
# runtime. Also counted: sessions started more than once (must be 0), pauses of its runtimes during the catch-up (idle pauses of other apps' riffs go on meanwhile) and riffs of the app
# paused one reconciler interval after it (both must be 0: runtimes just started are not idle). "delete" removes the
# riffs afterwards (with SQL: the fake keeps no state), so that the scenarios after it start from the same fleet.
run_catch_up() {
    local repeat=$1 scenario=$2 count=$3 replicas=$4 age=$5 after=$6 app="catchup-$RUN_TAG-$1-${2//[^a-z0-9]/}"
    log "[$repeat/$BENCH_REPEAT] $scenario: $count riffs without a runtime, created $age ago, in app $app; $replicas service instance(s), default settings"
    if (( replicas > 1 )); then
        start_replicas "$replicas"
    fi
    create_app "$app"
    set_absent_sessions ":$app:"
    local from to left elapsed doubles pauses paused load
    load=$(loadavg)
    sql "insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, next_start_at, last_activity_at)
         select a.id, a.user_id, 'f-' || n, now() - interval '$age', a.user_id, a.user_id || ':' || a.slug || ':f-' || n,
                now() - interval '$age', now() - interval '$age'
         from apps a, generate_series(1, $count) n where a.user_id = '$USER_ID' and a.slug = '$app'" >/dev/null
    from=$(now)
    while left=$(sql "select count(*) from riffs r join apps a on a.id = r.app_id where a.slug = '$app' and r.runtime_id is null");
          (( left > 0 )); do
        (( $(awk -v f="$from" -v n="$(now)" -v t="$BENCH_CATCH_UP_TIMEOUT" 'BEGIN { print (n - f > t) }') )) \
            && { note "$scenario: $left riffs still without a runtime after $BENCH_CATCH_UP_TIMEOUT s"; break; }
        sleep 0.5
    done
    to=$(now)
    set_absent_sessions ""
    sleep 6   # one reconciler interval and more: the idle pauses had their chance at the runtimes just started
    paused=$(sql "select count(*) from riffs r join apps a on a.id = r.app_id where a.slug = '$app' and r.runtime_status = 'paused'")
    elapsed=$(awk -v f="$from" -v t="$to" 'BEGIN { printf "%.1f", t - f }')
    doubles=$(double_starts "$from" "$to")
    pauses=$(app_pauses "$from" "$to" "$app")
    if (( replicas > 1 )); then
        stop_replicas
    fi
    printf '%s\t%s\t%s\t%s\n' "$repeat" "$scenario" "$elapsed" "$(awk -v n="$count" -v e="$elapsed" 'BEGIN { printf "%.0f", n / e }')" >>"$OUT/fleet.tsv"
    echo "$repeat $scenario: runtime-api calls: $(fake_calls_by_endpoint "$from" "$to")" >>"$OUT/runtime-api-calls.txt"
    note "$scenario (run $repeat): $count riffs created $age ago without a runtime, $replicas instance(s) → all with one in **$elapsed s** ($(awk -v n="$count" -v e="$elapsed" 'BEGIN { printf "%.0f", n / e }') riffs/s; the wait for the next reconciler run included), $left left; sessions started twice: **$doubles**; pauses of its runtimes during the catch-up: **$pauses**, riffs of the app paused after it: **$paused**; load average $load at the start, $(loadavg) at the end; runtime-api calls: $(fake_calls_by_endpoint "$from" "$to")"
    if [[ $after == delete ]]; then
        sql "delete from riffs where app_id = (select id from apps where user_id = '$USER_ID' and slug = '$app')" >/dev/null
        sql "delete from apps where user_id = '$USER_ID' and slug = '$app'" >/dev/null
    fi
}

# status_lag: seconds since the status of the live riff confirmed longest ago was confirmed: its last write, or the
# last check of its refresh bucket (the refresh writes a riff only when its status changed).
status_lag() {
    sql "select coalesce(round(extract(epoch from max(now() - greatest(r.runtime_status_at, b.checked_at)))), 0)
         from riffs r join runtime_refresh_buckets b on b.bucket = mod(r.id, 1024)
         where r.runtime_id is not null and r.runtime_status not in ('stopped', 'missing')"
}

# refresh-lag-10000: how old the stored runtime status of the live riffs (the catch-up's BENCH_FLEET and the rest)
# gets while the reconciler refreshes them with default settings, sampled every 5 s for BENCH_REFRESH_WINDOW s.
run_refresh_lag() {
    local repeat=$1 scenario=refresh-lag-10000
    local live from to lag worst=0 samples=0
    live=$(sql "select count(*) from riffs where runtime_id is not null and runtime_status not in ('stopped', 'missing')")
    log "[$repeat/$BENCH_REPEAT] $scenario: age of the stored status of $live live riffs, for $BENCH_REFRESH_WINDOW s"
    from=$(now)
    while (( $(awk -v f="$from" -v n="$(now)" 'BEGIN { print (n - f < '"$BENCH_REFRESH_WINDOW"') }') )); do
        lag=$(status_lag)
        lag=${lag%.*}
        (( lag > worst )) && worst=$lag
        samples=$(( samples + 1 ))
        sleep 5
    done
    to=$(now)
    printf '%s\t%s\t%s\t%s\n' "$repeat" "$scenario" "$worst" "$live" >>"$OUT/fleet.tsv"
    echo "$repeat $scenario: runtime-api calls: $(fake_calls_by_endpoint "$from" "$to")" >>"$OUT/runtime-api-calls.txt"
    note "$scenario (run $repeat): $live live riffs; the oldest stored status was at most **$worst s** old over $samples samples (target: under the 60 s of RUNTIME_API_RECONCILER_REFRESH_EVERY); load average $(loadavg) at the end; runtime-api calls: $(fake_calls_by_endpoint "$from" "$to")"
}

# refresh-lag-100k: BENCH_LARGE_FLEET live riffs of another user (inserted as running, their statuses refreshed over
# the last 30 s, unless that user's app bench-refresh has them already), then the age of the oldest stored status among all live riffs,
# sampled every 5 s for BENCH_REFRESH_WINDOW s, while reads (GET /api/apps and one riff, 8 connections) run the whole
# time: their latency is compared with the same reads for 10 s before the fleet existed.
run_refresh_lag_large() {
    local repeat=$1 scenario=refresh-lag-100k app=bench-refresh
    local reads="BENCH_PATHS=/api/apps /api/apps/bench/riffs/r-1" before during
    log "[$repeat/$BENCH_REPEAT] $scenario: $BENCH_LARGE_FLEET live riffs in app $app, reads at 8 connections meanwhile"
    if [[ -z $(sql "select 1 from apps where user_id = '$FLEET_USER_ID' and slug = '$app'") ]]; then
        before=$(run_wrk "$repeat-$scenario-before" 8 10s "$SERVICE/" rotate.lua "$reads")
        sql "insert into apps (user_id, slug, name, created_at, created_by)
             values ('$FLEET_USER_ID', '$app', '$app', now(), '$FLEET_USER_ID')" >/dev/null
        sql "insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, runtime_id, runtime_url, session_api_key,
                                runtime_status, runtime_status_at, last_activity_at, runtime_started_at)
             select a.id, a.user_id, 'l-' || n, now(), a.user_id, s.id, 'rt-' || s.id, '$FAKE/agent/rt-' || s.id, 'k-' || n,
                    'running', now() - random() * interval '30 seconds', now(), now()
             from apps a, generate_series(1, $BENCH_LARGE_FLEET) n,
                  lateral (select a.user_id || ':' || a.slug || ':l-' || n as id) s
             where a.user_id = '$FLEET_USER_ID' and a.slug = '$app'" >/dev/null
    else
        before=$(run_wrk "$repeat-$scenario-before" 8 10s "$SERVICE/" rotate.lua "$reads")
    fi
    local live from to lag worst=0 samples=0 load
    live=$(sql "select count(*) from riffs where runtime_id is not null and runtime_status not in ('stopped', 'missing')")
    load=$(loadavg)
    from=$(now)
    run_wrk "$repeat-$scenario" 8 "${BENCH_REFRESH_WINDOW}s" "$SERVICE/" rotate.lua "$reads" >"$OUT/wrk/$repeat-$scenario.result" &
    local reader=$!
    BACKGROUND_PIDS+=("$reader")
    while (( $(awk -v f="$from" -v n="$(now)" 'BEGIN { print (n - f < '"$BENCH_REFRESH_WINDOW"') }') )); do
        lag=$(status_lag)
        lag=${lag%.*}
        (( lag > worst )) && worst=$lag
        samples=$(( samples + 1 ))
        sleep 5
    done
    wait "$reader" || true
    BACKGROUND_PIDS=()
    to=$(now)
    during=$(cat "$OUT/wrk/$repeat-$scenario.result")
    record "$repeat" "$scenario" 8 "$during" "$(fake_calls "$from" "$to")"
    printf '%s\t%s\t%s\t%s\n' "$repeat" "$scenario" "$worst" "$live" >>"$OUT/fleet.tsv"
    echo "$repeat $scenario: runtime-api calls: $(fake_calls_by_endpoint "$from" "$to")" >>"$OUT/runtime-api-calls.txt"
    # The scenarios after this one (and its next run) must not carry a fleet of 100,000 live riffs being refreshed.
    sql "delete from riffs where app_id = (select id from apps where user_id = '$FLEET_USER_ID' and slug = '$app')" >/dev/null
    sql "delete from apps where user_id = '$FLEET_USER_ID' and slug = '$app'" >/dev/null
    note "$scenario (run $repeat): $live live riffs; the oldest stored status was at most **$worst s** old over $samples samples (target: under the 60 s of RUNTIME_API_RECONCILER_REFRESH_EVERY); reads meanwhile p50/p99 $(field p50_ms "$during") / $(field p99_ms "$during") ms, $(field rps "$during") req/s, non-2xx $(field non2xx "$during") (before the fleet: $(field p50_ms "$before") / $(field p99_ms "$before") ms, $(field rps "$before") req/s); load average $load at the start, $(loadavg) at the end; runtime-api calls: $(fake_calls_by_endpoint "$from" "$to")"
}

# ensure_list_app: the app bench-list with BENCH_LIST_RIFFS riffs (inserted with SQL, queued so that no runtime is
# started for them, one millisecond apart), unless it has them already.
ensure_list_app() {
    [[ -n $(sql "select 1 from apps where user_id = '$USER_ID' and slug = 'bench-list'") ]] && return 0
    info "app bench-list: inserting $BENCH_LIST_RIFFS riffs"
    create_app bench-list
    sql "insert into riffs (app_id, user_id, slug, description, created_at, created_by, session_id, runtime_status, runtime_error, next_start_at)
         select a.id, a.user_id, 'l-' || n, 'riff number ' || n, now() - n * interval '1 millisecond', a.user_id,
                a.user_id || ':bench-list:l-' || n, 'queued', 'bench: no runtime', now() + interval '1 day'
         from apps a, generate_series(1, $BENCH_LIST_RIFFS) n where a.user_id = '$USER_ID' and a.slug = 'bench-list'" >/dev/null
}

# walk_list_pages: every page of bench-list, one after the other with curl, following next_cursor; notes the time.
walk_list_pages() {
    local cursor= pages=0 riffs=0 body from
    from=$(now)
    while :; do
        body=$(curl -s -H "$USER_HEADER" "$SERVICE/api/apps/bench-list/riffs?limit=$PAGE${cursor:+&cursor=$cursor}")
        pages=$(( pages + 1 ))
        riffs=$(( riffs + $(grep -o '"count":[0-9]*' <<<"$body" | tail -n 1 | cut -d: -f2) ))
        cursor=$(grep -o '"next_cursor":"[^"]*"' <<<"$body" | cut -d'"' -f4 || true)
        [[ -n $cursor ]] || break
    done
    note "list-10000-page-16: all $riffs riffs of bench-list walked in $pages pages of $PAGE in $(awk -v f="$from" -v t="$(now)" 'BEGIN { printf "%.2f", t - f }') s (one after the other)"
}

# warm-up: the service restarted (a cold JVM, the database as it is), then the status of the 1,000 riffs at 64
# connections (status-spread-64) for BENCH_WARM_DURATION s from the moment it is ready, in one wrk run that counts the
# answers of every second (bench/wrk/timeline.lua). Warm throughput: the median of the last 5 whole seconds; cold: the
# first 5 seconds; the time from ready until the 3-second average first reaches 50 % and 80 % of warm (and 80 % from
# launch); and what the first 30 s served, as a share of 30 warm seconds (a warm figure still climbing at the end of
# the run puts 80 % late even when the start went well: the share shows the start). Ready comes after the service's
# warm-up (until its compiler has caught up, at most VIBE_WARM_UP_DURATION; 0S measures without one).
# time_to_share_of_warm SHARE WARM TSV: the first second after ready whose 3-second average reaches SHARE of WARM.
time_to_share_of_warm() {
    awk -v share="$1" -v w="$2" '{ t[NR] = $1; v[NR] = $2 } END {
        for (i = 3; i <= NR; i++) if ((v[i] + v[i - 1] + v[i - 2]) / 3 >= share * w) { print t[i]; exit } }' "$3"
}

run_warm_up() {
    local repeat=$1 scenario=warm-up ready result timeline warm cold t80 t50 first30 load warmed from_launch
    log "[$repeat/$BENCH_REPEAT] $scenario: restart, then status-spread-64 for ${BENCH_WARM_DURATION} s from ready"
    local first_startup=$STARTUP_MS first_rss=$RSS_START_MB restart_ms
    stop_service
    start_service "$OUT/service-warm-up-$repeat.log"
    ready=$(date +%s)
    load=$(loadavg)
    restart_ms=$STARTUP_MS
    STARTUP_MS=$first_startup RSS_START_MB=$first_rss   # the report's start-up figures stay those of the first start
    result=$(env "BENCH_PATHS=/api/apps/bench/riffs/r-{n}/runtime/status" BENCH_RIFFS=$RIFFS \
        wrk -t"$WRK_THREADS" -c64 -d"${BENCH_WARM_DURATION}s" --timeout 10s --latency -H "$USER_HEADER" \
        -s bench/wrk/timeline.lua "$SERVICE/" 2>&1 | tee "$OUT/wrk/$repeat-$scenario.txt")
    timeline=$(grep '^BENCH_TIMELINE ' <<<"$result" | cut -d' ' -f2- || true)
    # seconds since ready, answers in that second (0 for a second without any); the last (partial) second left out
    tr ' ' '\n' <<<"$timeline" | awk -F: -v r="$ready" 'NF == 2 { n[$1 - r] = $2; if ($1 - r > last) last = $1 - r }
        END { for (t = 0; t < last; t++) print t "\t" (t in n ? n[t] : 0) }' >"$OUT/warm-up-$repeat.tsv"
    [[ -s $OUT/warm-up-$repeat.tsv ]] || { note "$scenario (run $repeat): no answer within ${BENCH_WARM_DURATION} s of ready"; return 0; }
    warm=$(tail -n 5 "$OUT/warm-up-$repeat.tsv" | cut -f2 | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    cold=$(head -n 5 "$OUT/warm-up-$repeat.tsv" | awk '{ s += $2 } END { printf "%.0f", NR ? s / NR : 0 }')
    t80=$(time_to_share_of_warm 0.8 "$warm" "$OUT/warm-up-$repeat.tsv")
    t50=$(time_to_share_of_warm 0.5 "$warm" "$OUT/warm-up-$repeat.tsv")
    first30=$(head -n 30 "$OUT/warm-up-$repeat.tsv" | awk -v w="$warm" '{ s += $2 } END { printf "%d answers, %.0f", s, NR && w ? 100 * s / (w * NR) : 0 }')
    printf '%s\t%s\t%s\t%s\n' "$repeat" "$scenario" "${t80:-never}" "$warm" >>"$OUT/fleet.tsv"
    warmed=$(grep -o '"message":"Warm-up done in [0-9]* ms[^"]*"' "$OUT/service-warm-up-$repeat.log" | cut -c12- | tr -d '"' || true)
    from_launch=$([[ -n $t80 ]] && awk -v r="$restart_ms" -v t="$t80" 'BEGIN { printf "%.0f", r / 1000 + t }' || echo never)
    printf '%s\t%s\t%s\t%s\n' "$repeat" "$scenario-from-launch" "$from_launch" "$warm" >>"$OUT/fleet.tsv"
    note "$scenario (run $repeat): status-spread-64 from ready: cold (first 5 s) **$cold req/s**, warm (median of the last 5 s) **$warm req/s**, 50 % of warm (3-second average) reached **${t50:-never} s** after ready, 80 % **${t80:-never} s** after ready and **$from_launch s** after launch; the first 30 s after ready served **$first30 %** of what 30 warm seconds serve; ready $restart_ms ms after launch (${warmed:-no warm-up}; VIBE_WARM_UP_DURATION=${VIBE_WARM_UP_DURATION:-default}); load average $load at the start, $(loadavg) at the end; answers per second since ready: $(cut -f2 "$OUT/warm-up-$repeat.tsv" | paste -sd' ')"
}

warm_up() {
    if [[ $BENCH_WARMUP == 0 || $BENCH_WARMUP == 0s ]]; then
        info "No JVM warm-up (BENCH_WARMUP=$BENCH_WARMUP): every scenario is measured cold"
        return 0
    fi
    log "Warming the JVM up: $BENCH_WARMUP of mixed reads at 16 connections (not reported)"
    run_wrk warmup 16 "$BENCH_WARMUP" "$SERVICE/" rotate.lua BENCH_RIFFS=$RIFFS \
        "BENCH_PATHS=/api/apps /api/apps/bench/riffs/r-{n} /api/apps/bench/riffs/r-{n}/runtime/status /api/apps/bench/riffs /api/runtime/status" \
        >/dev/null
}

# --- Report --------------------------------------------------------------------------------------------------
# summary SCENARIO COLUMN [FORMAT]: "median" for one run, "median (min–max)" for several (COLUMN of
# results.tsv). Without FORMAT: whole numbers from 100 up, two decimals below.
summary() {
    awk -F'\t' -v s="$1" -v c="$2" '$2 == s && $c != "" { print $c }' "$RESULTS_TSV" | sort -g | awk -v format="${3:-}" '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "–"; exit }
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            f = format != "" ? format : (m >= 100 || m == int(m)) ? "%.0f" : "%.2f"
            if (NR == 1) printf f "\n", m
            else printf f " (" f "–" f ")\n", m, v[1], v[NR]
        }'
}

# log_summary: size of the service log, its WARN and ERROR lines and the most frequent WARN message.
log_summary() {
    local log=$OUT/service.log warn error top
    warn=$(grep -c '"level":"WARN"' "$log" || true)
    error=$(grep -c '"level":"ERROR"' "$log" || true)
    top=$(grep '"level":"WARN"' "$log" | grep -o '"message":"[^"]*"' | cut -c12- | sed 's/"$//; s/[0-9][0-9]*/N/g' \
        | sort | uniq -c | sort -rn | head -n 1 | sed 's/^ *\([0-9]*\) /\1× /')
    echo "$(wc -l <"$log") lines, $(du -h "$log" | cut -f1), $warn WARN, $error ERROR${top:+; most frequent WARN: $top}"
}

report() {
    local md=$OUT/results.md scenario connections
    {
        echo "# Benchmark of vibe-riffs ($(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%MZ))"
        echo
        echo "Each scenario: wrk, $WRK_THREADS threads, $BENCH_DURATION after $BENCH_SCENARIO_WARMUP of warm-up; fake runtime-api latency ${BENCH_LATENCY_MS} ms (/start ${BENCH_START_LATENCY_MS} ms). Warm figures: the JVM had $BENCH_WARMUP of mixed reads first (0: cold); the warm-up scenario gives the cold ones."
        if (( BENCH_REPEAT > 1 )); then
            echo "Median of $BENCH_REPEAT runs (min–max in brackets)."
        fi
        echo
        echo "Load averages (1, 5, 15 min) of the machine: $LOAD_AT_START at the start, $(loadavg) at the end; the table's last column is the 1-minute load at the end of each run."
        echo
        echo "| scenario | connections | req/s | p50 ms | p95 ms | p99 ms | non-2xx | socket errors | runtime-api calls/request | service CPU ms/request | load |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for scenario in "${SELECTED[@]}"; do
            connections=$(awk -F'\t' -v s="$scenario" '$2 == s { print $3; exit }' "$RESULTS_TSV")
            [[ -n $connections ]] || continue
            echo "| $scenario | $connections | $(summary "$scenario" 5) | $(summary "$scenario" 6) | $(summary "$scenario" 7) | $(summary "$scenario" 8) | $(summary "$scenario" 9) | $(summary "$scenario" 10) | $(summary "$scenario" 12 %.3g) | $(summary "$scenario" 13 %.2f) | $(summary "$scenario" 14 %.2f) |"
        done
        echo
        if [[ -s $NOTES ]]; then
            sed 's/^/- /' "$NOTES"
            echo
        fi
        echo "- Service: start-up $STARTUP_MS ms (launch to ready), RSS $RSS_START_MB MB after start, $RSS_BEFORE_MB MB before the scenarios, $RSS_END_MB MB after the run; JVM options: \`$(java_options)\`"
        echo "- Service log: $(log_summary)"
        echo "- Fake runtime-api alone (GET /runtime/x): $FAKE_CEILING"
        echo "- Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) memory, $(java -version 2>&1 | head -n 1)"
        echo
        echo "Per-run figures: \`$RESULTS_TSV\`; runtime-api calls by endpoint: \`$OUT/runtime-api-calls.txt\`; wrk outputs: \`$OUT/wrk/\`; logs: \`$OUT/service.log\`, \`$OUT/nginx/access.log\`."
    } >"$md"
    log "Results ($md)"
    cat "$md"
}

# --- Main ----------------------------------------------------------------------------------------------------
cleanup() {
    local pid
    for pid in "${BACKGROUND_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    stop_replicas
    stop_service
    stop_fake
}

main() {
    SELECTED=()
    local arg s
    if (( $# == 0 )) && [[ -n $BENCH_SCENARIOS ]]; then
        set -- ${BENCH_SCENARIOS//,/ }
    fi
    for arg in "$@"; do
        case $arg in
            -h|--help) usage; exit 0 ;;
        esac
        for s in "${SCENARIOS[@]}"; do
            [[ $arg == "$s" ]] && continue 2
        done
        die "unknown scenario '$arg' (one of: ${SCENARIOS[*]})"
    done
    # The scenarios run in their order above, whatever the order of the arguments.
    for s in "${SCENARIOS[@]}"; do
        if (( $# == 0 )) || [[ " $* " == *" $s "* ]]; then
            SELECTED+=("$s")
        fi
    done
    [[ $BENCH_REPEAT =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPEAT must be a positive number"

    ensure_tools
    LOAD_AT_START=$(loadavg)
    port_in_use "$SERVICE_PORT" && die "port $SERVICE_PORT is in use (another benchmark?)"
    port_in_use "$MANAGEMENT_PORT" && die "port $MANAGEMENT_PORT is in use (another benchmark?)"
    port_in_use "$FAKE_PORT" && die "port $FAKE_PORT is in use (another benchmark?)"
    build_jar
    rm -rf "$OUT"
    mkdir -p "$OUT/wrk"
    NGINX_PREFIX=$(realpath "$OUT")/nginx
    : >"$NOTES"
    : >"$RESULTS_TSV"
    trap cleanup EXIT
    trap 'exit 130' INT TERM

    create_database
    start_fake
    verify_fake
    measure_fake_ceiling
    start_service
    seed
    warm_up
    RSS_BEFORE_MB=$(rss_mb)
    info "service RSS before the scenarios: $RSS_BEFORE_MB MB"

    local repeat scenario
    for repeat in $(seq "$BENCH_REPEAT"); do
        for scenario in "${SELECTED[@]}"; do
            run_scenario "$scenario" "$repeat"
        done
    done
    RSS_END_MB=$(rss_mb)
    report
}

main "$@"
