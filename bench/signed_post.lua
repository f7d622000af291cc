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

-- Sentry's Request-ID is a random UUID, so each one lands at a random place
-- in the store's unique index; so does this one. The counter keeps it unique.
local counter = 0
local seeded = false
request = function()
  if not seeded then
    math.randomseed(os.time() + (thread_number or 0) * 7919)
    seeded = true
  end
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Request-ID"] = string.format("%08x-%04x-%s-%d-%d", math.random(0, 0x7fffffff),
                                   math.random(0, 0xffff), run, thread_number or 0, counter),
    ["Sentry-Hook-Resource"] = "issue",
    ["Sentry-Hook-Timestamp"] = tostring(os.time()),
    ["Sentry-Hook-Signature"] = signature,
  }
  return wrk.format("POST", nil, headers, body)
end
