-- Each request asks a query no earlier request asked (an ignored parameter `r` grows), so no cache answers.
counter = 0
request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "r=" .. counter .. "-" .. math.random(1, 1000000000))
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("requests %d in %.1f s (%.1f/s), errors %d, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
