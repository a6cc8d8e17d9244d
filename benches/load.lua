-- wrk script for benches/load.py: rotates through a fixed list of request
-- paths and prints one machine-readable result line.
--
--   wrk -t2 -c16 -d10s -s benches/load.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE has one URL path per line, already URL-encoded (load.py writes
-- it from benches/queries.json). At the end, done() prints
--   LOAD_RESULT {"requests":..,"duration_us":..,"errors":{..},"non_2xx":..,"latency_us":{..}}
-- which load.py parses instead of wrk's human-readable report.

local threads = {}

-- setup() runs in the main Lua state, once per wrk thread: keep the threads
-- so done() can sum their non-2xx counters.
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- init() runs in each thread's own Lua state.
function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("load.lua: no paths in " .. tostring(args[1])) end
  -- Threads start at different places in the list, so the mix in flight at
  -- any moment is not the same query on every thread.
  i = (id * 7) % #paths
  non_2xx = 0
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

-- wrk's errors.status only counts status > 399; this counts anything not 2xx.
function response(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("non_2xx") end
  local e = summary.errors
  io.write(string.format(
    'LOAD_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"non_2xx":%d,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, n,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
