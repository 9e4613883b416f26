-- Shared by every wrk script of the benchmark: one machine-readable line at the end of a run, which
-- bench/run.sh parses. Latencies are in microseconds in wrk; printed in milliseconds.
-- Loaded with dofile() by the other scripts (paths are relative to the repository root, where run.sh runs wrk).

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
