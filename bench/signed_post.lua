-- wrk script: POSTs the same signed body with a unique Request-ID each time,
-- so every request is a new delivery that autofixd must commit to disk.
-- Environment: BENCH_BODY_FILE, BENCH_SIGNATURE, BENCH_RUN (unique per wrk run).
local body_file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
local body = body_file:read("*a")
body_file:close()
local signature = os.getenv("BENCH_SIGNATURE")
local run = os.getenv("BENCH_RUN") or "0"

-- setup() runs in the main Lua state once per thread; each thread gets its number.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local counter = 0
request = function()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Request-ID"] = string.format("bench-%s-%d-%d", run, thread_number, counter),
    ["Sentry-Hook-Resource"] = "issue",
    ["Sentry-Hook-Timestamp"] = tostring(os.time()),
    ["Sentry-Hook-Signature"] = signature,
  }
  return wrk.format("POST", nil, headers, body)
end
