-- wrk script: POSTs one pre-signed GitHub delivery again and again, each with a new X-GitHub-Delivery id.
-- The HMAC signature covers only the body, so the same body and signature are valid for every request.
-- Usage: wrk ... -s webhook.lua URL -- BODY_FILE EVENT SIGNATURE RUN_ID
-- With BENCH_TARGETS="host:port host:port ..." in the environment, thread i sends to target i mod n instead of URL's
-- server (wrk -t2 and two targets: half the connections to each), and the latency percentiles are of all of them.
local counter = 0
local event, signature, run_id, body
local thread_id = 0
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  local targets = {}
  for target in string.gmatch(os.getenv("BENCH_TARGETS") or "", "%S+") do table.insert(targets, target) end
  if #targets > 0 then
    local host, port = string.match(targets[next_thread % #targets + 1], "^(.+):(%d+)$")
    thread.addr = wrk.lookup(host, port)[1]
  end
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  body = file:read("*a")
  file:close()
  event, signature, run_id = args[2], args[3], args[4]
  thread_id = tid or 0
  statuses = {}
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/044aadd",
    ["X-GitHub-Event"] = event,
    ["X-GitHub-Hook-ID"] = "42",
    ["X-GitHub-Delivery"] = string.format("%s-%d-%d", run_id, thread_id, counter),
    ["X-Hub-Signature-256"] = signature,
  }, body)
end

function response(status, headers, response_body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local codes = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do codes[code] = (codes[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, code .. ":" .. n) end
  table.sort(parts)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d statuses=%s\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    table.concat(parts, ",")))
end
