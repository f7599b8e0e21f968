#!/usr/bin/env bash
# The foreign fleet: containers, a volume and an image that are not the test suite's, as a user's engine
# holds them. CI (.ci/run) seeds it before `npm test` and checks it after: the suite must leave every one of
# these objects exactly as it was, and do nothing to them meanwhile (no exec, pause, stop, rename…).
#
# What it makes (all with --network none, from an image of its own built like the fixtures, by `docker import`
# of the static busybox):
#   - $ROAUDIT_FOREIGN_CREATED (default 300) created, never started, containers; a few running ones;
#   - names close to the suite's own (e2e-…, pw-va-…, pw-detail-…, itv-…, itp-…, roaudit-self-…) and labels
#     close to its own (roaudit.test-x=e2e, roaudit.test=e2e-x, roaudit.testing=…, com.docker.compose.project=e2e-shop);
#   - the named volume roaudit-itv-etc-foreign, holding a file, mounted by one running container;
#   - the image roaudit-fixture:foreign, with labels of its own (not roaudit.fixture=1).
# Each also carries ci.roaudit-foreign=1, by which this script (and nothing else) finds and removes them.
#
# Usage: scripts/foreign-fleet.sh seed     remove an earlier seed, make the fleet, record it, watch the engine's events
#        scripts/foreign-fleet.sh check    compare every object with the record and list the events on them;
#                                          exit 1 on any difference or event (but archive-path: a file read)
#        scripts/foreign-fleet.sh remove   remove the foreign fleet (only objects labelled ci.roaudit-foreign=1)
#   ROAUDIT_FOREIGN_DIR=.roaudit/foreign-fleet   where the record and the event log go
# Honours DOCKER_HOST.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

OWNER_LABEL=ci.roaudit-foreign=1
IMAGE=roaudit-fixture:foreign
VOLUME=roaudit-itv-etc-foreign
CREATED=${ROAUDIT_FOREIGN_CREATED:-300}
DIR=${ROAUDIT_FOREIGN_DIR:-.roaudit/foreign-fleet}
PARALLEL=4

# One line per container: what must not change. Labels are JSON with sorted keys (Go's encoding/json).
CONTAINER_FORMAT='{{.Id}} {{.Name}} {{.State.Status}} started={{.State.StartedAt}} pid={{.State.Pid}} restarts={{.RestartCount}} image={{.Image}} mounts={{range .Mounts}}{{.Name}}:{{.Destination}}:{{.RW}},{{end}} labels={{json .Config.Labels}}'

# Running containers: NAME|LABEL|docker run options (split on blanks)|command
RUNNING=(
  "e2e-foreign-running|roaudit.test=e2e-x||sleep infinity"
  "pw-va-foreign-running|roaudit.test-x=e2e-verify-all|--read-only|sleep infinity"
  "itp-foreign-running|roaudit.testing=it-policy-c|--user 1000:1000|sleep infinity"
  "e2e-shop-foreign|com.docker.compose.project=e2e-shop|--label com.docker.compose.service=web -v $VOLUME:/data|sleep infinity"
)
# Created containers with names close to the suite's own; the rest are foreign-created-NNN.
CLOSE_NAMES=(
  e2e-hardened-foreign e2e-tmpfs-foreign e2e-waived-foreign e2e-privileged-x e2e-noshell-x
  pw-detail-foreign pw-va-foreign pw-va-stopped-x
  itv-created-x itv-readonly-x itf-hardened-x itfault-99 itcd-foreign itp-plain-x itr-writer-x
  roaudit-self-foreign sample-hardened-x
)
# Labels the created containers take in turn (besides the owner label).
LABELS=(
  roaudit.test-x=e2e roaudit.test=e2e-x roaudit.test=it-verify-x roaudit.test.suite=e2e roaudit.testing=e2e
  roaudit.sample=0 roaudit.fixture-x=1 com.docker.compose.project=e2e-shop ""
)

# Ids of the foreign fleet's containers.
owned_containers() { docker ps -aq --no-trunc --filter "label=$OWNER_LABEL"; }

remove() {
  local ids
  ids=$(owned_containers)
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086 # one id per word
    docker rm -f -v $ids >/dev/null
    roaudit_say "foreign fleet: removed $(wc -w <<<"$ids") containers"
  fi
  if [ -n "$(docker volume ls -q --filter "label=$OWNER_LABEL" --filter "name=^${VOLUME}\$")" ]; then
    docker volume rm "$VOLUME" >/dev/null
  fi
  if [ "$(docker image inspect --format '{{ index .Config.Labels "ci.roaudit-foreign" }}' "$IMAGE" 2>/dev/null)" = 1 ]; then
    docker image rm "$IMAGE" >/dev/null
  fi
}

# The image: the busybox fixture's layout plus a file of its own (so its id is its own), by `docker import`.
build_image() (
  set -euo pipefail
  umask 022
  if ! roaudit_has_static_busybox; then
    roaudit_error "the foreign image needs a static /bin/busybox (as root: apt-get install -y busybox-static)"
    exit 1
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/roaudit-foreign.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  _roaudit_busybox_root "$work/root"
  printf 'not roaudit'"'"'s: the suite must leave this image alone\n' >"$work/root/etc/foreign-release"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$work/root" -cf "$work/root.tar" .
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["sleep","infinity"]' \
    --change "LABEL $OWNER_LABEL roaudit.fixture-x=1" \
    "$work/root.tar" "$IMAGE" >/dev/null
)

# The record of the whole fleet, one sorted line per object, on stdout. Reads the containers by the ids in
# $DIR/ids (a missing one is a line saying so).
snapshot() {
  local id mountpoint sum out
  # One call for all; when some are gone, one call each, to name them.
  # shellcheck disable=SC2046 # one id per word
  if out=$(docker container inspect --format "$CONTAINER_FORMAT" $(cat "$DIR/ids") 2>/dev/null); then
    sort <<<"$out"
  else
    while read -r id; do
      docker container inspect --format "$CONTAINER_FORMAT" "$id" 2>/dev/null || printf '%s MISSING\n' "$id"
    done <"$DIR/ids" | sort
  fi
  docker image inspect --format 'image {{.Id}} tags={{json .RepoTags}} labels={{json .Config.Labels}}' "$IMAGE" 2>/dev/null ||
    printf 'image %s MISSING\n' "$IMAGE"
  if mountpoint=$(docker volume inspect --format '{{.Mountpoint}}' "$VOLUME" 2>/dev/null); then
    # The engine is on this host (CI): the file in the volume is read where the engine keeps it.
    sum=$(sha256sum <"$mountpoint/keep" 2>/dev/null | cut -d' ' -f1) || sum="unreadable"
    docker volume inspect --format "volume {{.Name}} driver={{.Driver}} labels={{json .Labels}} keep=$sum" "$VOLUME"
  else
    printf 'volume %s MISSING\n' "$VOLUME"
  fi
}

# Reads "NAME [LABEL]" lines and creates one never-started container per line through the Engine API on the
# engine's unix socket, $PARALLEL at a time, from one node process (a docker CLI per container costs far
# more CPU); prints the ids.
create_all() {
  local socket=${DOCKER_HOST:-unix://$ROAUDIT_DEFAULT_SOCKET}
  if [[ $socket != unix://* ]]; then
    roaudit_error "foreign fleet: the engine must be on a unix socket here, not $socket"
    return 1
  fi
  node -e '
    const http = require("node:http");
    const [socketPath, image, owner, parallel] = process.argv.slice(1);
    const specs = require("node:fs").readFileSync(0, "utf8").split("\n").filter(Boolean).map((line) => line.split(" "));
    const label = (kv) => { const i = kv.indexOf("="); return [kv.slice(0, i), kv.slice(i + 1)]; };
    const create = ([name, extra]) => new Promise((resolve, reject) => {
      const body = JSON.stringify({
        Image: image,
        Labels: Object.fromEntries([label(owner), ...(extra ? [label(extra)] : [])]),
        HostConfig: { NetworkMode: "none" },
      });
      const req = http.request({ socketPath, method: "POST", path: `/containers/create?name=${encodeURIComponent(name)}`,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } }, (res) => {
        let text = "";
        res.on("data", (c) => { text += c; });
        res.on("end", () => res.statusCode === 201 ? resolve(JSON.parse(text).Id) : reject(new Error(`${name}: HTTP ${res.statusCode} ${text.trim()}`)));
      });
      req.on("error", reject);
      req.end(body);
    });
    (async () => {
      let next = 0;
      const worker = async () => { while (next < specs.length) process.stdout.write(`${await create(specs[next++])}\n`); };
      await Promise.all(Array.from({ length: Number(parallel) }, worker));
    })().catch((error) => { console.error(`roaudit: error: foreign fleet: ${error.message}`); process.exit(1); });
  ' "${socket#unix://}" "$IMAGE" "$OWNER_LABEL" "$PARALLEL"
}

seed() {
  local i name spec label opts cmd since pid
  mkdir -p "$DIR"
  if [ -s "$DIR/events.pid" ]; then stop_watching || true; fi
  remove
  rm -f "$DIR"/*
  build_image
  docker volume create --label "$OWNER_LABEL" --label roaudit.test-x=volume "$VOLUME" >/dev/null
  docker run --rm --network none --label "$OWNER_LABEL" -v "$VOLUME:/data" "$IMAGE" \
    sh -c 'echo "foreign data, keep" > /data/keep'

  for spec in "${RUNNING[@]}"; do
    IFS='|' read -r name label opts cmd <<<"$spec"
    # shellcheck disable=SC2086 # options and command are words
    docker run -d --name "$name" --network none --label "$OWNER_LABEL" --label "$label" $opts "$IMAGE" $cmd |
      tail -n 1 >>"$DIR/ids"
  done

  # Created containers, never started.
  for ((i = 0; i < CREATED; i++)); do
    if [ "$i" -lt "${#CLOSE_NAMES[@]}" ]; then name=${CLOSE_NAMES[$i]}; else name=$(printf 'foreign-created-%03d' "$i"); fi
    printf '%s %s\n' "$name" "${LABELS[$((i % ${#LABELS[@]}))]}"
  done | create_all >>"$DIR/ids"
  if [ "$(wc -l <"$DIR/ids")" -ne $((CREATED + ${#RUNNING[@]})) ]; then
    roaudit_error "foreign fleet: made $(wc -l <"$DIR/ids") containers of $((CREATED + ${#RUNNING[@]}))"
    return 1
  fi

  snapshot >"$DIR/before"
  # From here on every event on the engine is the suite's doing.
  since=$(date +%s.%N)
  setsid docker events --since "$since" \
    --format '{{.Type}}|{{.Actor.ID}}|{{index .Actor.Attributes "name"}}|{{.Action}}' \
    </dev/null >"$DIR/events" 2>"$DIR/events.err" &
  pid=$!
  printf '%s\n' "$pid" >"$DIR/events.pid"
  roaudit_say "foreign fleet: $CREATED created and ${#RUNNING[@]} running containers, volume $VOLUME, image $IMAGE" \
    "(record in $DIR/before; watching the engine's events, pid $pid)"
}

stop_watching() {
  local pid
  pid=$(cat "$DIR/events.pid")
  rm -f "$DIR/events.pid"
  # Only our own `docker events` process, started by seed.
  if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q '^docker events '; then
    kill "$pid"
  fi
}

check() {
  local failed=0 ids touched
  if [ ! -s "$DIR/before" ] || [ ! -s "$DIR/events.pid" ]; then
    roaudit_error "foreign fleet: nothing seeded in $DIR (run: scripts/foreign-fleet.sh seed)"
    return 1
  fi
  sleep 1 # the last events of the suite reach the log
  stop_watching
  snapshot >"$DIR/after"
  if ! diff -u "$DIR/before" "$DIR/after" >"$DIR/diff"; then
    roaudit_error "foreign fleet: objects changed or gone (- before the suite, + after):"
    grep '^[-+][^-+]' "$DIR/diff" | head -n 40 >&2
    failed=1
  fi
  # Events on any of them while the suite ran. The passwd reader's archive-path (GET …/archive, a read) is
  # what roaudit does to every container it lists with a user name; anything else is a change or an exec.
  ids=$(cut -d' ' -f1 "$DIR/before" | grep -E '^[0-9a-f]{64}$' || true)
  # Log lines: TYPE|ACTOR-ID|NAME|ACTION (the action last: an exec's holds its command).
  touched=$(awk -F'|' -v ids="$ids" -v volume="$VOLUME" -v image="$IMAGE" \
    -v imageid="$(grep '^image ' "$DIR/before" | cut -d' ' -f2)" '
    BEGIN { n = split(ids, list, "\n"); for (i = 1; i <= n; i++) own[list[i]] = 1 }
    $4 == "archive-path" { next }
    ($1 == "container" && ($2 in own)) || ($1 == "volume" && $2 == volume) ||
      ($1 == "image" && ($2 == image || $2 == imageid || $3 == image)) { print }
  ' "$DIR/events")
  if [ -n "$touched" ]; then
    roaudit_error "foreign fleet: the suite acted on foreign objects ($(wc -l <<<"$touched") events):"
    head -n 40 <<<"$touched" >&2
    failed=1
  fi
  if [ -s "$DIR/events.err" ]; then
    roaudit_error "foreign fleet: watching the engine's events failed: $(head -n 3 "$DIR/events.err")"
    failed=1
  fi
  if [ "$failed" -ne 0 ]; then return 1; fi
  printf 'foreign fleet: all %d containers (%d running), volume %s and image %s unchanged after the suite;' \
    "$(grep -c '^[0-9a-f]\{64\} ' "$DIR/after")" "$(grep -c ' running ' "$DIR/after")" "$VOLUME" "$IMAGE"
  printf ' no event on any of them among the %d the engine logged meanwhile\n' "$(wc -l <"$DIR/events")"
}

case "${1:-}" in
  seed) seed ;;
  check) check ;;
  remove) remove ;;
  *)
    roaudit_error "usage: $0 seed | check | remove"
    exit 2
    ;;
esac
