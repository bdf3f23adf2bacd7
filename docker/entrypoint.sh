#!/usr/bin/env bash
# The container's entrypoint (see Dockerfile and docs/deployment.md).
#
#   (no arguments)       serve MCP over Streamable HTTP on 0.0.0.0:$PORT, OAuth on, public URL from
#                        CALENDLY_MCP_PUBLIC_URL, state in $CALENDLY_MCP_DATA_DIR (the /data volume)
#   --option ...         the same, with more options for `http` (e.g. --toolsets all)
#   <command> ...        any other calendly-mcp command (doctor, sandbox, stdio, version, ...)
#   healthcheck          exit 0 when /healthz answers 200 (the Dockerfile's HEALTHCHECK)
#   train                at image build time: run the server through a short session and keep the
#                        JDK's AOT cache of it, which every later start then maps
#
# Environment: CALENDLY_MCP_PUBLIC_URL (required for serving), PORT (8080), CALENDLY_MCP_DATA_DIR
# (/data), JAVA_OPTS (more JVM options), CALENDLY_MCP_HOME (/opt/calendly-mcp: jar and AOT cache),
# JAVA (java). Exit codes: the server's; 2 when CALENDLY_MCP_PUBLIC_URL is missing; healthcheck 1
# when the server does not answer 200.
set -euo pipefail

home="${CALENDLY_MCP_HOME:-/opt/calendly-mcp}"
jar="$home/calendly-mcp.jar"
aot="$home/calendly-mcp.aot"
java="${JAVA:-java}"
port="${PORT:-8080}"
data="${CALENDLY_MCP_DATA_DIR:-/data}"

# The same flags for the training run and every start: an AOT cache is only used by a JVM whose
# heap and collector settings match the one that made it. JVM warnings go to stderr.
# Netty loads its epoll library through System.loadLibrary, which JDK 24+ warns about unless allowed.
flags=(-XX:MaxRAMPercentage=75 --enable-native-access=ALL-UNNAMED -Xlog:disable -Xlog:all=warning:stderr)
# shellcheck disable=SC2206 # JAVA_OPTS is a list of options, split on spaces like everywhere else
extra=(${JAVA_OPTS:-})

# The AOT cache made at build time, when there is one (the path has no spaces: it is the image's).
cache_flag() {
  if [[ -f "$aot" ]]; then printf '%s\n' "-XX:AOTCache=$aot"; fi
}

# host:port of a URL, as clients put it in the Host header.
authority() {
  local rest="${1#*://}"
  printf '%s\n' "${rest%%/*}"
}

# GET a path on the local server with the Host header it expects; prints the status line.
status_of() {
  local host="$1" path="$2"
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
  local line
  IFS= read -r -t 5 line <&3 || line=""
  exec 3<&- 3>&-
  printf '%s\n' "${line%$'\r'}"
}

serve() {
  if [[ -z "${CALENDLY_MCP_PUBLIC_URL:-}" ]]; then
    echo "calendly-mcp: set CALENDLY_MCP_PUBLIC_URL to the https:// URL clients reach this server at (the TLS" \
      "proxy's), e.g. -e CALENDLY_MCP_PUBLIC_URL=https://mcp.example.com; for a try on this machine," \
      "-e CALENDLY_MCP_PUBLIC_URL=http://localhost:$port" >&2
    exit 2
  fi
  exec "$java" "${flags[@]}" $(cache_flag) "${extra[@]}" -jar "$jar" \
    http --host 0.0.0.0 --port "$port" --public-url "$CALENDLY_MCP_PUBLIC_URL" --data-dir "$data" "$@"
}

healthcheck() {
  local host
  host="$(authority "${CALENDLY_MCP_PUBLIC_URL:-http://127.0.0.1:$port}")"
  [[ "$(status_of "$host" /healthz)" == "HTTP/1."?" 200"* ]]
}

# Starts the server on the sandbox (OAuth on, as in production), asks it what clients ask first
# (health, discovery, an unauthenticated MCP request), stops it with SIGTERM, and the JVM writes
# the AOT cache of all it loaded on the way out.
train() {
  local out
  out="$(mktemp)"
  "$java" "${flags[@]}" "-XX:AOTCacheOutput=$aot" -jar "$jar" \
    http --sandbox --auto-approve --host 127.0.0.1 --port "$port" >"$out" 2>&1 &
  local pid=$!
  local host="127.0.0.1:$port"
  for _ in $(seq 1 120); do
    grep -q '^MCP endpoint: ' "$out" && break
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
    sleep 1
  done
  status_of "$host" /healthz >/dev/null
  status_of "$host" /.well-known/oauth-protected-resource/mcp >/dev/null
  status_of "$host" /.well-known/oauth-authorization-server >/dev/null
  status_of "$host" /mcp >/dev/null
  kill -TERM "$pid"
  wait "$pid" || true
  rm -f "$out"
  [[ -s "$aot" ]] || { echo "calendly-mcp: no AOT cache was written" >&2; exit 1; }
}

case "${1:-}" in
  "" | -*) serve "$@" ;;
  healthcheck) healthcheck ;;
  train) train ;;
  *) exec "$java" "${flags[@]}" $(cache_flag) "${extra[@]}" -jar "$jar" "$@" ;;
esac
