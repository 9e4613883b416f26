-- POST creates of new riffs in the app of the URL (wrk.path, e.g. /api/apps/bench-create/riffs): every request
-- a slug never used before, "<BENCH_SLUG_PREFIX>-t<thread>-<counter>". BENCH_SLUG_PREFIX must differ from run
-- to run (bench/run.sh derives it from the time and the repeat), or the creates become adoptions (200).

dofile("bench/wrk/report.lua")

local threads = 0
function setup(thread)
   thread:set("thread_index", threads)
   threads = threads + 1
end

local prefix
local count = 0

function init(args)
   prefix = (os.getenv("BENCH_SLUG_PREFIX") or "c") .. "-t" .. tostring(thread_index or 0) .. "-"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   count = count + 1
   return wrk.format("POST", wrk.path, nil, '{"slug":"' .. prefix .. count .. '"}')
end
