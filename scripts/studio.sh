#!/usr/bin/env bash
# Runs the studio jar with the JVM settings of a laptop that does other things (README: "Run the studio").
#   scripts/studio.sh [studio options, e.g. --server.port=8080]
# STUDIO_JAVA_OPTS replaces the JVM options below (e.g. STUDIO_JAVA_OPTS=-Xmx4g for a large local lake);
# STUDIO_JAR points at another jar.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${STUDIO_JAR:-$here/studio-app/target/studio-app.jar}"
# glibc gives every thread that allocates its own 64 MiB arena by default (up to 8 per core); Netty, Spark and
# DuckDB allocate from many threads, and the arenas' freed pages stay resident. Two arenas hold the same work.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# A heap of 600 MiB: the local ETL's micro-batches and the demo's backfill need far less (Spark's execution and
# storage memory spill to disk beyond their share); without a limit the JVM takes a quarter of the machine and
# keeps what it once committed. The serial collector: in a heap this small G1 ran a concurrent marking cycle about
# every four seconds (148 in ten minutes), a fifth of the studio's idle CPU, and its own structures cost memory; a
# full collection (after the backfill, see pipeline-engine) gives heap back down to 40 % free.
# The C1 compiler only (-XX:TieredStopAtLevel=1): the studio's own work is a little of everything (Spring, Spark's
# planner, Parquet, Janino, Jackson) run now and then, which C2 compiled for minutes after the start and the backfill
# (bench/laptop: 30 s of compiler CPU in the 5 idle minutes after the backfill, 70 % of the studio's CPU then, against
# 2.4 s with C1 only); the hot loops of a laptop's lake are DuckDB's (native code) and small Spark passes.
default_opts="-Xmx600m -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:MaxMetaspaceSize=384m -XX:TieredStopAtLevel=1"
# shellcheck disable=SC2086
exec java ${STUDIO_JAVA_OPTS:-$default_opts} -jar "$jar" "$@"
