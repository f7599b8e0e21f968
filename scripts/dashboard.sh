#!/usr/bin/env bash
# Start the dashboard (`npm run dashboard`) on http://127.0.0.1:${PORT:-3000}/.
# Which engine (said in one line at start, with why):
#   DOCKER_HOST when set (answering or not: the page says when it is down);
#   else ROAUDIT_ENGINE=default (/var/run/docker.sock) or ROAUDIT_ENGINE=private (roaudit's private engine);
#   else (ROAUDIT_ENGINE=auto, the default): roaudit's private engine when it runs (a dashboard started it
#   earlier: it holds the sample fleet, and the choice stays the same from one start to the next), else the
#   default socket, else, as root, it installs what is missing, starts the private engine and fills it with
#   the sample fleet, so there is something to audit.
# The sample fleet's busybox containers are created before the dashboard starts; its real-app containers
# (sample-nginx, sample-postgres, sample-node) after it, in the background, as their images are built
# (log: /var/log/<run folder name>-real-apps.log; ROAUDIT_SAMPLE_REAL_APPS=0 skips them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh
. scripts/real-images.sh

port=${PORT:-3000}
choice=${ROAUDIT_ENGINE:-auto}
case "$choice" in
  auto | default | private) ;;
  *)
    roaudit_error "ROAUDIT_ENGINE=$choice: use auto, default (unix://$ROAUDIT_DEFAULT_SOCKET) or private (unix://$ROAUDIT_ENGINE_SOCKET)"
    exit 2
    ;;
esac

ensure_node_modules

# use_private REASON — use roaudit's private engine (started now when it does not run and this is root).
use_private() {
  local version
  if roaudit_private_engine_pid >/dev/null && version=$(roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET"); then
    export DOCKER_HOST="unix://$ROAUDIT_ENGINE_SOCKET"
    ROAUDIT_ENGINE_KIND=private
    roaudit_say "engine: $DOCKER_HOST (Docker $version, roaudit's private engine, already running: $1)"
    return 0
  fi
  if ! roaudit_is_root; then
    roaudit_error "roaudit's private engine does not run, and starting it needs root (sudo npm run engine -- start)"
    return 1
  fi
  ensure_packages
  roaudit_start_private_engine
  export DOCKER_HOST="unix://$ROAUDIT_ENGINE_SOCKET"
  ROAUDIT_ENGINE_KIND=private-started
  roaudit_say "engine: $DOCKER_HOST (Docker $(roaudit_engine_version "$DOCKER_HOST"), roaudit's private engine, started now: $1)"
}

if [ -n "${DOCKER_HOST:-}" ]; then
  # The engine the user named, reachable or not: the page says when it is down and recovers when it answers.
  roaudit_find_engine || roaudit_say "starting anyway: the dashboard will show the engine as unreachable until it answers"
elif [ "$choice" = private ]; then
  use_private "ROAUDIT_ENGINE=private"
elif [ "$choice" = default ]; then
  ROAUDIT_DEFAULT_ONLY=1
  if version=$(roaudit_engine_version "unix://$ROAUDIT_DEFAULT_SOCKET"); then
    export DOCKER_HOST="unix://$ROAUDIT_DEFAULT_SOCKET"
    ROAUDIT_ENGINE_KIND=default
    roaudit_say "engine: $DOCKER_HOST (Docker $version, default socket: ROAUDIT_ENGINE=default)"
  else
    export DOCKER_HOST="unix://$ROAUDIT_DEFAULT_SOCKET"
    roaudit_say "engine: $DOCKER_HOST does not answer (ROAUDIT_ENGINE=default); starting anyway: the page shows it as unreachable until it answers"
  fi
elif roaudit_private_engine_pid >/dev/null && roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET" >/dev/null; then
  if roaudit_engine_version "unix://$ROAUDIT_DEFAULT_SOCKET" >/dev/null; then
    use_private "chosen over unix://$ROAUDIT_DEFAULT_SOCKET, which answers too, because roaudit started it earlier (it holds the sample fleet); ROAUDIT_ENGINE=default audits that one"
  else
    use_private "roaudit started it earlier"
  fi
elif ! roaudit_find_engine; then
  roaudit_say "no Docker engine is reachable"
  use_private "no other engine answers"
fi
if [ "${ROAUDIT_ENGINE_KIND:-}" = default ] && [ -z "${ROAUDIT_DEFAULT_ONLY:-}" ]; then
  roaudit_say "(ROAUDIT_ENGINE=private uses roaudit's own engine with the sample fleet instead; DOCKER_HOST any other)"
fi

# From here on DOCKER_HOST is dashboard.sh's choice, said above: the scripts it runs do not repeat it as
# the user's (scripts/lib.sh roaudit_find_engine).
export DOCKER_HOST
[ -n "${DOCKER_HOST:-}" ] && [ "${ROAUDIT_ENGINE_KIND:-}" != env ] && export ROAUDIT_ENGINE_CHOSEN_BY=dashboard

# The sample fleet is there when its containers run: stopped ones (an engine restart before they had a
# restart policy, a `docker stop`) are started again; none at all, it is created.
if [[ ${ROAUDIT_ENGINE_KIND:-} == private* ]]; then
  sample_label=$(roaudit_label sample)
  mapfile -t samples < <(docker ps -aq --filter "label=$sample_label")
  mapfile -t stopped < <(docker ps -aq --filter "label=$sample_label" --filter status=exited --filter status=created)
  if [ "${#samples[@]}" -eq 0 ]; then
    # The busybox samples now (seconds); the real-app ones below, in the background.
    bash scripts/sample-fleet.sh --no-real-apps
  elif [ "${#stopped[@]}" -gt 0 ]; then
    roaudit_say "starting ${#stopped[@]} stopped sample containers (of ${#samples[@]})"
    docker start "${stopped[@]}" >/dev/null
  fi
  # The real-app samples (sample-nginx, sample-postgres, sample-node) need images built from Debian's
  # packages (~1 GB download the first time, many minutes): built in the background, each container created
  # when its image is ready, so the dashboard starts now and the live fleet shows them as they appear.
  real_missing=0
  for app in "${ROAUDIT_REAL_APPS[@]}"; do
    docker container inspect "sample-$app" >/dev/null 2>&1 || real_missing=1
  done
  if [ "$real_missing" = 0 ]; then
    : # all there
  elif [ "${ROAUDIT_SAMPLE_REAL_APPS:-1}" = 0 ]; then
    roaudit_say "no real-app samples (ROAUDIT_SAMPLE_REAL_APPS=0)"
  elif ! roaudit_real_images_ready && ! roaudit_debian_mirror_reachable; then
    roaudit_say "no real-app samples (nginx, postgres, node): Debian's mirror $ROAUDIT_DEBIAN_MIRROR cannot be reached; carrying on"
  else
    real_log=/var/log/${ROAUDIT_ENGINE_RUN_DIR##*/}-real-apps.log
    [ -w "${real_log%/*}" ] || real_log=${TMPDIR:-/tmp}/${ROAUDIT_ENGINE_RUN_DIR##*/}-real-apps.log
    roaudit_say "real-app samples (nginx, postgres, node): built in the background, log: $real_log (ROAUDIT_SAMPLE_REAL_APPS=0 skips them)"
    setsid --fork bash scripts/sample-fleet.sh --real-apps-only </dev/null >>"$real_log" 2>&1
  fi
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

roaudit_say "dashboard: http://127.0.0.1:$port/ (engine $(roaudit_redact_host "$DOCKER_HOST"))"
export DOCKER_HOST
exec node scripts/start.mjs -p "$port"
