#!/usr/bin/env bash
# The fixed cost of an ETL micro-batch of the demo's live trickle, in one warm JVM (see MicroPassBench.java and
# README.md): the demo's 30-day history modeled, then N passes of one live visit each, with the studio's JVM options
# and in-process Spark session. Prints per-pass wall, CPU, Spark jobs/stages, and the median of the last passes.
# Usage: bench/laptop/micro-pass.sh [--no-build] [--passes=30] [--last=20] [--profile] [--conf=KEY=VALUE] ...
# MICRO_JAVA_OPTS replaces the JVM options (default: the studio's, from scripts/studio.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--no-build" ]; then shift; else ./mvnw -q -o -pl etl-job,pipeline-engine -am -DskipTests package; fi
cp="etl-job/target/etl-job.jar:etl-job/target/lib/*:pipeline-engine/target/classes"
log="$(mktemp /tmp/clickstream-micro-pass.XXXXXX.log)"
trap 'rm -f "$log"' EXIT
opts="${MICRO_JAVA_OPTS:--Xmx600m -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:MaxMetaspaceSize=384m -XX:TieredStopAtLevel=1}"
# shellcheck disable=SC2086
java $opts -cp "$cp" bench/laptop/MicroPassBench.java "$@" 2>"$log" \
  || { tail -40 "$log" >&2; exit 1; }
