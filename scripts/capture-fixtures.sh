#!/usr/bin/env bash
# Capture real `docker inspect` objects for the unit tests into lib/audit/fixtures/*.json, and write
# lib/audit/fixtures/README.md with the exact command that made each one.
#
# Every container is labelled roaudit.test=capture, runs with --network none and the canary variable, and is
# removed afterwards. Host folders live in a temporary folder whose path is rewritten to /srv/hostdata in the
# JSON, so the fixtures do not change with it; the engine's own paths (/var/lib/docker/…) are kept.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

out=lib/audit/fixtures
suite=capture
label=$(roaudit_label test "$suite")
volume=roaudit-capture-vol
stable_hostdir=/srv/hostdata

ensure_engine
ensure_fixture_images

hostdir=$(mktemp -d /tmp/roaudit-capture.XXXXXX)
readme_lines=()
prelude="" # a command that prepared the next capture, shown before it in the README

cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f -v >/dev/null
  if [ -n "$(docker volume ls -q --filter "label=$label" --filter "name=^${volume}$")" ]; then
    docker volume rm "$volume" >/dev/null
  fi
  rm -rf "$hostdir"
}
trap cleanup EXIT
cleanup # leftovers of an interrupted run
mkdir -p "$hostdir/config" "$hostdir/shared" "$out"
echo "roaudit-canary-config" >"$hostdir/config/app.conf"

# Quote a command for the README as one would type it, with the temporary folder shown as /srv/hostdata.
show() {
  local word text=""
  for word in "$@"; do
    word=${word//"$hostdir"/$stable_hostdir}
    if [[ ! $word =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then word="'${word//\'/\'\\\'\'}'"; fi
    text+="${text:+ }$word"
  done
  printf '%s' "$text"
}

# Write container $2's inspect object (not the array) to $out/$1, with the temporary folder rewritten.
save_inspect() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  docker inspect --type container "$2" | node -e '
    const fs = require("node:fs");
    const [file, from, to] = process.argv.slice(1);
    const [object] = JSON.parse(fs.readFileSync(0, "utf8"));
    fs.writeFileSync(file, `${JSON.stringify(object, null, 2).split(from).join(to)}\n`);
  ' "$out/$1" "$hostdir" "$stable_hostdir"
  echo "captured $out/$1 ($(docker inspect --format '{{.State.Status}}' "$2"))"
}

# capture FILE HOW [DOCKER RUN ARGS…] — make one container and save its inspect as FILE. HOW:
#   run       docker run -d (running)
#   create    docker create (never started)
#   exited    docker run in the foreground; the command ends
#   paused    docker run -d, then docker pause
#   no-start  docker create, then docker start, which must fail (the failure goes into the README)
#   api       POST /containers/create with the JSON body given as the one argument, then docker start
# Otherwise the arguments after HOW are docker run's options, the image and an optional command.
capture() {
  local file=$1 how=$2 name cmd note=""
  shift 2
  name="roaudit-capture-${file%.json}"
  local common=(--name "$name" --network none -e "$ROAUDIT_CANARY_ENV" --label "$label")
  case "$how" in
    run | paused) cmd=(docker run -d "${common[@]}" "$@") ;;
    exited) cmd=(docker run "${common[@]}" "$@") ;;
    create | no-start) cmd=(docker create "${common[@]}" "$@") ;;
    api)
      local socket=${DOCKER_HOST#unix://}
      if [ "$socket" = "$DOCKER_HOST" ]; then
        roaudit_error "capture of $file needs a unix socket engine (DOCKER_HOST=$(roaudit_redact_host "$DOCKER_HOST"))"
        return 1
      fi
      cmd=(curl -fsS --unix-socket "$socket" -H "Content-Type: application/json" -X POST
        "http://localhost/v1.41/containers/create?name=$name" -d "$1")
      ;;
    *) roaudit_error "capture: unknown HOW '$how'" && return 2 ;;
  esac
  "${cmd[@]}" >/dev/null
  local shown
  shown="${prelude:+$prelude && }$(show "${cmd[@]}")"
  prelude=""
  case "$how" in
    paused)
      docker pause "$name" >/dev/null
      shown+=" && docker pause $name"
      ;;
    create) note=" (created, never started)" ;;
    api)
      docker start "$name" >/dev/null
      shown+=" && docker start $name"
      note=" (through the Engine API: docker CLI 23 and later would send \"ALL\")"
      ;;
    no-start)
      local err
      if err=$(docker start "$name" 2>&1); then
        roaudit_error "$name started, but it was expected not to"
        return 1
      fi
      shown+=" && docker start $name"
      note=" (the start fails: \`${err//$'\n'/ }\`)"
      ;;
  esac
  save_inspect "$file" "$name"
  readme_lines+=("- \`$file\`: \`$shown\`$note")
}

bb=$ROAUDIT_IMAGE_BUSYBOX
for path in /var/run/docker.sock /etc/localtime; do
  # A missing bind source would be created as a folder on the host by -v: refuse instead.
  if [ ! -e "$path" ]; then
    roaudit_error "$path does not exist on this host; the fixtures that mount it need it"
    exit 1
  fi
done

capture hardened.json run --read-only --tmpfs /tmp:rw,noexec,nosuid,size=64m --user 1000:1000 --cap-drop ALL \
  --security-opt no-new-privileges --memory 64m --pids-limit 100 -v "$hostdir/config:/config:ro" "$bb"
capture writable-default.json run "$bb"
capture readonly-root-user.json run --read-only "$bb"
capture tmpfs-default.json run --read-only --tmpfs /tmp "$bb"
capture tmpfs-exec.json run --read-only --tmpfs /x:exec "$bb"
capture tmpfs-mount.json run --read-only --mount type=tmpfs,dst=/cache,tmpfs-size=67108864 "$bb"
# Through the API: docker CLI 23 and later upper-case capability names before sending them (CLI 28 turns
# `--cap-drop all` into "ALL" and `--cap-add chown` into "CAP_CHOWN"); older CLIs and other clients do not.
capture capdrop-lowercase.json api '{"Image":"roaudit-fixture:busybox","Env":["ROAUDIT_CANARY=canary-secret-value"],"Labels":{"roaudit.test":"capture"},"HostConfig":{"NetworkMode":"none","CapDrop":["all"]}}'
capture cap-add-net-admin.json run --cap-drop ALL --cap-add NET_ADMIN "$bb"
capture cap-add-chown.json run --cap-drop ALL --cap-add CHOWN "$bb"
capture user-0-0.json run --user 0:0 "$bb"
capture user-name-app.json run --user app "$bb"
capture user-name-toor.json run --user toor "$bb"
capture user-name-ghost.json no-start --user ghost "$bb"
capture socket-ro.json run -v /var/run/docker.sock:/var/run/docker.sock:ro "$bb"
capture sensitive-etc-rw.json run -v /etc:/host-etc "$bb"
capture sensitive-etc-ro.json run -v /etc:/host-etc:ro "$bb"
capture etc-localtime-ro.json run -v /etc/localtime:/etc/localtime:ro "$bb"
capture privileged-readonly.json create --privileged --read-only --cap-drop ALL "$bb"
capture seccomp-unconfined.json run --security-opt seccomp=unconfined "$bb"
capture host-pid-ipc-uts.json run --pid host --ipc host --uts host "$bb"
capture volume-image.json run --read-only "$ROAUDIT_IMAGE_VOLUME"

volume_cmd=(docker volume create --label "$label" "$volume")
"${volume_cmd[@]}" >/dev/null
prelude=$(show "${volume_cmd[@]}")
capture named-volume-ro.json run -v "$volume:/data:ro" "$bb"

source_cmd=(docker run -d --name roaudit-capture-shared-source --network none -e "$ROAUDIT_CANARY_ENV"
  --label "$label" -v "$hostdir/shared:/shared" "$bb")
"${source_cmd[@]}" >/dev/null
prelude=$(show "${source_cmd[@]}")
capture volumes-from.json run --volumes-from roaudit-capture-shared-source "$bb"

capture paused.json paused --read-only "$bb"
capture exited.json exited "$bb" true
capture noshell-readonly.json run --read-only "$ROAUDIT_IMAGE_NOSHELL"

{
  echo "# Inspect fixtures"
  echo
  echo "Each \`*.json\` here is one container's \`docker inspect\` object (the object, not the array), captured from a"
  echo "real Docker Engine $(docker version --format '{{.Server.Version}}') (API $(docker version --format '{{.Server.APIVersion}}')) by"
  echo "\`scripts/capture-fixtures.sh\`, which also wrote this file. The images are the local \`roaudit-fixture:*\` images"
  echo "that \`ensure_fixture_images\` in \`scripts/lib.sh\` builds. Host folders were a temporary folder, rewritten to"
  echo "\`$stable_hostdir\` in the JSON; the engine's own paths (\`/var/lib/docker/…\`) are real. Every container"
  echo "carried \`$ROAUDIT_CANARY_ENV\`, which must never appear in any output. The docker CLI was"
  echo "$(docker version --format '{{.Client.Version}}'), which sends capability names upper-cased, \`--cap-add\` ones with \`CAP_\`."
  echo
  printf '%s\n' "${readme_lines[@]}"
} >"$out/README.md"
echo "wrote $out/README.md"
