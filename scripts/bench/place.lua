-- Places orders: POST /api/sales/$BENCH_SALE/orders with quantity 1, a random user among $BENCH_USERS and
-- either the product $BENCH_PRODUCT (hot) or a random one of p0..p($BENCH_PRODUCTS - 1) (spread).
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "scripts/bench") .. "/?.lua"
require "report"

local sale = os.getenv("BENCH_SALE")
local product = os.getenv("BENCH_PRODUCT")
local products = tonumber(os.getenv("BENCH_PRODUCTS") or "1")
local users = tonumber(os.getenv("BENCH_USERS") or "1000000")
local path = "/api/sales/" .. sale .. "/orders"
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  answers = {}
  math.randomseed(os.time() * 1000 + id)
end

function request()
  local chosen = product or ("p" .. math.random(0, products - 1))
  local body = '{"userId":"u' .. math.random(1, users) .. '","productId":"' .. chosen .. '","quantity":1}'
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  count_answer(status, body)
end
