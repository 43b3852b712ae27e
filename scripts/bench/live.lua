-- The HTTP ceiling of this machine: the cheapest route the API has (GET /health/live).
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "scripts/bench") .. "/?.lua"
require "report"

function init(args)
  answers = {}
end

function request()
  return wrk.format("GET", "/health/live")
end

function response(status, headers, body)
  count_answer(status, nil)
end
