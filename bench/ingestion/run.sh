#!/usr/bin/env bash
# Ingestion throughput benchmark: the collector with its local-lake sink and fsync'd acknowledgements against
# nginx answering 200 to the very same POSTs, in one run on the same machine (only the ratio is comparable on a
# shared, noisy box). Installs nothing: it needs wrk and nginx (Debian: apt-get install -y wrk nginx-light), a JDK,
# curl, and the built jar (./mvnw -q -pl ingestion-service package -DskipTests).
#
# Environment: DURATION (10s per window), ROUNDS (3: nginx and the collector take turns, ROUNDS windows each),
#              PACED_DURATION (20s), WARMUP (15s: the JIT is still compiling for ~15 s under load), THREADS (2),
#              CONNECTIONS (64), GZIP_LEVEL (1),
#              JAVA_OPTS (-Xms512m -Xmx512m -XX:+UseParallelGC), SERVICE_PORT (18481), NGINX_PORT (18482),
#              PACED (1: also measure latency at half our saturated rate), KEEP=1 keeps the work directory,
#              JAR (the collector's jar), COLLECTOR_ARGS (more options for the collector, e.g. --io-threads=2),
#              FLOOR=1 adds a third server to the turns: NettyFloor.java (the collector's Netty HTTP pipeline answering
#              200 at once, no work), on FLOOR_PORT (18483), to show what Netty's HTTP alone reaches in the same run.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
PACED_DURATION=${PACED_DURATION:-20s}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
GZIP_LEVEL=${GZIP_LEVEL:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
SERVICE_PORT=${SERVICE_PORT:-18481}
NGINX_PORT=${NGINX_PORT:-18482}
FLOOR=${FLOOR:-0}
FLOOR_PORT=${FLOOR_PORT:-18483}
PACED=${PACED:-1}
JAR=${JAR:-"$ROOT/ingestion-service/target/ingestion-service.jar"}
BODY="$HERE/web-sdk-batch.json"
EVENTS_PER_REQUEST=10

missing=()
for tool in wrk nginx java curl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "missing: ${missing[*]} (Debian: apt-get install -y wrk nginx-light; a JDK 17; curl)" >&2
    exit 2
fi
if [[ ! -f "$JAR" ]]; then
    echo "missing $JAR; build it with: ./mvnw -q -pl ingestion-service package -DskipTests" >&2
    exit 2
fi

WORK=$(mktemp -d /tmp/ingestion-bench.XXXXXX)
SERVICE_PID=""
NGINX_PID=""
FLOOR_PID=""
cleanup() {
    [[ -n "$FLOOR_PID" ]] && kill "$FLOOR_PID" 2>/dev/null && wait "$FLOOR_PID" 2>/dev/null || true
    [[ -n "$SERVICE_PID" ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
    [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
    if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

wait_for() { # url pid: the url answers and the process we started is the one alive behind it
    for _ in $(seq 1 100); do
        kill -0 "$2" 2>/dev/null || { echo "the process for $1 exited (port taken?)" >&2; exit 1; }
        curl -s -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "nothing answers at $1" >&2
    exit 1
}

port_free() { # port
    if curl -s -o /dev/null "http://127.0.0.1:$1/"; then
        echo "something already answers on port $1; choose another (SERVICE_PORT / NGINX_PORT)" >&2
        exit 2
    fi
}
port_free "$SERVICE_PORT"
port_free "$NGINX_PORT"

load() { # url duration [delay_ms] -> prints the RESULT line of collect.lua
    (cd "$HERE" && BODY_FILE="$BODY" WRK_DELAY_MS="${3:-}" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" -s collect.lua "$1" | grep '^RESULT')
}

field() { # result-line name
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"
}

metric() { # metrics-text name
    awk -v n="$2" '$1 == n { print $2 }' <<<"$1"
}

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); body $(wc -c <"$BODY") bytes, $EVENTS_PER_REQUEST events"
echo "== wrk -t$THREADS -c$CONNECTIONS, warm-up $WARMUP, then $ROUNDS rounds of $DURATION on nginx and $DURATION on the collector"

# --- both servers: the collector and nginx answering 200 -----------------------------------------------------------
mkdir -p "$WORK/lake"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --port="$SERVICE_PORT" --host=127.0.0.1 --lake="$WORK/lake" --apps=shop \
    --allowed-origins=https://shop.example.com --gzip-level="$GZIP_LEVEL" --node=bench ${COLLECTOR_ARGS:-} \
    >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
wait_for "http://127.0.0.1:$SERVICE_PORT/ping" "$SERVICE_PID"
SERVICE_URL="http://127.0.0.1:$SERVICE_PORT"

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    client_max_body_size 2m;
    client_body_buffer_size 16k;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { return 200; }
    }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/nginx/stderr.log" &
NGINX_PID=$!
wait_for "http://127.0.0.1:$NGINX_PORT/" "$NGINX_PID"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
if [[ "$FLOOR" == 1 ]]; then
    # shellcheck disable=SC2086
    java $JAVA_OPTS -cp "$(dirname "$JAR")/lib/*" "$HERE/NettyFloor.java" "$FLOOR_PORT" 2 >"$WORK/floor.log" 2>&1 &
    FLOOR_PID=$!
    wait_for "http://127.0.0.1:$FLOOR_PORT/" "$FLOOR_PID"
    FLOOR_URL="http://127.0.0.1:$FLOOR_PORT"
    load "$FLOOR_URL" "$WARMUP" >/dev/null
fi

load "$SERVICE_URL" "$WARMUP" >/dev/null
# wrk's second set of connections sets off a burst of JIT deoptimizations and recompiles (~350 compilations in the
# next 5 s, -XX:+PrintCompilation; a few dozen per 5 s after it): once, as a long-running server sees it once. A
# second, short warm-up takes it before anything is measured.
load "$SERVICE_URL" 5s >/dev/null
load "$NGINX_URL" 5s >/dev/null
[[ "$FLOOR" == 1 ]] && load "$FLOOR_URL" 5s >/dev/null
# The machine's speed drifts by 10-20 % over minutes (other tenants): the two servers take turns, ROUNDS windows
# each, so that both see the same drift; the ratio is that of their total requests over equal time.
OURS_ALL=()
THEIRS_ALL=()
FLOOR_ALL=()
for ((round = 1; round <= ROUNDS; round++)); do
    THEIRS_ALL+=("$(load "$NGINX_URL" "$DURATION")")
    [[ "$FLOOR" == 1 ]] && FLOOR_ALL+=("$(load "$FLOOR_URL" "$DURATION")")
    OURS_ALL+=("$(load "$SERVICE_URL" "$DURATION")")
done
mean_rate() { # result lines... -> mean req/s
    local total=0
    for line in "$@"; do total=$(awk -v t="$total" -v r="$(field "$line" req_per_s)" 'BEGIN { print t + r }'); done
    awk -v t="$total" -v n="$#" 'BEGIN { printf "%.1f", t / n }'
}
OUR_RATE=$(mean_rate "${OURS_ALL[@]}")
NGINX_RATE=$(mean_rate "${THEIRS_ALL[@]}")
PACED_RESULT=""
if [[ "$PACED" == 1 ]]; then
    # wrk's delay() pauses each connection; CONNECTIONS / delay ~= half of the saturated rate.
    DELAY_MS=$(awk -v c="$CONNECTIONS" -v r="$OUR_RATE" 'BEGIN { printf "%d", c * 1000 / (r / 2) }')
    PACED_RESULT=$(load "$SERVICE_URL" "$PACED_DURATION" "$DELAY_MS")
fi
METRICS=$(curl -s "$SERVICE_URL/metrics")
RSS_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVICE_PID/status")
kill "$SERVICE_PID"
wait "$SERVICE_PID" || true
SERVICE_PID=""
kill "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""
if [[ -n "$FLOOR_PID" ]]; then
    kill "$FLOOR_PID"
    wait "$FLOOR_PID" 2>/dev/null || true
    FLOOR_PID=""
fi
ACKED=$(metric "$METRICS" clickstream_ingest_sink_ack_seconds_count)
LINES=$(find "$WORK/lake/raw" -name '*.jsonl.gz' -exec cat {} + | gzip -dc | wc -l)
LAKE_BYTES=$(du -sb "$WORK/lake/raw" | cut -f1)

# --- report ----------------------------------------------------------------------------------------------------
mib() { awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }
printf '\n%-34s %12s %12s %10s %10s %8s\n' "" "req/s" "events/s" "p50 ms" "p99 ms" "non-2xx"
row() { # label result
    local r=$(field "$2" req_per_s)
    printf '%-34s %12.0f %12.0f %10s %10s %8s\n' "$1" "$r" "$(awk -v r="$r" -v e=$EVENTS_PER_REQUEST 'BEGIN{print r*e}')" \
        "$(field "$2" p50_ms)" "$(field "$2" p99_ms)" "$(field "$2" non2xx)"
}
for ((round = 0; round < ROUNDS; round++)); do
    row "nginx return 200, round $((round + 1))" "${THEIRS_ALL[$round]}"
    [[ "$FLOOR" == 1 ]] && row "Netty floor, round $((round + 1))" "${FLOOR_ALL[$round]}"
    row "collector (fsync acks), round $((round + 1))" "${OURS_ALL[$round]}"
done
[[ -n "$PACED_RESULT" ]] && row "collector at ~half its rate" "$PACED_RESULT"
echo
printf 'mean req/s: collector %.0f, nginx %.0f\n' "$OUR_RATE" "$NGINX_RATE"
awk -v a="$OUR_RATE" -v b="$NGINX_RATE" 'BEGIN { printf "ratio collector/nginx: %.2f\n", a / b }'
if [[ "$FLOOR" == 1 ]]; then
    FLOOR_RATE=$(mean_rate "${FLOOR_ALL[@]}")
    awk -v f="$FLOOR_RATE" -v a="$OUR_RATE" -v b="$NGINX_RATE" \
        'BEGIN { printf "Netty floor %.0f req/s: floor/nginx %.2f, collector/floor %.2f\n", f, f / b, a / f }'
fi
echo "collector heap: limit $(mib "$(metric "$METRICS" clickstream_ingest_jvm_heap_max_bytes)"), peak used $(mib "$(metric "$METRICS" clickstream_ingest_jvm_heap_peak_bytes)"), used at end $(mib "$(metric "$METRICS" clickstream_ingest_jvm_heap_used_bytes)"); process peak RSS $((RSS_KB / 1024)) MiB"
echo "acknowledged (durable) requests: $ACKED; envelope lines in the lake after shutdown: $LINES; raw bytes on disk: $(mib "$LAKE_BYTES")"
echo "group commits: $(metric "$METRICS" clickstream_ingest_sink_sync_seconds_count), mean $(awk -v s="$(metric "$METRICS" clickstream_ingest_sink_sync_seconds_sum)" -v c="$(metric "$METRICS" clickstream_ingest_sink_sync_seconds_count)" 'BEGIN { printf "%.2f ms", c ? s * 1000 / c : 0 }')"
echo "requests are compressed at gzip level $GZIP_LEVEL on the ack path (one member per group commit and file), batches published as written"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews absolute figures)"
if (( LINES < ACKED )); then
    echo "LOST: fewer envelope lines in the lake than acknowledged requests" >&2
    exit 1
fi
