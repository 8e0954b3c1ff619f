#!/usr/bin/env bash
# Exploration engine benchmark: 10M and 1M modeled events, six analyses through the studio's engine vs hand-written
# DuckDB SQL. Usage: bench/explore/run.sh [--dir=/tmp/clickstream-explore-bench] [--only=10m|1m] [--analysis=funnel]
#   [--parquet] (the engine reads the Parquet instead of the explore mirror, which is then not built)
# Builds the studio's classes (and the modules it needs) first; the lakes are generated once and kept in --dir, the
# explore mirror of each is built again at each run next to it (<lake>-mirror.duckdb).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=/tmp/clickstream-explore-bench
only=""
analysis=""
build=yes
source=mirror
for a in "$@"; do
  case "$a" in
    --dir=*) dir="${a#--dir=}" ;;
    --only=*) only="${a#--only=}" ;;
    --analysis=*) analysis="${a#--analysis=}" ;;
    --no-build) build=no ;;
    --parquet) source=parquet ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
cpfile="$PWD/studio-app/target/bench-explore-cp.txt"
if [ "$build" = yes ] || [ ! -f "$cpfile" ]; then
  # test-compile, not compile: a sibling's test-jar dependency resolves to its test classes only from that phase on.
  ./mvnw -q -o -pl studio-app -am test-compile dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
fi
CP="$(cat "$cpfile"):studio-app/target/classes"
# The studio's heap limit for this benchmark: 2 GiB (DuckDB's memory is native, outside it; limit 2GB).
JAVA=(java -Xmx2g -XX:+UseParallelGC -cp "$CP" bench/explore/ExploreBenchmark.java)
if [ "$only" != "10m" ]; then
  echo "== 1M events: 10,000 users, 100,000 sessions, 30 days"
  "${JAVA[@]}" "$dir/lake-1m" 100000 10000 5 3 "$analysis" "$source"
fi
if [ "$only" != "1m" ]; then
  echo "== 10M events: 100,000 users, 1,000,000 sessions, 30 days"
  "${JAVA[@]}" "$dir/lake-10m" 1000000 100000 5 3 "$analysis" "$source"
fi
