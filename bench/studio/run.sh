#!/usr/bin/env bash
# The studio in Debian's headless Chromium on demo data: time from navigation to the Overview's charts drawn
# (goal < 1.5 s) and server heap held per open studio session (goal < 1 MiB), printed next to the goals, with the
# studio's CPU time per Overview navigation.
# Usage: bench/studio/run.sh [--port=18120] [--navigations=10] [--sessions=20] [--skip-build]
# Compiles the studio with its production frontend bundle unless --skip-build (then target/classes must hold one,
# as after any studio-app build), starts it from its classes on a fresh data directory with demo traffic, waits for
# the demo lake and for its ETL to go idle, runs StudioBrowserBench (Selenium, from the test classpath), and stops the studio.
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
# The studio as a user runs it, with a 512 MiB heap so that the session figure is not lost in GC slack.
java -Xmx512m -cp "$work/classes:$(cat "$studiocp")" io.clickstream.studio.StudioApplication \
  --server.port="$port" --clickstream.data-dir="$work/data" \
  >"$work/studio.log" 2>&1 &
studio=$!
trap 'kill "$studio" 2>/dev/null || true; wait "$studio" 2>/dev/null || true
      cp "$work/studio.log" studio-app/target/bench-studio.log 2>/dev/null || true; rm -rf "$work"' EXIT
echo "studio pid $studio on port $port, data in $work/data; waiting for the demo lake ..."
for _ in $(seq 1 600); do
  if find "$work/data" -path '*modeled/event*' -name '*.parquet' 2>/dev/null | grep -q .; then break; fi
  sleep 1
done
# Measure the studio as a user finds it a few minutes after the start: the demo backlog modeled and the local ETL's
# Spark session stopped once idle (it holds tens of MB of heap; stopping it in the middle of the heap readings made
# them shrink). Passes that find nothing new start no Spark.
echo "demo lake written; waiting for the ETL to go idle (its Spark session stops after 3 idle minutes) ..."
idle=0
for _ in $(seq 1 600); do
  if grep -q 'Spark session stopped after' "$work/studio.log"; then idle=1; break; fi
  sleep 1
done
if [ "$idle" = 0 ]; then
  echo "WARNING: the ETL's Spark session is still up after 10 minutes: the heap figure may be invalid" >&2
fi
echo "load while measuring: $(uptime)"
java -cp "$(cat "$cpfile")" bench/studio/StudioBrowserBench.java "http://localhost:$port" "$studio" demo \
  "$navigations" "$sessions" bench-password-1
echo "load after measuring: $(uptime)"
