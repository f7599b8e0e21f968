#!/usr/bin/env bash
# Start the dashboard (`npm run dashboard`) on http://127.0.0.1:${PORT:-3000}/.
# Uses the Docker engine it finds; where none answers and this runs as root, it installs what is missing,
# starts roaudit's private engine and fills it with the sample fleet, so there is something to audit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

port=${PORT:-3000}

ensure_node_modules

if [ -n "${DOCKER_HOST:-}" ]; then
  # The engine the user named, reachable or not: the page says when it is down and recovers when it answers.
  roaudit_find_engine || roaudit_say "starting anyway: the dashboard will show the engine as unreachable until it answers"
elif ! roaudit_find_engine; then
  roaudit_say "no Docker engine is reachable"
  if roaudit_is_root; then ensure_packages; fi
  ensure_engine
fi
if [[ ${ROAUDIT_ENGINE_KIND:-} == private* ]] && [ -z "$(docker ps -aq --filter "label=$(roaudit_label sample)")" ]; then
  bash scripts/sample-fleet.sh
fi

# Rebuild unless the last production build is newer than every file it could have read.
build_is_current() {
  [ -f .next/BUILD_ID ] || return 1
  local newer
  newer=$(find . -mindepth 1 \
    \( -path ./node_modules -o -path ./.next -o -path ./.git -o -path ./test-results -o -path ./playwright-report \
    -o -path ./blob-report -o -path ./coverage -o -path ./.roaudit -o -name '*.tsbuildinfo' \) -prune \
    -o -newer .next/BUILD_ID -print -quit)
  [ -z "$newer" ]
}
if build_is_current; then
  roaudit_say "build is up to date (.next/BUILD_ID is newer than every source)"
else
  roaudit_say "building (next build)"
  npx next build
fi

roaudit_say "dashboard: http://127.0.0.1:$port/ (engine $DOCKER_HOST)"
export DOCKER_HOST
exec node scripts/start.mjs -p "$port"
