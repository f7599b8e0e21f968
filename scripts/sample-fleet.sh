#!/usr/bin/env bash
# (Re)create the sample fleet: a few containers of mixed hardening for trying the dashboard, named sample-*
# and labelled roaudit.sample=1, and Debian's nginx, PostgreSQL and a Node.js app when their images can be
# built. Only containers with that label are ever removed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh
. scripts/real-images.sh

ensure_engine
ensure_fixture_images

label=$(roaudit_label sample)
data_dir=/var/lib/roaudit/sample-data
bb=$ROAUDIT_IMAGE_BUSYBOX

mapfile -t old < <(docker ps -aq --filter "label=$label")
if [ "${#old[@]}" -gt 0 ]; then
  # -v: the anonymous volume of sample-volume goes with its container.
  docker rm -f -v "${old[@]}" >/dev/null
  roaudit_say "removed ${#old[@]} old sample containers"
fi
mkdir -p "$data_dir"

# sample NAME DOCKER-RUN-ARGS… — run one detached sample container. `--restart unless-stopped`: an engine
# restart (npm run engine -- restart, a reboot) brings the sample fleet back running.
sample() {
  local name=$1
  shift
  docker run -d --name "$name" --network none --restart unless-stopped --label "$label" -e "$ROAUDIT_CANARY_ENV" "$@" >/dev/null
  roaudit_say "  $name"
}

roaudit_say "creating the sample fleet:"
# A Compose-style project (grouping), a waiver label, and a container that writes files (write-path
# discovery in its remediation).
shop=(--label com.docker.compose.project=shop)
sample sample-hardened "${shop[@]}" --label com.docker.compose.service=web --read-only --tmpfs /tmp:rw,noexec,nosuid,size=16m --user 1000:1000 --cap-drop ALL \
  --security-opt no-new-privileges --memory 64m --pids-limit 64 "$bb"
sample sample-default "${shop[@]}" --label com.docker.compose.service=db "$bb"
sample sample-writer "${shop[@]}" --label com.docker.compose.service=worker "$bb" \
  sh -c 'mkdir -p /var/cache/app /run && while :; do date >/run/app.pid; date >/var/cache/app/state; date >/tmp/scratch; sleep 5; done'
sample sample-readonly-root --read-only "$bb"
# The socket of the engine in use, wherever it is, at the path tools look for.
socket=${DOCKER_HOST#unix://}
if [ -S "$socket" ]; then
  sample sample-docker-socket --read-only -v "$socket:/var/run/docker.sock:ro" "$bb"
else
  roaudit_say "  (no sample-docker-socket: the engine at $(roaudit_redact_host "$DOCKER_HOST") has no local socket)"
fi
sample sample-cap-sys-admin --cap-add SYS_ADMIN "$bb"
# A label may waive a non-critical finding (a critical one, like the socket above, only the policy file can).
sample sample-bind-writable --read-only --tmpfs /tmp -v "$data_dir:/data" \
  --label 'roaudit.waive.writable-bind-mount=upload folder: the app writes its data here' "$bb"
sample sample-volume --read-only "$ROAUDIT_IMAGE_VOLUME"
sample sample-noshell --read-only "$ROAUDIT_IMAGE_NOSHELL"

# Real applications from Debian's packages (scripts/real-images.sh), run as they come (writable), so their
# remediation and trial run have something to show; only where Debian's mirror can be reached (or the images
# are built already).
if ensure_real_images; then
  sample sample-nginx "$ROAUDIT_IMAGE_APP_NGINX"
  sample sample-postgres "$ROAUDIT_IMAGE_APP_POSTGRES"
  sample sample-node "$ROAUDIT_IMAGE_APP_NODE"
else
  roaudit_say "  (no sample-nginx, sample-postgres, sample-node: the real-app images could not be built, see above)"
fi
