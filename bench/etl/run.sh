#!/usr/bin/env bash
# ETL throughput benchmark: 2M demo-model raw events, one ETL pass vs a bare Spark JSON->Parquet floor, local[2].
# Usage: bench/etl/run.sh [--events=N] [--dir=/tmp/clickstream-etl-bench] [--geoip-db=FILE.mmdb]
# Needs: ./mvnw -q -pl etl-job package -DskipTests  and pipeline-engine installed (./mvnw -q -pl pipeline-engine install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pe="$HOME/.m2/repository/io/clickstream/pipeline-engine/0.1.0-SNAPSHOT/pipeline-engine-0.1.0-SNAPSHOT.jar"
[ -d "$root/pipeline-engine/target/classes" ] && pe="$root/pipeline-engine/target/classes"
cp="$root/etl-job/target/etl-job.jar:$root/etl-job/target/lib/*:$pe"
geo="$root/../shared/testdata/geoip/GeoIP2-City-Test.mmdb"; [ -f "$geo" ] || geo="$root/target/testdata/geoip/GeoIP2-City-Test.mmdb"
extra=()
[ -f "$geo" ] && extra+=("--geoip-db=$geo")
exec java -Xms8g -Xmx8g -XX:+UseParallelGC -cp "$cp" "$root/bench/etl/EtlBenchmark.java" "${extra[@]}" "$@"
