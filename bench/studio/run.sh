#!/usr/bin/env bash
# The studio in Debian's headless Chromium on demo data: time from navigation to the Overview's charts drawn
# (goal < 1.5 s) and server heap held per open studio session (goal < 1 MiB), printed next to the goals, with the
# studio's CPU time per Overview navigation.
# Usage: bench/studio/run.sh [--port=18120] [--navigations=10] [--sessions=20] [--skip-build]
# Compiles the studio with its production frontend bundle unless --skip-build (then target/classes must hold one,
# as after any studio-app build), starts it from a copy of its classes on a fresh data directory to send the demo
# traffic, restarts it on that lake without live demo visits, waits for its ETL to model the backlog and go idle, runs
# StudioBrowserBench (Selenium, from the test classpath), and stops the studio.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=18120
navigations=10
sessions=20
build=1
for a in "$@"; do
  case "$a" in
    --port=*) port="${a#--port=}" ;;
    --navigations=*) navigations="${a#--navigations=}" ;;
    --sessions=*) sessions="${a#--sessions=}" ;;
    --skip-build) build=0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
if [ "$build" = 1 ]; then
  ./mvnw -q -o -pl studio-app -am -DskipTests process-classes
fi
# The studio runs on its runtime classpath; the bench (Selenium) on the test classpath.
studiocp="$PWD/studio-app/target/bench-studio-runtime-cp.txt"
cpfile="$PWD/studio-app/target/bench-studio-cp.txt"
# Resolved again only when a pom changed since (each resolution is a Maven run of a minute or more).
if [ ! -s "$studiocp" ] || [ ! -s "$cpfile" ] \
    || [ -n "$(find . -name pom.xml -not -path '*/target/*' -newer "$cpfile")" ]; then
  for scope in runtime test; do
    out="$studiocp"; [ "$scope" = test ] && out="$cpfile"
    if ! ./mvnw -q -o -pl studio-app -am -DskipTests test-compile dependency:build-classpath \
        -Dmdep.includeScope="$scope" -Dmdep.outputFile="$out" >studio-app/target/bench-studio-maven.log 2>&1; then
      rm -f "$out"; cat studio-app/target/bench-studio-maven.log >&2; exit 1
    fi
  done
fi
work="$(mktemp -d /tmp/bench-studio-XXXXXX)"
# The studio runs from a copy of its classes, so that a build during the run cannot change what it loads.
cp -r studio-app/target/classes "$work/classes"
studio=
trap 'if [ -n "$studio" ]; then kill "$studio" 2>/dev/null || true; wait "$studio" 2>/dev/null || true; fi
      cat "$work"/studio-*.log > studio-app/target/bench-studio.log 2>/dev/null || true; rm -rf "$work"' EXIT
# The studio as a user runs it, with a 512 MiB heap so that the session figure is not lost in GC slack.
start_studio() { # $1: log name, then extra arguments
  local log="$work/studio-$1.log"; shift
  java -Xmx512m -cp "$work/classes:$(cat "$studiocp")" io.clickstream.studio.StudioApplication \
    --server.port="$port" --clickstream.data-dir="$work/data" "$@" >"$log" 2>&1 &
  studio=$!
}
wait_for() { # $1: log, $2: pattern, $3: seconds
  for _ in $(seq 1 "$3"); do
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 1
  done
  return 1
}
# 1. The first start sends the demo's 30 days over HTTP; once ingestion has acknowledged them, the studio stops
# (a stop publishes every acknowledged event to the lake).
start_studio demo
echo "studio pid $studio on port $port, data in $work/data; sending the demo traffic ..."
wait_for "$work/studio-demo.log" 'Demo: .* events in .* requests sent' 900 || { echo "no demo traffic" >&2; exit 1; }
kill "$studio"; wait "$studio" || true
# 2. Measured: the same studio on that lake without the demo's live visits, which cost an ETL micro-batch (and an
# in-JVM Spark session) every 30-60 s and would move the heap under the readings. Its ETL models the backlog, and
# once idle for 3 minutes stops its Spark session; the figures are taken after that.
start_studio measured --clickstream.demo=false
echo "studio pid $studio restarted without live demo visits; waiting for the ETL to model the backlog and go idle ..."
if wait_for "$work/studio-measured.log" 'Spark session started' 180 \
    && ! wait_for "$work/studio-measured.log" 'Spark session stopped after' 900; then
  echo "WARNING: the ETL's Spark session is still up after 15 minutes: the heap figure may be invalid" >&2
fi
echo "load while measuring: $(uptime)"
java -cp "$(cat "$cpfile")" bench/studio/StudioBrowserBench.java "http://localhost:$port" "$studio" demo \
  "$navigations" "$sessions" bench-password-1
echo "load after measuring: $(uptime)"
