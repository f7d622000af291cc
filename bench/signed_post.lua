-- wrk script: POSTs a new signed body with a unique Request-ID each time, so
-- every request is a new delivery that autofixd must commit to disk. Bodies
-- differ only in a few bytes (BENCH_BODY_FILE's @@UNIQUE@@ marker becomes
-- run, thread and counter): autofixd answers a body it stored in the last
-- 24 h as a duplicate, whatever its Request-ID, and stores nothing.
-- Each body is signed here with OpenSSL's HMAC through LuaJIT's FFI.
-- Environment: BENCH_BODY_FILE, BENCH_SECRET, BENCH_RUN (unique per wrk run),
-- BENCH_RESOURCE (the Sentry-Hook-Resource header; default "issue").
local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len,
                    const unsigned char *d, size_t n, unsigned char *md, unsigned int *md_len);
]]
local ok, crypto = pcall(ffi.load, "crypto")
if not ok then crypto = ffi.load("libcrypto.so.3") end

local body_file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
local template = body_file:read("*a")
body_file:close()
local marker = "@@UNIQUE@@"
local cut = assert(template:find(marker, 1, true), "BENCH_BODY_FILE has no " .. marker)
local head, tail = template:sub(1, cut - 1), template:sub(cut + #marker)
local secret = os.getenv("BENCH_SECRET")
local run = os.getenv("BENCH_RUN") or "0"

local digest = ffi.new("unsigned char[32]")
local digest_len = ffi.new("unsigned int[1]")
local function sign(body)
  crypto.HMAC(crypto.EVP_sha256(), secret, #secret, body, #body, digest, digest_len)
  local hex = {}
  for i = 0, 31 do hex[i + 1] = string.format("%02x", digest[i]) end
  return table.concat(hex)
end

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
  local unique = string.format("%s-%d-%d", run, thread_number or 0, counter)
  local body = head .. unique .. tail
  local headers = {
    ["Content-Type"] = "application/json",
    ["Request-ID"] = string.format("%08x-%04x-%s", math.random(0, 0x7fffffff),
                                   math.random(0, 0xffff), unique),
    ["Sentry-Hook-Resource"] = os.getenv("BENCH_RESOURCE") or "issue",
    ["Sentry-Hook-Timestamp"] = tostring(os.time()),
    ["Sentry-Hook-Signature"] = sign(body),
  }
  return wrk.format("POST", nil, headers, body)
end
