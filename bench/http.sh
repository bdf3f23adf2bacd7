#!/usr/bin/env bash
# HTTP benchmark: calls/s and p50/p90/p99 latency of a cached read tool (whoami) over Streamable
# HTTP with N concurrent sessions in a closed loop, and heap and RSS per idle session, for
# `calendly-mcp http --auth none --sandbox`, for `calendly-mcp http --sandbox --auto-approve` (OAuth:
# the bench signs in first and sends the access token on every request), and for a bare MCP Java
# SDK server on the same Netty transport (bench/BareHttpServer.java), measured the same way in the
# same run. Each server runs as a child process on loopback, one after the other, and is stopped
# after its turn. `--auth agents` instead: every session an agent of its own (its own registration,
# sign-in and token, from its own loopback address) against `calendly-mcp http` as deployed, whose
# Calendly is a standalone sandbox of 1,000 users (bench/BenchSandbox.java large). Builds the jar if
# it is missing or older than the sources (bench/jar.sh).
#
#   bench/http.sh [--sessions 16] [--sessions-levels 1,10,50,200] [--seconds 30] [--warmup 60] [--idle 16|1000,10000]
#                 [--idle-agents 1000] [--tool whoami] [--client netty|jdk|sdk] [--auth none|oauth|both|agents]
#   bench/http.sh --seconds 5 --warmup 2                (smoke check, about 30 s; not warm, see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."

jar="target/calendly-mcp.jar"
classes="target/bench-classes"

bench/jar.sh

mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$jar" bench/BareHttpServer.java bench/BenchJson.java bench/BenchSandbox.java bench/HttpBench.java

exec java -cp "$jar:$classes" HttpBench "$jar" "$classes" "$@"
