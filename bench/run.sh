#!/usr/bin/env bash
# The benchmark harness: one command runs every scenario, keeps the run's samples in
# bench/results/<date>-<commit>.json, regenerates docs/performance.md and draws its charts
# (docs/perf-*.png, with XChart, fetched into target/bench-lib: it never enters the server's jar).
#
#   bench/run.sh            the full run (about 15 min on 2 vCPUs)
#   bench/run.sh --quick    a smoke run (under 2 min on a quiet machine): every harness path, too few
#                           samples to quote
#
# Every figure is measured against a baseline taken in the same run (see docs/performance.md).
# Exits non-zero only when the harness itself breaks (a bench fails to run); numbers never fail it.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

started=$(date +%s)
jar="target/calendly-mcp.jar"
classes="target/bench-classes"
lib="target/bench-lib"
out="target/bench-run"
xchart_version=3.8.8

bench/jar.sh
if [[ ! -f "$lib/xchart-$xchart_version.jar" ]]; then
  ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact="org.knowm.xchart:xchart:$xchart_version" -DoutputDirectory="$lib"
fi
rm -rf "$out"
mkdir -p "$out"
# Compiled again only when a bench source or the jar changed since (javac is seconds of a smoke run).
stamp="$classes/.compiled"
if [[ ! -f "$stamp" || "$jar" -nt "$stamp" || -n "$(find bench -maxdepth 1 -name '*.java' -newer "$stamp" -print -quit)" ]]; then
  rm -rf "$classes"
  mkdir -p "$classes"
  javac -nowarn -d "$classes" -cp "$jar:$lib/xchart-$xchart_version.jar" bench/*.java
  touch "$stamp"
fi
cp="$jar:$classes"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench/run.sh ($mode): load average at start $load_start" >&2

# Wall time so far, and the CPU time of every process the run started (on a shared machine the
# wall time says more about the other work than about the harness).
# (times, not $(times): a subshell has no children of its own.)
step() {
  times >"$out/.times"
  local cpu
  cpu=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } printf "%.1f", s }' "$out/.times")
  echo "== $1 ($(( $(date +%s) - started )) s, CPU ${cpu} s)" >&2
}

if [[ $mode == quick ]]; then
  # Every scenario and every process the full run starts, each as briefly as still tells a working
  # harness from a broken one: one round and no warm-up, a sandbox of 40 users instead of 1,000 for
  # the agents of 3-4, windows of a second or a few.
  step "1. start-up"
  java -cp "$cp" StartupBench "$jar" "$classes" 1 --core --warmup 0 --json "$out/1-startup.json" >&2
  step "1b-1c. whole sessions beside a Node server"
  SESSIONS_ONLY=1 SESSIONS_JSON="$out" SESSIONS_WARMUP=0 bench/startup.sh 1 >&2
  step "2. per-call overhead"
  java -cp "$cp" OverheadBench "$jar" "$classes" "$out/2-overhead.json" --calls 50 --warmup 50 >&2
  step "3-4. HTTP throughput and idle sessions"
  # Every session an agent of its own (registration, sign-in, token), from its own loopback address.
  java -cp "$cp" HttpBench "$jar" "$classes" --auth agents --sandbox-users 40 --sessions-levels 1,10 --seconds 1 \
    --warmup 1 --idle 100 --idle-agents 20 --json "$out/3-http.json" --idle-json "$out/4-idle.json" >&2
  step "5. rate limits"
  java -cp "$cp" RateLimitBench --seconds 3 --limit 30 --json "$out/5-rate-limit.json" >&2
  java -cp "$cp" RateLimitScenariosBench --seconds 2 --limit 30 --bookings 12 \
    --users-json "$out/5a-rate-limit-two-users.json" --bookings-json "$out/5b-rate-limit-booking-windows.json" >&2
  step "6. agent task cost"
  java -cp "$cp" TaskCostBench "$jar" "$out/6-task-cost.json" --repeat 1 >&2
else
  step "1. start-up"
  java -cp "$cp" StartupBench "$jar" "$classes" 10 --json "$out/1-startup.json" >&2
  step "1b-1c. whole sessions beside a Node server"
  SESSIONS_ONLY=1 SESSIONS_JSON="$out" bench/startup.sh 10 >&2
  step "2. per-call overhead"
  java -cp "$cp" OverheadBench "$jar" "$classes" "$out/2-overhead.json" --calls 1000 --warmup 2000 >&2
  step "3-4. HTTP throughput and idle sessions"
  # 1,000 agents for the idle sessions: one session each, then ten (the server holds 16 per principal).
  java -cp "$cp" HttpBench "$jar" "$classes" --auth agents --sessions-levels 1,10,50,200 --seconds 10 --warmup 30 \
    --idle 1000,10000 --idle-agents 1000 --json "$out/3-http.json" --idle-json "$out/4-idle.json" >&2
  step "5. rate limits"
  java -cp "$cp" RateLimitBench --seconds 60 --json "$out/5-rate-limit.json" >&2
  java -cp "$cp" RateLimitScenariosBench --seconds 60 --limit 60 --bookings 30 --align-second 30 \
    --users-json "$out/5a-rate-limit-two-users.json" --bookings-json "$out/5b-rate-limit-booking-windows.json" >&2
  step "6. agent task cost"
  java -cp "$cp" TaskCostBench "$jar" "$out/6-task-cost.json" --repeat 10 >&2
fi
step "report"

commit=$(git rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then commit="$commit-dirty"; fi
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
{
  echo "{"
  echo "  \"date\": $(json_string "$(date -u +%Y-%m-%d)"),"
  echo "  \"started_utc\": $(json_string "$(date -u -d "@$started" +%H:%M:%S)"),"
  echo "  \"commit\": $(json_string "$commit"),"
  echo "  \"mode\": $(json_string "$mode"),"
  echo "  \"wall_time\": $(json_string "$(( $(date +%s) - started )) s"),"
  echo "  \"cpus\": $(json_string "$(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1))"),"
  echo "  \"memory\": $(json_string "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"),"
  echo "  \"os\": $(json_string "$(uname -sr)"),"
  echo "  \"jdk\": $(json_string "$(java -version 2>&1 | sed -n 2p)"),"
  echo "  \"load_average_at_start\": $(json_string "$load_start"),"
  echo "  \"load_average_at_end\": $(json_string "$(cut -d' ' -f1-3 /proc/loadavg)")"
  echo "}"
} > "$out/machine.json"
mv "$out/machine.json" "$out/../bench-machine.json"
results=bench/results
if [[ $mode == quick ]]; then results="$out/results"; fi
# A quick run is a smoke test: it writes its page and charts under target/, never over the full run's.
if [[ $mode == quick ]]; then
  java -cp "$cp:$lib/xchart-$xchart_version.jar" Report "$out" target/bench-machine.json "$results" \
    "$out/performance.md" "$out/charts"
else
  java -cp "$cp:$lib/xchart-$xchart_version.jar" Report "$out" target/bench-machine.json "$results" \
    docs/performance.md docs/performance
fi
step "done"
echo "bench/run.sh ($mode) done in $(( $(date +%s) - started )) s" >&2
