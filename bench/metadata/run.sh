#!/usr/bin/env bash
# The metadata manager with 10,000 event parameters: scan times (first, nothing new, one ETL append) and the calls
# the Parameters grid's lazy data provider makes when it opens, scrolls, sorts and searches.
# Usage: bench/metadata/run.sh [events] [event names] [parameters per event]   (defaults 100000 200 50)
# Builds the studio's classes in the reactor (no install) and runs the bench on them.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -o -pl studio-app -am compile dependency:build-classpath -Dmdep.outputFile=target/bench-metadata-cp.txt \
    -Dmdep.includeScope=runtime >/dev/null
CP="$(cat studio-app/target/bench-metadata-cp.txt):studio-app/target/classes"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
java -Xmx2g -cp "$CP" bench/metadata/MetadataBench.java "$WORK" "$@"
