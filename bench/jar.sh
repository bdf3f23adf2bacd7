#!/usr/bin/env bash
# Builds target/calendly-mcp.jar when it is missing or older than any file it is built from
# (pom.xml, src/main): a bench must never measure code older than the checkout. The full run of
# 2026-12-07 did, with a jar built before the booking-window fix, and quoted 10 429s for the Teams
# booking burst (5b) that the checked-out limiter does not make. Git gives the files a merge or a
# checkout changes the time of that change, so they are newer than any jar built before it.
set -euo pipefail
cd "$(dirname "$0")/.."

jar="target/calendly-mcp.jar"
if [[ ! -f "$jar" ]]; then
  echo "bench: building $jar (missing)" >&2
elif newer=$(find pom.xml src/main -newer "$jar" -type f -print -quit) && [[ -n "$newer" ]]; then
  echo "bench: rebuilding $jar ($newer is newer than it)" >&2
else
  exit 0
fi
./mvnw -B -q package -DskipTests
