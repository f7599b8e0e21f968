#!/usr/bin/env bash
# Run roaudit's own image (scripts/build-image.sh) hardened exactly as compose.yaml says, so that it can
# audit itself: the container roaudit-self, labelled roaudit.test=self-audit, serving on
# http://127.0.0.1:${ROAUDIT_SELF_PORT:-3180}/ in the host's network namespace. Waits until /api/health
# answers, then prints the URL. docs/running-in-docker.md explains every flag.
#
# Usage: scripts/run-hardened.sh [start]   (re)start it; honours DOCKER_HOST (a unix:// socket)
#        scripts/run-hardened.sh stop      remove it, and nothing else
#   ROAUDIT_SELF_PORT=3180                 port on 127.0.0.1
#   ROAUDIT_IMAGE=roaudit:local            image to run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

NAME=roaudit-self
LABEL="$(roaudit_label test self-audit)"
IMAGE=${ROAUDIT_IMAGE:-roaudit:local}
PORT=${ROAUDIT_SELF_PORT:-3180}
WAIT_SECONDS=60

# Id of our container, if it exists: by name and label, so a same-named container of anyone else is never
# touched.
ours() {
  docker ps -aq --no-trunc --filter "name=^/${NAME}\$" --filter "label=$LABEL"
}

# stop [quiet] — remove our container, if there is one.
stop() {
  local id
  id=$(ours)
  if [ -z "$id" ]; then
    [ -n "${1:-}" ] || roaudit_say "$NAME is not running"
    return 0
  fi
  docker rm -f -v "$id" >/dev/null
  roaudit_say "removed $NAME"
}

# Exit status 0 when something accepts connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Exit status 0 when GET /api/health on 127.0.0.1:$1 answers 200.
health_ok() {
  node -e '
    const req = require("node:http").get(
      { host: "127.0.0.1", port: Number(process.argv[1]), path: "/api/health", timeout: 2000 },
      (res) => { res.resume(); process.exit(res.statusCode === 200 ? 0 : 1); },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => process.exit(1));
  ' "$1"
}

start() {
  local socket gid id waited=0
  if [[ ! $PORT =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
    roaudit_error "ROAUDIT_SELF_PORT must be a port number, not '$PORT'"
    return 2
  fi
  ensure_engine
  case "${DOCKER_HOST:-}" in
    unix://*) socket=${DOCKER_HOST#unix://} ;;
    "") socket=$ROAUDIT_DEFAULT_SOCKET ;;
    *)
      roaudit_error "the engine is at $(roaudit_redact_host "$DOCKER_HOST"); running roaudit in a container needs its unix socket"
      return 1
      ;;
  esac
  if [ ! -S "$socket" ]; then
    roaudit_error "$socket is not a socket"
    return 1
  fi
  if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
    roaudit_error "no image $IMAGE: build it with scripts/build-image.sh"
    return 1
  fi
  if [ -n "$(docker ps -aq --filter "name=^/${NAME}\$")" ] && [ -z "$(ours)" ]; then
    roaudit_error "a container named $NAME exists without the label $LABEL: not touching it"
    return 1
  fi
  stop quiet
  if port_open "$PORT"; then
    roaudit_error "something already listens on 127.0.0.1:$PORT (set ROAUDIT_SELF_PORT to another port)"
    return 1
  fi
  # The server's user joins the socket's group (by number: the image has no such group), and nothing more.
  gid=$(stat -c %g "$socket")

  # Keep in step with compose.yaml. No DOCKER_HOST inside: the app finds the socket where it is mounted.
  id=$(docker run --detach --name "$NAME" --label "$LABEL" \
    --read-only \
    --tmpfs /app/.next/cache:rw,noexec,nosuid,size=64m \
    --tmpfs /app/.next/server/route-cache:rw,noexec,nosuid,size=16m \
    --user 10001:10001 \
    --group-add "$gid" \
    --cap-drop ALL \
    --security-opt no-new-privileges \
    --memory 256m \
    --pids-limit 64 \
    --network host \
    --volume "$socket:/var/run/docker.sock" \
    "$IMAGE" node scripts/start.mjs -H 127.0.0.1 -p "$PORT")
  id=${id##*$'\n'} # the id is the last line; the engine may warn before it (e.g. about swap limits)

  until health_ok "$PORT"; do
    if [ "$(docker inspect --format '{{.State.Running}}' "$id" 2>/dev/null)" != true ]; then
      roaudit_error "$NAME stopped while starting; its last lines:"
      docker logs --tail 30 "$id" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      roaudit_error "$NAME did not answer on 127.0.0.1:$PORT/api/health within ${WAIT_SECONDS} s; its last lines:"
      docker logs --tail 30 "$id" >&2 || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  roaudit_say "$NAME (${id:0:12}, $IMAGE) audits the engine at $socket"
  printf 'http://127.0.0.1:%s/\n' "$PORT"
}

case "${1:-start}" in
  start) start ;;
  stop)
    roaudit_find_engine >/dev/null 2>&1 || true
    stop
    ;;
  *)
    roaudit_error "usage: $0 [start|stop]"
    exit 2
    ;;
esac
