#!/usr/bin/env bash
# The studio as a laptop sees it: starts the real studio jar with the demo (30-day backfill, then the live trickle),
# and prints each figure next to its goal:
#   - RSS at the end of the backfill and after it settled       goal: under 1 GiB
#   - CPU while idle with the demo's live trickle running        goal: under 2 % of one core
#   - a micro-batch's fixed cost (ETL passes of the trickle)     goal: under 1 s
#   - freshness p95 at 1,000 events/s (bench/freshness)          goal: under 60 s
#   - stops at several moments: ERROR lines, time to exit, and whether anything was lost (the lake, re-modeled from
#     its raw batches by one clean pass, has exactly the same event ids)   goal: no ERROR line, nothing lost
#
# Usage: bench/laptop/run.sh [--no-build] [--idle-minutes=N] [--skip-freshness]
# Ports 18280 (studio) and 18281 (ingestion); data under /tmp/h-ops-data unless LAPTOP_DATA is set.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
build=1 idle_minutes=5 freshness=1
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --idle-minutes=*) idle_minutes="${a#*=}" ;;
    --skip-freshness) freshness=0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
data="${LAPTOP_DATA:-/tmp/h-ops-data}"
port=18280 ingest_port=18281
out="$(mktemp -d /tmp/clickstream-laptop.XXXXXX)"
if [ "$build" = 1 ]; then
  ./mvnw -q -o -pl studio-app -am -DskipTests package
fi
jar="$root/studio-app/target/studio-app.jar"
duckdb_jar="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | grep -v sources | tail -1)"
tick=$(getconf CLK_TCK)

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

start_studio() { # log-file [extra args]
  local log="$1"; shift
  java -jar "$jar" --server.port=$port --clickstream.ingestion.port=$ingest_port --clickstream.data-dir="$data" \
    "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    grep -q "Started StudioApplication" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "studio exited; see $log" >&2; tail -30 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "studio did not start in 120 s; see $log" >&2; exit 1
}

stop_studio() { # prints seconds from SIGTERM to exit
  local t0 t1
  t0=$(date +%s.%N)
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  wait "$pid" 2>/dev/null || true
  t1=$(date +%s.%N)
  pid=""
  python3 -c "print(f'{$t1-$t0:.1f}')"
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
errors_in() { grep -cE '^[0-9TZ:. -]+ +ERROR|\bERROR\b' "$1" || true; }

# Wait until the ETL has been quiet for 20 s after the backfill was sent.
await_backfill() { # log
  local log="$1"
  for _ in $(seq 1 600); do
    grep -q "Demo: .* events in .* requests sent" "$log" && break
    sleep 1
  done
  local last_change=$(date +%s) last_count=-1
  while :; do
    local n; n=$(grep -c "ETL: EtlRunSummary" "$log" || true)
    if [ "$n" != "$last_count" ]; then last_count=$n; last_change=$(date +%s); fi
    [ $(( $(date +%s) - last_change )) -ge 20 ] && break
    sleep 1
  done
}

echo "laptop bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg), data $data, logs $out"
rm -rf "$data"

# 1. First start: backfill, RSS, then idle with the trickle.
log1="$out/studio-1.log"
t_start=$(date +%s)
start_studio "$log1"
await_backfill "$log1"
echo "backfill modeled $(( $(date +%s) - t_start )) s after start; $(grep -o 'Demo: [0-9]* events in [0-9]* requests' "$log1" | head -1)"
rss_backfill=$(rss_mib "$pid")
sleep 60
rss_settled=$(rss_mib "$pid")
c0=$(cpu_ticks "$pid"); w0=$(date +%s.%N)
passes_before=$(grep -c "ETL: EtlRunSummary" "$log1" || true)
sleep $(( idle_minutes * 60 ))
c1=$(cpu_ticks "$pid"); w1=$(date +%s.%N)
passes_after=$(grep -c "ETL: EtlRunSummary" "$log1" || true)
rss_idle=$(rss_mib "$pid")
idle_cpu=$(python3 -c "print(f'{100*($c1-$c0)/$tick/($w1-$w0):.2f}')")
micro=$(tail -n +1 "$log1" | grep "ETL: EtlRunSummary" | tail -n $(( passes_after - passes_before > 0 ? passes_after - passes_before : 1 )) \
  | python3 -c '
import re,sys,statistics
d=[]
for l in sys.stdin:
    m=re.search(r"duration=PT(?:(\d+)M)?([\d.]+)S",l); e=re.search(r"eventsWritten=(\d+)",l)
    if m and e and int(e.group(1))<200: d.append(int(m.group(1) or 0)*60+float(m.group(2)))
print(f"{statistics.median(d):.2f} s median of {len(d)} passes (min {min(d):.2f}, max {max(d):.2f})" if d else "no trickle pass seen")')
echo "RSS at the end of the backfill: ${rss_backfill} MiB; 60 s later: ${rss_settled} MiB; after ${idle_minutes} idle minutes: ${rss_idle} MiB   (goal: under 1024 MiB)"
echo "idle CPU with the demo's live trickle over ${idle_minutes} min: ${idle_cpu} % of one core, $(( passes_after - passes_before )) ETL passes with data   (goal: under 2 %)"
echo "micro-batch fixed cost (trickle passes, under 200 events): ${micro}   (goal: under 1 s)"
echo "ERROR lines while running: $(errors_in "$log1")"

# 2. Stops at different moments, each followed by a restart on the same data.
stop_at() { # name log: stops now and reports
  local secs; secs=$(stop_studio)
  echo "stop $1: exited ${secs} s after SIGTERM; ERROR lines: $(errors_in "$2"); $(grep -c 'stopped before its commit point\|ended by shutdown' "$2" || true) pass(es) abandoned   (goal: 0 ERROR lines)"
}
echo "stop idle (trickle running): "; stop_at "while idle" "$log1"

# during an ETL pass with data: copy a day of raw batches in, ask for a pass, stop once it runs
log2="$out/studio-2.log"
start_studio "$log2"
for i in $(seq 1 40); do
  # a burst of demo-like traffic so that a pass has work
  curl -s -o /dev/null -A 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' -H 'Content-Type: application/json' \
    "http://127.0.0.1:$ingest_port/collect?appId=demo" \
    -d "[$(for j in $(seq 1 50); do printf '%s{"event_type":"bench","event_id":"stop-%d-%d","timestamp":%d,"app_id":"demo","unique_id":"b%d"}' "$([ $j = 1 ] || echo ,)" $i $j $(date +%s%3N) $j; done)]" || true
done
for _ in $(seq 1 300); do
  grep -q "Spark session started" "$log2" && break
  sleep 0.1
done
sleep 2
stop_at "during an ETL pass" "$log2"

log3="$out/studio-3.log"
start_studio "$log3"
sleep 3
stop_at "3 s after a start" "$log3"

# 3. Nothing lost: model what is left with one pass, and compare with a clean pass over a copy of the raw batches.
./mvnw -q -o -pl etl-job -am -DskipTests package >/dev/null
java -jar etl-job/target/etl-job.jar --lake="$data/lake" --master=local[2] >"$out/etl-final.log" 2>&1
rm -rf "$out/reference" && mkdir -p "$out/reference" && cp -r "$data/lake/raw" "$out/reference/raw"
java -jar etl-job/target/etl-job.jar --lake="$out/reference" --master=local[2] >"$out/etl-reference.log" 2>&1
stopped=$(java -cp "$duckdb_jar" bench/laptop/CountEvents.java "$data/lake")
reference=$(java -cp "$duckdb_jar" bench/laptop/CountEvents.java "$out/reference")
echo "events after the stops: $stopped"
echo "clean pass over the raw: $reference   ($([ "$stopped" = "$reference" ] && echo 'same: nothing lost, nothing doubled' || echo 'DIFFERENT'))"

# 4. Freshness at 1,000 events/s (bench/freshness, shorter run).
if [ "$freshness" = 1 ]; then
  bench/freshness/run.sh 1000 120 60 2>/dev/null | grep -E "^(freshness|acked|delay|p50|p95|p99|max)|p95" || true
  echo "(goal: freshness p95 under 60 s)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
