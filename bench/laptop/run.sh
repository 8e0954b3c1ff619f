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
# Ports 18150 (studio) and 18151 (ingestion) unless LAPTOP_PORT / LAPTOP_INGEST_PORT are set; data under
# /tmp/h-laptop-data unless LAPTOP_DATA is set.
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
data="${LAPTOP_DATA:-/tmp/h-laptop-data}"
port="${LAPTOP_PORT:-18150}" ingest_port="${LAPTOP_INGEST_PORT:-18151}"
out="$(mktemp -d /tmp/clickstream-laptop.XXXXXX)"
if [ "$build" = 1 ]; then
  ./mvnw -q -o -pl studio-app -am -DskipTests package
fi
jar="${LAPTOP_JAR:-$root/studio-app/target/studio-app.jar}"
# The launch: scripts/studio.sh (the README's run command) when present, else a plain java -jar.
launcher=()
[ -x "$root/scripts/studio.sh" ] && [ -z "${LAPTOP_PLAIN_JAVA:-}" ] && launcher=("$root/scripts/studio.sh")
duckdb_jar="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | grep -v sources | tail -1)"
tick=$(getconf CLK_TCK)

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

launch_studio() { # log-file [extra args]: starts it, returns at once
  local log="$1"; shift
  if [ ${#launcher[@]} -gt 0 ]; then
    STUDIO_JAR="$jar" "${launcher[@]}" --server.port=$port --clickstream.ingestion.port=$ingest_port \
      --clickstream.data-dir="$data" "$@" >"$log" 2>&1 &
  else
    java -jar "$jar" --server.port=$port --clickstream.ingestion.port=$ingest_port --clickstream.data-dir="$data" \
      "$@" >"$log" 2>&1 &
  fi
  pid=$!
}

start_studio() { # log-file [extra args]: starts it and waits until it has started
  local log="$1"
  launch_studio "$@"
  for _ in $(seq 1 1200); do
    grep -q "Started StudioApplication" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "studio exited; see $log" >&2; tail -30 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "studio did not start in 600 s; see $log" >&2; exit 1
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

# Wait until the ETL has modeled every event the backfill sent (a pass can take minutes on a loaded machine, so
# "no new pass for a while" is no sign of the end), then for the pass after it to end.
await_backfill() { # log
  local log="$1" sent=""
  for _ in $(seq 1 1800); do
    sent=$(grep -o "Demo: [0-9]* events in [0-9]* requests sent" "$log" | head -1 | awk '{print $2}' || true)
    [ -n "$sent" ] && break
    sleep 1
  done
  [ -n "$sent" ] || { echo "the demo backfill was not sent; see $log" >&2; exit 1; }
  while :; do
    local done_events
    done_events=$(grep "EtlRunSummary\[" "$log" | python3 -c '
import re,sys
print(sum(int(m) for l in sys.stdin for m in re.findall(r"(?:eventsWritten|duplicatesDropped|eventsFiltered|eventsQuarantined)=(\d+)", l)))' || true)
    [ "$done_events" -ge "$sent" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "studio exited; see $log" >&2; exit 1; }
    sleep 2
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
passes_before=$(grep -c "EtlRunSummary\[" "$log1" || true)
sleep $(( idle_minutes * 60 ))
c1=$(cpu_ticks "$pid"); w1=$(date +%s.%N)
passes_after=$(grep -c "EtlRunSummary\[" "$log1" || true)
rss_idle=$(rss_mib "$pid")
idle_cpu=$(python3 -c "print(f'{100*($c1-$c0)/$tick/($w1-$w0):.2f}')")
micro=$(tail -n +1 "$log1" | grep "EtlRunSummary\[" | tail -n $(( passes_after - passes_before > 0 ? passes_after - passes_before : 1 )) \
  | python3 -c '
import re,sys,statistics
d=[]; cpu=[]
for l in sys.stdin:
    m=re.search(r"duration=PT(?:(\d+)M)?([\d.]+)S",l); e=re.search(r"eventsWritten=(\d+)",l)
    if m and e and int(e.group(1))<200: d.append(int(m.group(1) or 0)*60+float(m.group(2)))
    c=re.search(r"\((\d+) ms of CPU",l)
    if m and e and c and int(e.group(1))<200: cpu.append(int(c.group(1))/1000)
print(f"{statistics.median(d):.2f} s median of {len(d)} passes (min {min(d):.2f}, max {max(d):.2f})" if d else "no trickle pass seen", end="")
print(f"; CPU of the process during each pass {statistics.median(cpu):.2f} s median (min {min(cpu):.2f}, max {max(cpu):.2f})" if cpu else "")' || true)
echo "RSS at the end of the backfill: ${rss_backfill} MiB; 60 s later: ${rss_settled} MiB; after ${idle_minutes} idle minutes: ${rss_idle} MiB   (goal: under 1024 MiB)"
echo "idle CPU with the demo's live trickle over ${idle_minutes} min: ${idle_cpu} % of one core, $(( passes_after - passes_before )) ETL passes with data   (goal: under 2 %)"
echo "micro-batch fixed cost (trickle passes, under 200 events): ${micro}   (goal: under 1 s)"
npasses=$(( passes_after - passes_before ))
echo "studio CPU per trickle pass (all the studio's CPU in the idle window / passes, an upper bound): $(python3 -c "print(f'{($c1-$c0)/$tick/max($npasses,1):.2f} s' if $npasses else 'no pass')")"
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
  # a burst of demo-like traffic so that a pass has work (the body built without a process per event: forks take
  # a good part of a second each on a loaded machine)
  ts=$(date +%s%3N) body="["
  for j in $(seq 1 50); do
    [ "$j" = 1 ] || body+=","
    body+="{\"event_type\":\"bench\",\"event_id\":\"stop-$i-$j\",\"timestamp\":$((ts + j)),\"app_id\":\"demo\",\"unique_id\":\"b$j\"}"
  done
  curl -s -o /dev/null -A 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' -H 'Content-Type: application/json' \
    "http://127.0.0.1:$ingest_port/collect?appId=demo" -d "$body]" || true
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

# during the start itself (Spring, Vaadin and the local runtime still starting)
log4="$out/studio-4.log"
launch_studio "$log4"
sleep 3
stop_at "3 s into a start (still starting)" "$log4"

# 3. Nothing lost: model what is left with one pass, and compare with a clean pass over a copy of the raw batches.
if [ "$build" = 1 ] || [ ! -f etl-job/target/etl-job.jar ]; then
  ./mvnw -q -o -pl etl-job -am -DskipTests package >/dev/null
fi
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
