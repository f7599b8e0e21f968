#!/usr/bin/env bash
# Run all tests (`npm test`; CI runs it through .ci/run on a fresh clone as root).
# As root on a fresh Debian it installs what is missing and starts a Docker engine of its own.
# Steps run in order and the first failure stops the run with that step's exit code.
# To add a step, add a `step NAME COMMAND…` line below.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh
. scripts/real-images.sh

ensure_packages
ensure_node_modules
ensure_engine
ensure_fixture_images

# The real-app images (debootstrap from Debian's mirror; minutes when not cached) build in the background while
# every other step runs; the real-app integration tests, last, wait for them.
real_images_log=$(mktemp "${TMPDIR:-/tmp}/roaudit-real-images.XXXXXX")
ensure_real_images >"$real_images_log" 2>&1 &
real_images_pid=$!
# wait_real_images — wait for the background build; print its log; fail when it failed.
wait_real_images() {
  local rc=0
  wait "$real_images_pid" || rc=$?
  cat "$real_images_log"
  rm -f "$real_images_log"
  return "$rc"
}

# step NAME COMMAND… — announce the step in one line, run it, stop everything with its exit code if it fails.
step() {
  local name=$1 rc=0
  shift
  printf '==> %s: %s\n' "$name" "$*"
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '==> FAILED: %s (exit %d)\n' "$name" "$rc" >&2
    exit "$rc"
  fi
}

step "lint and format" npx biome check .
step "type check" npx tsc --noEmit
step "unit tests" npx vitest run --project unit
# The real-app tests run last, so the image build overlaps every step before them.
step "integration tests" npx vitest run --project integration
step "production build" npx next build
step "hardened image" bash scripts/build-image.sh
trap 'bash scripts/run-hardened.sh stop >/dev/null 2>&1 || true' EXIT
step "hardened self-audit container" bash scripts/run-hardened.sh
step "end-to-end tests" npx playwright test
step "real-app images (Debian packages)" wait_real_images
step "real-app integration tests" npx vitest run --project real-apps

printf '==> all steps passed\n'
