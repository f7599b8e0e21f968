#!/usr/bin/env bash
# One-command load test: `bash scripts/stress.sh [stress.mjs options]`, e.g. `bash scripts/stress.sh --requests 800`.
# Builds the app when there is no production build (.next/BUILD_ID), starts `next start` on the first free
# loopback port from 3700 to 3799, runs scripts/stress.mjs against it (which creates and removes its own
# fleet, labelled roaudit.test=stress), and stops the server. Uses the engine the docker CLI finds
# ($DOCKER_HOST, else the default socket, else roaudit's private engine if it runs); starts none.
# Exit code: stress.mjs's (0 all checks passed, 1 a check failed, 2 it could not run), or 2 when no server.
# ROAUDIT_STRESS_INSPECT=1 also opens the server's inspector on another free loopback port of that range, so
# stress.mjs can force GCs and check the heap instead of the RSS (see its header; anyone who can reach that
# port can run code as the server's user while the benchmark runs: use it on a host you alone use).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

ensure_node_modules
if ! roaudit_find_engine; then
  roaudit_error "no Docker engine answers; start one or set DOCKER_HOST"
  exit 2
fi
ensure_fixture_images

# Another checkout's tester may be running `next build` in this directory: it deletes .next/BUILD_ID while
# it works. Wait for it rather than start a second build (`next build` holds .next/lock and would exit).
build_running() {
  local proc
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/cwd" 2>/dev/null)" = "$PWD" ] || continue
    tr '\0' ' ' <"$proc/cmdline" 2>/dev/null | grep -Eq 'next(\.js)? build|bin/next build' && return 0
  done
  return 1
}
wait_for_build() {
  local waited=0
  while build_running; do
    if [ "$waited" -eq 0 ]; then roaudit_say "a next build is running here; waiting for it"; fi
    if [ "$waited" -ge 600 ]; then
      roaudit_error "the running next build did not finish in 10 minutes"
      return 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
}
ensure_build() {
  wait_for_build
  [ -f .next/BUILD_ID ] && return 0
  roaudit_say "no production build: next build"
  npx next build
}

# free_port [SKIP] — the first port from 3700 to 3799 nothing listens on (other than SKIP).
free_port() {
  local port
  for port in $(seq 3700 3799); do
    [ "$port" != "${1:-}" ] || continue
    if [ -z "$(ss -Hltn "sport = :$port")" ]; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  roaudit_error "no free port from 3700 to 3799"
  return 1
}

server_pid=""
server_log=$(mktemp -t roaudit-stress-server.XXXXXX.log)
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    # setsid made the server the leader of its own process group: stop the group, nothing else.
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap 'stop_server; rm -f "$server_log"' EXIT
trap 'exit 130' INT TERM

# Starts the server and waits until /api/health answers; fails when it exits first (e.g. a build that
# another tester started in the meantime removed .next/BUILD_ID).
start_server() {
  local port=$1 waited=0 node_flags=()
  if [ -n "$inspect_port" ]; then node_flags=("--inspect=127.0.0.1:$inspect_port"); fi
  setsid node "${node_flags[@]}" node_modules/next/dist/bin/next start -H 127.0.0.1 -p "$port" >"$server_log" 2>&1 &
  server_pid=$!
  until curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$port/api/health"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      server_pid=""
      roaudit_say "the server exited while starting:"
      tail -n 5 "$server_log" >&2
      return 1
    fi
    if [ "$waited" -ge 60 ]; then
      roaudit_error "the server did not answer on port $port within 60 s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

started=""
inspect_port=""
for attempt in 1 2 3; do
  ensure_build
  port=$(free_port)
  if [ "${ROAUDIT_STRESS_INSPECT:-}" = 1 ]; then inspect_port=$(free_port "$port"); fi
  if start_server "$port"; then
    started=1
    break
  fi
  stop_server
  roaudit_say "retrying ($attempt/3)"
  sleep 5
done
if [ -z "$started" ]; then
  roaudit_error "could not start the server"
  exit 2
fi
roaudit_say "server: http://127.0.0.1:$port/ (pid $server_pid, engine $(roaudit_redact_host "$DOCKER_HOST"))"

stress_args=(--base-url "http://127.0.0.1:$port" --pid "$server_pid")
node_flags=()
if [ -n "$inspect_port" ]; then
  stress_args+=(--inspect-port "$inspect_port")
  node_flags=(--experimental-websocket --no-warnings)
fi
status=0
node "${node_flags[@]}" scripts/stress.mjs "${stress_args[@]}" "$@" || status=$?
exit "$status"
