-- Shared by the bench scripts: counts answers by status and error code in every thread, and prints one
-- machine-readable RESULT line (requests, duration, p50/p99 in microseconds, the answer mix) when wrk ends.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function count_answer(status, body)
  local key = tostring(status)
  if status >= 400 and body then
    local code = body:match('"error":"([A-Z_]+)"')
    if code then key = key .. ":" .. code end
  end
  answers[key] = (answers[key] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("answers") or {}) do merged[key] = (merged[key] or 0) + n end
  end
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d connect_errors=%d timeouts=%d",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.timeout))
  for key, n in pairs(merged) do io.write(" ", key, "=", n) end
  io.write("\n")
end
