-- A realistic drop: every request is a new shopper (a crowd far larger than the stock, each buying 1) on the
-- one product $BENCH_PRODUCT of $BENCH_SALE, until the run ends. Used for the drop with a payment window and
-- the same drop with instant confirmation.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "scripts/bench") .. "/?.lua"
require "report"

local sale = os.getenv("BENCH_SALE")
local product = os.getenv("BENCH_PRODUCT") or "drop"
local path = "/api/sales/" .. sale .. "/orders"
local headers = { ["Content-Type"] = "application/json" }
local counter = 0
-- Every wrk run is a new crowd: user ids carry the run's start, so a later run never meets an earlier one's limit.
local crowd = tostring(os.time())

function init(args)
  answers = {}
end

function request()
  counter = counter + 1
  local body = '{"userId":"d' .. crowd .. "-" .. id .. "-" .. counter .. '","productId":"' .. product .. '","quantity":1}'
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  count_answer(status, body)
end
