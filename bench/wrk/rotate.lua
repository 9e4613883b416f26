-- GET requests that go round the paths in BENCH_PATHS (separated by spaces), one path per request.
-- "{n}" in a path becomes a riff number going round 1..BENCH_RIFFS (default 1000); each thread starts at its
-- own offset so that threads do not ask for the same riff at the same time.
--   BENCH_PATHS="/api/apps/bench/riffs/r-{n}/runtime/status"   every riff in turn
--   BENCH_PATHS="/api/apps /api/apps/bench/riffs/r-1"            alternating reads

dofile("bench/wrk/report.lua")

local threads = 0
function setup(thread)
   thread:set("thread_index", threads)
   threads = threads + 1
end

local paths = {}
local riffs = tonumber(os.getenv("BENCH_RIFFS") or "1000")
local i = 0
local n = 0

function init(args)
   for path in string.gmatch(os.getenv("BENCH_PATHS") or wrk.path, "%S+") do
      paths[#paths + 1] = path
   end
   local index = tonumber(thread_index) or 0
   n = (index * 997) % riffs
   i = index % #paths
end

function request()
   local path = paths[i % #paths + 1]
   i = i + 1
   if string.find(path, "{n}", 1, true) then
      path = string.gsub(path, "{n}", tostring(n + 1))
      n = (n + 1) % riffs
   end
   return wrk.format("GET", path)
end
