-- wrk script for bench/http/run.sh: the request comes from the environment, and done() prints the
-- results as one machine-readable line that bench/http/table.py turns into the table.
--
--   BENCH_COOKIE     the Cookie header (sid=...) of a signed-in user, if any
--   BENCH_METHOD     GET (default) or PUT
--   BENCH_BODY_FILE  for PUT: a file holding the JSON body
--   BENCH_CSRF       for PUT: the session's CSRF token (X-CSRF-Token), required by every state change
--
-- No request() or response() hook: wrk then sends one pre-built request and does not hand every
-- response to Lua, so the client costs as little CPU as it can (it shares 2 cores with the server).

local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

local method = os.getenv("BENCH_METHOD") or "GET"
if method ~= "GET" then
  wrk.method = method
  local path = os.getenv("BENCH_BODY_FILE")
  local f = assert(io.open(path, "rb"), "BENCH_BODY_FILE must name a readable file")
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-CSRF-Token"] = assert(os.getenv("BENCH_CSRF"), "BENCH_CSRF must be set for " .. method)
end

-- summary.errors.status counts responses with a status of 400 or more (wrk's rule); connect, read,
-- write and timeout are socket errors. Latencies are in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d status_errors=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
