-- Places orders like place.lua (whose request and answer counting it reuses), at a set rate instead of as fast as
-- the connections go: BENCH_RATE orders a second in all (each of wrk's BENCH_THREADS threads, 2 as bench.sh runs
-- wrk, sends its share on a fixed schedule, on whichever of its connections is free). A latency target "at half
-- the highest throughput" is a rate, which a closed loop of a few connections is not: on two cores, 4 connections
-- flat out ran at 46-65 % of the highest rate and kept the cores busy.
-- Latency is timed from the moment a request is written (wrk's clock). A request whose slot came while all of
-- its thread's connections were busy goes out late and is timed from then: keep the connections well above the
-- rate times the latency (32 connections at 5,000/s hold 6 ms of answers in flight).
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "scripts/bench") .. "/?.lua"
require "place"
local ffi = require "ffi"
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clock, paced_timespec *now);
]]

local rate = tonumber(os.getenv("BENCH_RATE") or "1000")
local threads = tonumber(os.getenv("BENCH_THREADS") or "2")
local clock = ffi.new("paced_timespec")
local interval_ms = threads * 1000 / rate
local next_at

local function now_ms()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

-- Called before each request: the milliseconds until this thread's next slot (wrk waits whole milliseconds;
-- the slots themselves keep the average rate exact). A thread behind its schedule sends at once.
function delay()
  local now = now_ms()
  next_at = next_at or now
  local wait = next_at - now
  next_at = next_at + interval_ms
  if wait <= 0 then return 0 end
  return math.floor(wait + 0.5)
end
