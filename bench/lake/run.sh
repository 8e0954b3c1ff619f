#!/usr/bin/env bash
# Per-pass ETL overhead against the length of raw history: 1 day and 90 days of simulated raw batches (2 files an
# hour), modeled once, then passes with nothing new and one-file micro-batches on a warm local[2] session.
# Usage: bench/lake/run.sh [--no-build] [extra LakeHistoryBench options, e.g. --passes=9]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--no-build" ]; then shift; else ./mvnw -q -o -pl etl-job -am -DskipTests package; fi
cp="etl-job/target/etl-job.jar:etl-job/target/lib/*"
dir="$(mktemp -d /tmp/clickstream-lake-bench.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
for days in 1 90; do
  java -Xmx2g -cp "$cp" bench/lake/LakeHistoryBench.java --days="$days" --dir="$dir" "$@" 2>"$dir/stderr-$days.log" \
    | grep -E '^(history|backfill|RESULT|PROFILE|  )' || { tail -30 "$dir/stderr-$days.log"; exit 1; }
done
