#!/usr/bin/env bash
# Start-up benchmark: time from process start to the answer to `initialize`, for calendly-mcp and
# for two baselines measured in the same run (`java -version`, and a bare MCP Java SDK server from
# the same jar), plus the JVM flags docs/performance.md discusses. Builds the jar if it is missing
# and an AppCDS archive from a training run.
#
#   bench/startup.sh [runs]        (default 20 runs per case)
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20}"
jar="target/calendly-mcp.jar"
classes="target/bench-classes"
archive="target/calendly-mcp.jsa"

if [[ ! -f "$jar" ]]; then
  ./mvnw -B -q package -DskipTests
fi

mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$jar" bench/BareSdkServer.java

# AppCDS (JDK 13+ dynamic archive): one training session, initialize + tools/list, then EOF.
rm -f "$archive"
printf '%s\n%s\n%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"cds","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
  | CALENDLY_TOKEN=cds-training-token java -XX:ArchiveClassesAtExit="$archive" -jar "$(pwd)/$jar" >/dev/null 2>&1

java bench/StartupBench.java "$jar" "$classes" "$runs" "$archive"
