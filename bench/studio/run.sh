#!/usr/bin/env bash
# Overview query latency over a generated lake: 1 run x 50,000 events (30 files) and 60 runs x 1,000 events
# (1,800 small files, like an hour of minute-by-minute ETL appends without compaction).
# Needs a built studio: ./mvnw -q -pl studio-app package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -o -pl studio-app dependency:build-classpath -Dmdep.outputFile=target/bench-studio-cp.txt >/dev/null

CP="$(cat studio-app/target/bench-studio-cp.txt):studio-app/target/classes"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
java -cp "$CP" bench/studio/OverviewQueryBench.java "$WORK/few" 1 50000
java -cp "$CP" bench/studio/OverviewQueryBench.java "$WORK/many" 60 1000
