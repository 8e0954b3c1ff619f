#!/usr/bin/env bash
# Freshness of the local runtime: delay from an event's 200 to the event being queryable through DuckDB,
# with a steady SDK-shaped load. Usage: bench/freshness/run.sh [events-per-second] [seconds] [etl-interval-seconds]
# Builds inside the reactor (nothing is installed into ~/.m2) and runs the benchmark class on its test classpath.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -o -B -pl pipeline-engine -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
cp="pipeline-engine/target/test-classes:pipeline-engine/target/classes:$(cat pipeline-engine/target/bench-classpath.txt)"
# FRESHNESS_JAVA_OPTS adds JVM options, e.g. -Dspark.extraListeners=io.clickstream.pipeline.bench.SparkJobProfile to
# print every Spark job (wall, tasks' CPU, call site).
# shellcheck disable=SC2086
exec java -Xmx3g ${FRESHNESS_JAVA_OPTS:-} -cp "$cp" io.clickstream.pipeline.bench.FreshnessBenchmark "${1:-1000}" "${2:-180}" "${3:-60}"
