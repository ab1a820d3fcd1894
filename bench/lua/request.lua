-- One request for a whole wrk run, from the environment so nothing secret is on the command
-- line; prints a JSON summary line the suite reads back.
local body, auth = os.getenv("BENCH_BODY") or "", os.getenv("BENCH_AUTH") or ""
wrk.method = os.getenv("BENCH_METHOD") or "GET"
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if auth ~= "" then wrk.headers["Authorization"] = "Basic " .. auth end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH-JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,'
    .. '"p99_us":%d,"socket_errors":%d,"non_2xx":%d}\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
