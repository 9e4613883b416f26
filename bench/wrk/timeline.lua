-- rotate.lua (BENCH_PATHS, BENCH_RIFFS), plus the completed responses of every second of the run: at the end a
-- "BENCH_TIMELINE <epoch second>:<responses> ..." line after the BENCH_RESULT one. bench/run.sh's warm-up scenario
-- reads it to follow the throughput of a cold service second by second in one run (no reconnection between samples).

dofile("bench/wrk/rotate.lua")

local all_threads = {}
local rotate_setup = setup
function setup(thread)
   rotate_setup(thread)
   table.insert(all_threads, thread)
end

per_second = {} -- global: done() reads it from each thread (thread:get)
function response(status, headers, body)
   local second = os.time()
   per_second[second] = (per_second[second] or 0) + 1
end

local report_done = done
function done(summary, latency, requests)
   report_done(summary, latency, requests)
   local merged = {}
   for _, thread in ipairs(all_threads) do
      local counts = thread:get("per_second") or {}
      for second, count in pairs(counts) do
         merged[second] = (merged[second] or 0) + count
      end
   end
   local seconds = {}
   for second in pairs(merged) do
      table.insert(seconds, second)
   end
   table.sort(seconds)
   local line = {}
   for _, second in ipairs(seconds) do
      table.insert(line, string.format("%d:%d", second, merged[second]))
   end
   io.write("BENCH_TIMELINE " .. table.concat(line, " ") .. "\n")
end
