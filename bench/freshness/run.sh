#!/usr/bin/env bash
# Freshness of the local runtime: delay from an event's 200 to the event being queryable through DuckDB,
# with a steady SDK-shaped load. Usage: bench/freshness/run.sh [events-per-second] [seconds] [etl-interval-seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B install -DskipTests -pl pipeline-engine -am
./mvnw -q -B -pl pipeline-engine exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.clickstream.pipeline.bench.FreshnessBenchmark \
  -Dexec.args="${1:-1000} ${2:-180} ${3:-60}"
