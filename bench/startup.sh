#!/usr/bin/env bash
# Start-up benchmark: time from process start to the answer to `initialize`, for calendly-mcp and
# for two baselines measured in the same run (`java -version`, and a bare MCP Java SDK server from
# the same jar), plus the JVM flags docs/startup.md discusses. Builds the jar if it is missing or stale
# and an AppCDS archive from a training run.
#
#   bench/startup.sh [runs]        (default 20 runs per case)
#   SESSIONS_ONLY=1 bench/startup.sh [runs]   (only the whole-session comparison with Node)
#   SESSIONS_JSON=<dir>           (also write the sessions' samples there for bench/run.sh's report)
#   SESSIONS_WARMUP=<rounds>      (warm-up rounds of the sessions' comparison, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20}"
jar="target/calendly-mcp.jar"
classes="target/bench-classes"
archive="target/calendly-mcp.jsa"

bench/jar.sh

if [[ "${SESSIONS_ONLY:-}" != 1 ]]; then
mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$jar" bench/BareSdkServer.java bench/BenchJson.java bench/StartupBench.java

# AppCDS (JDK 13+ dynamic archive): one training session, initialize + tools/list, then EOF.
rm -f "$archive"
printf '%s\n%s\n%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"cds","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
  | CALENDLY_TOKEN=cds-training-token java -XX:ArchiveClassesAtExit="$archive" -jar "$(pwd)/$jar" >/dev/null 2>&1

java -cp "$jar:$classes" StartupBench "$jar" "$classes" "$runs" "$archive"
fi

# Whole sessions (start, initialize, tools/list, exit on end of input) beside a Node server on the
# official TypeScript SDK with the same tools (bench/yardstick): plain java -jar and the launcher
# that client configurations run, on this JDK and on a JDK 25+ (JDK25_HOME, else the newest found
# in /usr/lib/jvm). The yardstick runs on the Node 22 its package pins (npm's node package), as the
# issue's community server did: Node 22 starts it about a third faster than the Debian Node 20 on
# PATH, so a PATH node would flatter the ratios. NODE picks another node binary.
if [[ ! -x bench/yardstick/node_modules/.bin/node ]]; then
  (cd bench/yardstick && npm ci --no-audit --no-fund --silent)
fi
node="${NODE:-bench/yardstick/node_modules/.bin/node}"
mkdir -p "$classes"
# bench/run.sh has compiled it already, unless a source or the jar changed since.
if [[ ! -f "$classes/SessionBench.class" || bench/SessionBench.java -nt "$classes/SessionBench.class" \
    || bench/BenchJson.java -nt "$classes/SessionBench.class" || "$jar" -nt "$classes/SessionBench.class" ]]; then
  javac -nowarn -d "$classes" -cp "$jar" bench/SessionBench.java bench/BenchJson.java
fi
sessions() { java -cp "$jar:$classes" SessionBench "$@"; }
tools="target/bench-tools.json"
sessions --tools-list "$tools" java -jar "$(pwd)/$jar"

jdk17="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
jdk25="${JDK25_HOME:-}"
if [[ -z "$jdk25" ]]; then
  for home in /usr/lib/jvm/*; do
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
    if [[ -n "$version" && "$version" -ge 25 && ! -L "$home" ]]; then jdk25="$home"; fi
  done
fi

# The launcher makes its archive in the background on a first start: make both before measuring.
cache="$(pwd)/target/bench-launcher-cache"
rm -rf "$cache"
launcher_cases=()
for home in "$jdk17" ${jdk25:+"$jdk25"}; do
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  sessions --tools-list /dev/null \
    env JAVA_HOME="$home" CALENDLY_MCP_CACHE_DIR="$cache" sh bin/calendly-mcp
  launcher_cases+=("java -jar, JDK $version defaults=$home/bin/java -jar $(pwd)/$jar")
  launcher_cases+=("bin/calendly-mcp, JDK $version=env JAVA_HOME=$home CALENDLY_MCP_CACHE_DIR=$cache sh bin/calendly-mcp")
done
jdks=$(( ${#launcher_cases[@]} / 2 ))
for _ in $(seq 1 300); do
  if [[ $(find "$cache" -name stamp | wc -l) -ge $jdks && -z "$(find "$cache" -name lock)" ]]; then break; fi
  sleep 1
done

echo
echo "Node $("$node" --version), $("$node" -p 'require("./bench/yardstick/node_modules/@modelcontextprotocol/sdk/package.json").version' 2>/dev/null | sed 's/^/TypeScript SDK /')"
sessions "$runs" ${SESSIONS_JSON:+--json "$SESSIONS_JSON"} ${SESSIONS_WARMUP:+--warmup "$SESSIONS_WARMUP"} \
  "Node yardstick (TypeScript SDK)=$node bench/yardstick/server.mjs $tools" \
  "${launcher_cases[@]}"
