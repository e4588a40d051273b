-- wrk script for bench/http/run.sh: the request comes from the environment, and done() prints the
-- results as one machine-readable line that bench/http/table.py turns into the table.
--
--   BENCH_COOKIE     the Cookie header (sid=...) of a signed-in user, if any
--   BENCH_METHOD     GET (default) or PUT
--   BENCH_BODY_FILE  for PUT: a file holding the JSON body
--   BENCH_CSRF       for PUT: the session's CSRF token (X-CSRF-Token), required by every state change
--
-- GET: no request() or response() hook, so wrk sends one pre-built request and does not hand every
-- response to Lua, and the client costs as little CPU as it can (it shares 2 cores with the server).
-- PUT: every request carries a different body (the "@N@" in it becomes a counter), because a save
-- that writes the same bytes again is no write at all to SQLite (it leaves the page clean, and
-- nothing is synced): a bench that repeated one body would measure saves that save nothing.

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
  if string.find(wrk.body, "@N@", 1, true) then
    local n = 0
    request = function()
      n = n + 1
      return wrk.format(nil, nil, nil, (string.gsub(wrk.body, "@N@", tostring(n))))
    end
  end
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
