-- wrk script of `npm run bench`: the request headers of one case, from the environment, and a one-line JSON summary.
wrk.headers["Authorization"] = "Bearer bench-key"
local acceptEncoding = os.getenv("BENCH_ACCEPT_ENCODING")
if acceptEncoding ~= nil and acceptEncoding ~= "" then wrk.headers["Accept-Encoding"] = acceptEncoding end
local ifNoneMatch = os.getenv("BENCH_IF_NONE_MATCH")
if ifNoneMatch ~= nil and ifNoneMatch ~= "" then wrk.headers["If-None-Match"] = ifNoneMatch end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
