-- Prints throughput, latency percentiles (including p95) and errors when wrk finishes.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("requests %d in %.1f s (%.1f/s), errors %d, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
