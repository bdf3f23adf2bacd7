#!/usr/bin/env bash
# HTTP benchmark: calls/s and p50/p90/p99 latency of a cached read tool (whoami) over Streamable
# HTTP with N concurrent sessions in a closed loop, and heap and RSS per idle session, for
# `calendly-mcp http --auth none --sandbox`, for `calendly-mcp http --sandbox --auto-approve` (OAuth:
# the bench signs in first and sends the access token on every request), and for a bare MCP Java
# SDK server on the same Netty transport (bench/BareHttpServer.java), measured the same way in the
# same run. Each server runs as a child process on loopback, one after the other, and is stopped
# after its turn. Builds the jar if it is missing.
#
#   bench/http.sh [--sessions 16] [--seconds 30] [--warmup 60] [--idle 16] [--tool whoami] [--client netty|jdk|sdk] [--auth none|oauth|both]
#   bench/http.sh --seconds 5 --warmup 2                (smoke check, about 30 s; not warm, see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."

jar="target/calendly-mcp.jar"
classes="target/bench-classes"

if [[ ! -f "$jar" ]]; then
  ./mvnw -B -q package -DskipTests
fi

mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$jar" bench/BareHttpServer.java bench/BenchJson.java bench/HttpBench.java

exec java -cp "$jar:$classes" HttpBench "$jar" "$classes" "$@"
