-- wrk script: POSTs the same web-SDK-shaped 10-event batch that bench/ingestion/run.sh sends to both servers.
-- BODY_FILE: the JSON body (default web-sdk-batch.json next to this script); APP_ID: the appId query parameter;
-- WRK_DELAY_MS: optional pause before each request, to pace the load below saturation.
-- BODY_DIR: a directory of body-0.json ... body-N.json (make_body.py N DIR) posted in turn instead, for varied traffic.
local function read(path)
    local f = io.open(path, "rb")
    if not f then
        return nil
    end
    local text = f:read("*a")
    f:close()
    return text
end
local body_file = os.getenv("BODY_FILE") or "web-sdk-batch.json"
local body = assert(read(body_file))
local body_dir = os.getenv("BODY_DIR")
local bodies = {}
if body_dir and body_dir ~= "" then
    while true do
        local text = read(body_dir .. "/body-" .. #bodies .. ".json")
        if not text then
            break
        end
        bodies[#bodies + 1] = text
    end
    assert(#bodies > 0, "no body-0.json in " .. body_dir)
    body = bodies[1]
end

wrk.method = "POST"
wrk.body = body
wrk.path = "/collect?platform=Web&appId=" .. (os.getenv("APP_ID") or "shop")
    .. "&event_bundle_sequence_id=1&upload_timestamp=1795320031500"
wrk.headers["Content-Type"] = "application/json; charset=utf-8"
wrk.headers["Origin"] = "https://shop.example.com"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    .. "Chrome/131.0.0.0 Safari/537.36"

if #bodies > 0 then
    local next_body = 0
    request = function()
        next_body = next_body % #bodies + 1
        return wrk.format(nil, nil, nil, bodies[next_body])
    end
end

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
