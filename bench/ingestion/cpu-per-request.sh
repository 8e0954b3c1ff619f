#!/usr/bin/env bash
# Where the collector's CPU goes: runs the standalone jar (local-lake sink, fsync'd acks), loads it with wrk and
# collect.lua, and prints the CPU time of each thread group (user + system, and each apart, from
# /proc/<pid>/task/*/stat) divided by the requests answered in the measured window, and how the whole machine's CPU
# was spent meanwhile (wrk included). CPU per request moves far less than req/s when other work
# shares the machine, so compare versions with this. JFR=1 also records a JFR profile (1 ms Java samples) of the
# measured window and prints the hottest methods of the event loops and of the sync threads.
#
# Environment: DURATION (15), WARMUP (15), CONNECTIONS (64), GZIP_LEVEL (1), JAVA_OPTS, PORT (18493), JFR (0),
#              JFR_OUT (a path to keep the recording at), JAR (the collector's jar), BODY_FILE (the body to post),
#              BODY_DIR (varied bodies instead, from make_body.py N DIR; see collect.lua), COLLECTOR_ARGS (more
#              options for the collector, e.g. --io-threads=1), STORE (1: the collector takes its app from a
#              metadata store, --apps-from=<SQLite file>, instead of --apps=shop).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-64}
GZIP_LEVEL=${GZIP_LEVEL:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
PORT=${PORT:-18493}
JAR=${JAR:-"$ROOT/ingestion-service/target/ingestion-service.jar"}
[[ -f "$JAR" ]] || { echo "missing $JAR; build it with: ./mvnw -q -pl ingestion-service package -DskipTests" >&2; exit 2; }
command -v wrk >/dev/null || { echo "missing wrk (Debian: apt-get install -y wrk)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/ingestion-cpu.XXXXXX)
PID=""
cleanup() {
    [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

JFR_OPTS=""
if [[ "${JFR:-0}" == 1 ]]; then
    cat >"$WORK/samples.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
  <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
</configuration>
JFC
    # DebugNonSafepoints: without it JFR puts samples at the nearest safepoint's method, not where the time went.
    JFR_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename=$WORK/rec.jfr,settings=$WORK/samples.jfc,delay=${WARMUP}s,duration=${DURATION}s"
fi
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "something already answers on port $PORT; choose another (PORT)" >&2
    exit 2
fi
mkdir -p "$WORK/lake"
APPS="--apps=shop --allowed-origins=https://shop.example.com"
if [[ "${STORE:-0}" == 1 ]]; then
    java -cp "$(dirname "$JAR")/lib/*" "$HERE/AppsStore.java" "$WORK/metadata.db" shop https://shop.example.com
    APPS="--apps-from=$WORK/metadata.db"
fi
# shellcheck disable=SC2086
java $JAVA_OPTS $JFR_OPTS -jar "$JAR" --port="$PORT" --host=127.0.0.1 --lake="$WORK/lake" $APPS \
    --gzip-level="$GZIP_LEVEL" --node=bench ${COLLECTOR_ARGS:-} \
    >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do
    kill -0 "$PID" 2>/dev/null || { echo "the collector exited; see its log:" >&2; cat "$WORK/service.log" >&2; exit 1; }
    curl -s -o /dev/null "http://127.0.0.1:$PORT/ping" && break
    sleep 0.1
done

# Thread names without their numbers (ingest-io-3-1 -> ingest-io), CPU ticks summed per group. The stat line is
# cut after the ")" that ends the name, which may hold spaces.
snapshot() {
    for task in /proc/"$PID"/task/*; do
        name=$(tr ' ' _ <"$task/comm" | sed 's/-[0-9][0-9]*\(-[0-9][0-9]*\)*$//')
        echo "$name $(sed 's/.*) //' "$task/stat" | awk '{ print $12, $13 }')"
    done | awk '{ u[$1] += $2; s[$1] += $3 } END { for (k in u) print k, u[k], s[k] }' | sort
}
load() {
    (cd "$HERE" && BODY_FILE="${BODY_FILE:-$HERE/web-sdk-batch.json}" wrk -t2 -c"$CONNECTIONS" -d"$1"s -s collect.lua \
        "http://127.0.0.1:$PORT" | grep '^RESULT')
}
load "$WARMUP" >/dev/null
commits() { curl -s "http://127.0.0.1:$PORT/metrics" | awk '$1 == "clickstream_ingest_sink_sync_seconds_count" { print $2 }'; }
snapshot >"$WORK/before"
head -1 /proc/stat >"$WORK/stat-before"
COMMITS_BEFORE=$(commits)
RESULT=$(load "$DURATION")
COMMITS_AFTER=$(commits)
head -1 /proc/stat >"$WORK/stat-after"
snapshot >"$WORK/after"
REQUESTS=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$RESULT")
TICK=$(getconf CLK_TCK)

echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $(sed 's/RESULT //; s/ socket_errors.*//' <<<"$RESULT")"
# Threads that started during the measured window count from zero.
join -a2 -e0 -o 0,1.2,1.3,2.2,2.3 "$WORK/before" "$WORK/after" | awk -v r="$REQUESTS" -v tick="$TICK" '
    function us(t) { return t * 1e6 / tick / r }
    { du = $4 - $2; ds = $5 - $3; tu += du; ts += ds
      if (du + ds > 0) printf "  %-24s %6.1f us/request (user %5.1f, sys %5.1f)\n", $1, us(du + ds), us(du), us(ds) }
    END { printf "  %-24s %6.1f us/request (user %5.1f, sys %5.1f)\n", "all threads", us(tu + ts), us(tu), us(ts) }'

awk -v r="$REQUESTS" -v a="$COMMITS_BEFORE" -v b="$COMMITS_AFTER" \
    'BEGIN { if (b > a) printf "  group commits: %d, %.1f requests each\n", b - a, r / (b - a) }'
# cpu user nice system idle iowait irq softirq steal
paste "$WORK/stat-before" "$WORK/stat-after" | awk '{
    for (i = 2; i <= 9; i++) { d[i] = $(i + 11) - $i; all += d[i] }
    printf "  machine: user %.0f%%, system %.0f%%, softirq %.0f%%, iowait %.0f%%, idle %.0f%%\n",
        100 * (d[2] + d[3]) / all, 100 * d[4] / all, 100 * (d[7] + d[8]) / all, 100 * d[6] / all, 100 * d[5] / all }'

if [[ "${JFR:-0}" == 1 ]]; then
    sleep 1
    [[ -n "${JFR_OUT:-}" ]] && cp "$WORK/rec.jfr" "$JFR_OUT"
    # The hottest methods (top frames) of the event loops and of the sync threads, each as a share of its group's
    # samples: Java samples and native ones (a thread in JNI code or a system call, e.g. deflate, write, fsync,
    # epoll_wait: a thread blocked in a call is sampled too, so native shares overstate CPU).
    for group in ingest-io lake-sync; do
        echo "  hottest methods of $group:"
        jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$WORK/rec.jfr" | awk -v g="sampledThread = \"$group" '
            index($0, "sampledThread") { mine = index($0, g) > 0; next }
            /stackTrace = \[/ { top = 1; next }
            top && mine { sub(/^[ \t]+/, ""); sub(/\(.*/, ""); count[$0]++; n++; top = 0; next }
            { top = 0 }
            END { for (m in count) printf "  %6.1f%% %s\n", 100 * count[m] / n, m }' | sort -rn | sed -n 1,15p
    done
fi

# Bytes the lake keeps per acknowledged request (warm-up included): stop the collector (it publishes its batches),
# then add up the published files.
ACKED=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '$1 == "clickstream_ingest_sink_ack_seconds_count" { print $2 }')
kill "$PID" && wait "$PID" || true
PID=""
find "$WORK/lake/raw" -name '*.jsonl.gz' -printf '%s\n' | awk -v a="$ACKED" \
    '{ s += $1 } END { printf "  lake: %.0f bytes per acknowledged request (%d requests, %.0f MiB)\n", s / a, a, s / 1048576 }'
