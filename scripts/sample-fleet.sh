#!/usr/bin/env bash
# (Re)create the sample fleet: a few containers of mixed hardening for trying the dashboard, named sample-*
# and labelled roaudit.sample=1, and Debian's nginx, PostgreSQL and a Node.js app when their images can be
# built. Only containers with that label are ever removed.
#   bash scripts/sample-fleet.sh                  (re)create the whole sample fleet
#   bash scripts/sample-fleet.sh --no-real-apps    (re)create it without the real-app samples
#   bash scripts/sample-fleet.sh --real-apps-only  build the real-app images, then create each of sample-nginx,
#                                                  sample-postgres, sample-node that is missing (what
#                                                  `npm run dashboard` runs in the background)
# ROAUDIT_SAMPLE_REAL_APPS=0 leaves the real-app samples out.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh
. scripts/real-images.sh

ensure_engine
label=$(roaudit_label sample)

# sample NAME DOCKER-RUN-ARGS… — run one detached sample container. `--restart unless-stopped`: an engine
# restart (npm run engine -- restart, a reboot) brings the sample fleet back running.
sample() {
  local name=$1
  shift
  docker run -d --name "$name" --network none --restart unless-stopped --label "$label" -e "$ROAUDIT_CANARY_ENV" "$@" >/dev/null
  roaudit_say "  $name"
}

# real_app_samples — real applications from Debian's packages (scripts/real-images.sh), run as they come
# (writable), so their remediation and trial run have something to show; only where Debian's mirror can be
# reached (or the images are built already). Each image is built, then its container created (when missing).
real_app_samples() {
  local app
  if [ "${ROAUDIT_SAMPLE_REAL_APPS:-1}" = 0 ]; then
    roaudit_say "  (no sample-nginx, sample-postgres, sample-node: ROAUDIT_SAMPLE_REAL_APPS=0)"
    return 0
  fi
  if ! roaudit_real_images_ready && ! roaudit_debian_mirror_reachable; then
    roaudit_say "  (no sample-nginx, sample-postgres, sample-node: Debian's mirror $ROAUDIT_DEBIAN_MIRROR cannot be reached)"
    return 0
  fi
  # In parallel (debootstrap mostly waits for the mirror); each container as soon as its image is ready.
  local pids=()
  for app in "${ROAUDIT_REAL_APPS[@]}"; do
    real_app_sample "$app" &
    pids+=($!)
  done
  wait "${pids[@]}" || true
}

# real_app_sample APP — build APP's image when it is not current, then create sample-APP when missing.
real_app_sample() (
  app=$1
  image=$(_roaudit_app_image "$app")
  if docker container inspect "sample-$app" >/dev/null 2>&1; then
    roaudit_say "real app $app: sample-$app is there"
    exit 0
  fi
  if ! _roaudit_app_current "$app"; then
    roaudit_say "real app $app: building image $image (debootstrap from Debian's packages unless its rootfs is cached: minutes)"
  fi
  if roaudit_is_root && command -v debootstrap >/dev/null 2>&1; then
    # In the background and waited for: `set -e` holds inside the build (not so in an `if` condition).
    _roaudit_app_build "$app" &
    wait $! || true
  fi
  if _roaudit_app_current "$app"; then
    sample "sample-$app" "$image"
    roaudit_say "real app $app: sample-$app created"
  else
    roaudit_error "real app $app: image $image could not be built (needs root, debootstrap and Debian's mirror); no sample-$app"
  fi
)

if [ "${1:-}" = --real-apps-only ]; then
  roaudit_say "$(date -u +%FT%TZ) real-app samples for $(roaudit_redact_host "$DOCKER_HOST")"
  real_app_samples
  roaudit_say "$(date -u +%FT%TZ) real-app samples: done"
  exit 0
fi

ensure_fixture_images
# sample-bind-writable's host folder, beside this engine's data root, so two private setups
# (ROAUDIT_ENGINE_DATA_ROOT) never share one.
data_dir=${ROAUDIT_ENGINE_DATA_ROOT%/*}/sample-data
bb=$ROAUDIT_IMAGE_BUSYBOX

mapfile -t old < <(docker ps -aq --filter "label=$label")
if [ "${#old[@]}" -gt 0 ]; then
  # -v: the anonymous volume of sample-volume goes with its container.
  docker rm -f -v "${old[@]}" >/dev/null
  roaudit_say "removed ${#old[@]} old sample containers"
fi
mkdir -p "$data_dir"

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
# Partly hardened, so every grade is there to try (scored by the product: B 85, C 77, D 66).
sample sample-partial-default-caps --read-only --user 1000:1000 --security-opt no-new-privileges --memory 64m --pids-limit 64 "$bb"
sample sample-partial-root --read-only --cap-drop ALL --memory 64m --pids-limit 64 "$bb"
sample sample-partial-readonly-nonroot --read-only --user 1000:1000 "$bb"

[ "${1:-}" = --no-real-apps ] || real_app_samples
