#!/usr/bin/env bash
# Rate-limit benchmark: N agents sharing one token of one user read back to back against an
# in-process sandbox limited to --limit requests per minute, first with a client that has no limiter
# and no retries, then with calendly-mcp's limiter and retries. Builds the jar if it is missing or stale (bench/jar.sh).
#
#   bench/rate-limit.sh [--agents 10] [--seconds 120] [--limit 60] [--json file]
#   bench/rate-limit.sh --seconds 20 --limit 30      (smoke check, well under a minute)
set -euo pipefail
cd "$(dirname "$0")/.."

jar="target/calendly-mcp.jar"
classes="target/bench-classes"

bench/jar.sh

mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$jar" bench/BenchJson.java bench/RateLimitBench.java
exec java -cp "$jar:$classes" RateLimitBench "$@"
