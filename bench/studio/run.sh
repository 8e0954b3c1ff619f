#!/usr/bin/env bash
# The studio in Debian's headless Chromium on demo data: time from navigation to the Overview's charts drawn
# (goal < 1.5 s) and server heap held per open studio session (goal < 1 MiB), printed next to the goals.
# Usage: bench/studio/run.sh [--port=18120] [--navigations=10] [--sessions=20] [--skip-build]
# Builds the studio jar (production frontend) unless --skip-build, starts it on a fresh data directory with demo
# traffic, waits for the demo lake, runs StudioBrowserBench, and stops the studio.
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
  ./mvnw -q -o -pl studio-app -am -DskipTests package
fi
cpfile="$PWD/studio-app/target/bench-studio-cp.txt"
./mvnw -q -o -pl studio-app -am dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
work="$(mktemp -d /tmp/bench-studio-XXXXXX)"
# The studio as a user runs it, with a 512 MiB heap so that the session figure is not lost in GC slack.
java -Xmx512m -jar studio-app/target/studio-app.jar --server.port="$port" --clickstream.data-dir="$work/data" \
  >"$work/studio.log" 2>&1 &
studio=$!
trap 'kill "$studio" 2>/dev/null || true; wait "$studio" 2>/dev/null || true; rm -rf "$work"' EXIT
echo "studio pid $studio on port $port, data in $work/data; waiting for the demo lake ..."
for _ in $(seq 1 600); do
  if find "$work/data" -path '*modeled/event*' -name '*.parquet' 2>/dev/null | grep -q .; then break; fi
  sleep 1
done
sleep 5
java -cp "$(cat "$cpfile")" bench/studio/StudioBrowserBench.java "http://localhost:$port" "$studio" demo \
  "$navigations" "$sessions" bench-password-1
