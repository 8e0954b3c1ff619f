-- wrk script: POSTs the same web-SDK-shaped 10-event batch that bench/ingestion/run.sh sends to both servers.
-- BODY_FILE: the JSON body (default web-sdk-batch.json next to this script); APP_ID: the appId query parameter;
-- WRK_DELAY_MS: optional pause before each request, to pace the load below saturation.
local body_file = os.getenv("BODY_FILE") or "web-sdk-batch.json"
local f = assert(io.open(body_file, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.path = "/collect?platform=Web&appId=" .. (os.getenv("APP_ID") or "shop")
    .. "&event_bundle_sequence_id=1&upload_timestamp=1795320031500"
wrk.headers["Content-Type"] = "application/json; charset=utf-8"
wrk.headers["Origin"] = "https://shop.example.com"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    .. "Chrome/131.0.0.0 Safari/537.36"

local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "")
if delay_ms and delay_ms > 0 then
    delay = function()
        return delay_ms
    end
end

done = function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        "RESULT requests=%d req_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d body_bytes=%d\n",
        summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout, #body))
end
