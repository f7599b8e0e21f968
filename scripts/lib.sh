# shellcheck shell=bash disable=SC2034 # the constants are for the scripts that source this file
# Shared helpers for roaudit's scripts. Source it, don't run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Safe under `set -euo pipefail`: every function prints why on stderr and returns non-zero on failure.
#
# Public functions:
#   ensure_packages        install docker.io, busybox-static, chromium, debootstrap, openssh-server and openssl when missing (root), or say what is missing
#   ensure_engine          find (or, as root, start) a Docker engine and export DOCKER_HOST for it
#   ensure_node_modules    npm ci when node_modules is missing or older than package-lock.json (run from the repo root)
#   ensure_fixture_images  build the local roaudit-fixture:* images (idempotent, no registry needed)
#   roaudit_label KIND [SUITE]        print a label: `sample`, `fixture`, `test SUITE`
#   roaudit_find_engine               ensure_engine without starting anything
#   roaudit_stop_private_engine       stop the private engine that ensure_engine started (by its pid file)
#   roaudit_start_standard_engine     start dockerd the way a standard install runs it (/var/run/docker.sock, /var/lib/docker)
#   roaudit_stop_standard_engine      stop that dockerd (by /var/run/docker.pid), only if it is the one started so
#   roaudit_engine_version [HOST]     print the engine version at HOST (default: $DOCKER_HOST, else the default socket); fails if none answers

# Next.js would otherwise try to send telemetry; this host has no network to spare for it.
export NEXT_TELEMETRY_DISABLED=1

# Labels. Every container or image a roaudit script creates carries one of them, and scripts only ever
# remove objects that carry theirs.
ROAUDIT_LABEL_TEST=roaudit.test       # roaudit.test=<suite>: containers of one test suite
ROAUDIT_LABEL_SAMPLE=roaudit.sample   # roaudit.sample=1: the sample fleet (scripts/sample-fleet.sh)
ROAUDIT_LABEL_FIXTURE=roaudit.fixture # roaudit.fixture=1: the fixture images below
ROAUDIT_LABEL_DIGEST=roaudit.fixture.digest # sha256 of an image's tarball and --change lines

# Every test or sample container gets this variable, so tests can prove the environment never leaks.
ROAUDIT_CANARY_ENV=ROAUDIT_CANARY=canary-secret-value

ROAUDIT_IMAGE_BUSYBOX=roaudit-fixture:busybox
ROAUDIT_IMAGE_NOSHELL=roaudit-fixture:noshell
ROAUDIT_IMAGE_VOLUME=roaudit-fixture:volume

# The engine socket tried after $DOCKER_HOST; overridable so the private-engine path can be tested
# on a host whose default engine runs.
ROAUDIT_DEFAULT_SOCKET=${ROAUDIT_DEFAULT_SOCKET:-/var/run/docker.sock}

# The private engine (started only as root, only when nothing else answers).
# The run and data folders can be moved (ROAUDIT_ENGINE_RUN_DIR, ROAUDIT_ENGINE_DATA_ROOT) so that two
# checkouts on one machine test against two engines of their own.
ROAUDIT_ENGINE_RUN_DIR=${ROAUDIT_ENGINE_RUN_DIR:-/run/roaudit}
ROAUDIT_ENGINE_SOCKET=$ROAUDIT_ENGINE_RUN_DIR/docker.sock
ROAUDIT_ENGINE_PIDFILE=$ROAUDIT_ENGINE_RUN_DIR/dockerd.pid
ROAUDIT_ENGINE_EXEC_ROOT=$ROAUDIT_ENGINE_RUN_DIR/exec
ROAUDIT_ENGINE_DATA_ROOT=${ROAUDIT_ENGINE_DATA_ROOT:-/var/lib/roaudit/engine}
ROAUDIT_ENGINE_LOG=/var/log/${ROAUDIT_ENGINE_RUN_DIR##*/}-dockerd.log
ROAUDIT_ENGINE_WAIT_SECONDS=60

# Set by ensure_engine: env (DOCKER_HOST), default (default socket), private (private engine, already
# running) or private-started (ensure_engine started it just now).
ROAUDIT_ENGINE_KIND=""

roaudit_say() { printf 'roaudit: %s\n' "$*" >&2; }

# roaudit_redact_host HOST — print a DOCKER_HOST value as it may be shown: what lib/engines/host.ts
# redactEndpoint does (unix:// and npipe:// as they are; otherwise no user or password — everything up to the
# LAST @ — and nothing from ? or #; no scheme shown as tcp://). Every message that names an engine uses it.
roaudit_redact_host() {
  local host=${1:-} scheme=tcp:// rest
  host=${host#"${host%%[![:space:]]*}"}
  host=${host%"${host##*[![:space:]]}"}
  case $host in unix://* | npipe://*)
    printf '%s\n' "$host"
    return
    ;;
  esac
  rest=$host
  if [[ $host =~ ^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$ ]]; then
    scheme="${BASH_REMATCH[1],,}://"
    rest=${BASH_REMATCH[2]}
  fi
  rest=${rest##*@}
  rest=${rest%%[?#]*}
  printf '%s\n' "$scheme$rest"
}
roaudit_error() { printf 'roaudit: error: %s\n' "$*" >&2; }
roaudit_is_root() { [ "$(id -u)" -eq 0 ]; }

# roaudit_label sample | fixture | test SUITE — print the label (key=value) for that kind of object.
roaudit_label() {
  case "${1:-}" in
    sample) printf '%s=1\n' "$ROAUDIT_LABEL_SAMPLE" ;;
    fixture) printf '%s=1\n' "$ROAUDIT_LABEL_FIXTURE" ;;
    test)
      if [ -z "${2:-}" ]; then
        roaudit_error "roaudit_label test: a suite name is required"
        return 2
      fi
      printf '%s=%s\n' "$ROAUDIT_LABEL_TEST" "$2"
      ;;
    *)
      roaudit_error "roaudit_label: unknown kind '${1:-}' (sample | fixture | test SUITE)"
      return 2
      ;;
  esac
}

# True when /bin/busybox exists and is statically linked (busybox-static, not the dynamic `busybox` package):
# the fixture images contain nothing but that binary.
roaudit_has_static_busybox() {
  local out
  [ -x /bin/busybox ] || return 1
  out=$(LC_ALL=C ldd /bin/busybox 2>&1) || true # ldd exits 1 on a static binary
  [[ $out == *"not a dynamic executable"* || $out == *"statically linked"* ]]
}

# ensure_packages — make sure dockerd, a static /bin/busybox, /usr/bin/chromium, debootstrap (the real-app
# images of scripts/real-images.sh), sshd and openssl are installed (the last two for the ssh:// and TLS
# transport tests, which run their own sshd and certificates).
# As root, installs the Debian packages (apt-get update at most once per shell); otherwise fails saying what to install.
ensure_packages() {
  local missing=()
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then missing+=(docker.io); fi
  if ! roaudit_has_static_busybox; then missing+=(busybox-static); fi
  if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
  if ! command -v debootstrap >/dev/null 2>&1; then missing+=(debootstrap); fi
  if [ ! -x /usr/sbin/sshd ]; then missing+=(openssh-server); fi
  if ! command -v openssl >/dev/null 2>&1; then missing+=(openssl); fi
  if [ "${#missing[@]}" -eq 0 ]; then return 0; fi

  if ! roaudit_is_root; then
    roaudit_error "missing Debian packages: ${missing[*]}."
    roaudit_error "install them as root: apt-get update && apt-get install -y docker.io busybox-static chromium debootstrap openssh-server openssl"
    return 1
  fi
  roaudit_say "installing missing packages (${missing[*]}) with apt-get"
  if [ -z "${_ROAUDIT_APT_UPDATED:-}" ]; then
    apt-get update || return
    _ROAUDIT_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io busybox-static chromium debootstrap openssh-server openssl || return
  if ! roaudit_has_static_busybox; then
    roaudit_error "/bin/busybox is still not a static binary after installing busybox-static"
    return 1
  fi
}

# roaudit_engine_version [HOST] — print the Docker engine version answering at HOST (a DOCKER_HOST value;
# default: the current $DOCKER_HOST). Fails, silently, when nothing answers within 10 s.
roaudit_engine_version() {
  local host=${1:-${DOCKER_HOST:-unix://$ROAUDIT_DEFAULT_SOCKET}} version
  version=$(DOCKER_HOST=$host timeout 10 docker version --format '{{.Server.Version}}' 2>/dev/null) || return 1
  [ -n "$version" ] || return 1
  printf '%s\n' "$version"
}

# Pid of the running private dockerd, from its pid file; fails when it is not running. Only a process whose
# command line holds our --exec-root counts, so a recycled pid is never mistaken for it.
roaudit_private_engine_pid() {
  local pid
  [ -s "$ROAUDIT_ENGINE_PIDFILE" ] || return 1
  pid=$(cat "$ROAUDIT_ENGINE_PIDFILE") || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--exec-root $ROAUDIT_ENGINE_EXEC_ROOT" || return 1
  printf '%s\n' "$pid"
}

# Start the private dockerd detached: `setsid --fork` puts it in its own session (Ctrl-C on a dashboard does
# not stop it) and makes it nobody's child here (init reaps it when it stops: a dashboard that `exec`s node
# after this would never wait for it, leaving a zombie). Waits until it answers. Without a system containerd,
# dockerd launches its own under --exec-root.
roaudit_start_private_engine() {
  local pid="" waited=0
  if ! command -v dockerd >/dev/null 2>&1; then
    roaudit_error "dockerd is not installed (as root: apt-get install -y docker.io)"
    return 1
  fi
  if pid=$(roaudit_private_engine_pid); then
    roaudit_say "private engine (pid $pid) is starting; waiting for it"
  else
    pid=""
    mkdir -p "$ROAUDIT_ENGINE_RUN_DIR" "$ROAUDIT_ENGINE_EXEC_ROOT" "$ROAUDIT_ENGINE_DATA_ROOT" || return
    roaudit_say "starting a private Docker engine on unix://$ROAUDIT_ENGINE_SOCKET (log: $ROAUDIT_ENGINE_LOG)"
    setsid --fork dockerd --bridge=none --iptables=false --ip6tables=false \
      --data-root "$ROAUDIT_ENGINE_DATA_ROOT" --exec-root "$ROAUDIT_ENGINE_EXEC_ROOT" \
      -H "unix://$ROAUDIT_ENGINE_SOCKET" --pidfile "$ROAUDIT_ENGINE_PIDFILE" \
      </dev/null >>"$ROAUDIT_ENGINE_LOG" 2>&1
  fi
  until roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET" >/dev/null; do
    # Detached, it is known by its pid file, which dockerd writes first thing.
    if [ -z "$pid" ]; then pid=$(roaudit_private_engine_pid) || pid=""; fi
    if { [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; } || { [ -z "$pid" ] && [ "$waited" -ge 15 ]; }; then
      roaudit_error "the private engine exited while starting; last lines of $ROAUDIT_ENGINE_LOG:"
      tail -n 20 "$ROAUDIT_ENGINE_LOG" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$ROAUDIT_ENGINE_WAIT_SECONDS" ]; then
      roaudit_error "the private engine (pid $pid) did not answer within ${ROAUDIT_ENGINE_WAIT_SECONDS} s; see $ROAUDIT_ENGINE_LOG"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# roaudit_stop_private_engine — stop the private dockerd (SIGTERM, wait up to 30 s). Its containers stop with it.
# Does nothing when it is not running; never touches any other engine.
roaudit_stop_private_engine() {
  local pid waited=0
  if ! pid=$(roaudit_private_engine_pid); then
    roaudit_say "private engine is not running"
    return 0
  fi
  roaudit_say "stopping private engine (pid $pid)"
  kill -TERM "$pid" || return
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 30 ]; then
      roaudit_error "private engine (pid $pid) still running after 30 s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# The standard engine: dockerd at the paths of a standard install (its defaults), as users and contributors
# have it. CI (.ci/run) starts it when no engine answers, so the suite runs where users run it. Only
# --bridge=none --iptables=false --ip6tables=false differ from a packaged install: no network for containers,
# no firewall rules on the host.
ROAUDIT_STANDARD_SOCKET=/var/run/docker.sock
ROAUDIT_STANDARD_PIDFILE=/var/run/docker.pid
ROAUDIT_STANDARD_DATA_ROOT=/var/lib/docker
ROAUDIT_STANDARD_EXEC_ROOT=/var/run/docker
ROAUDIT_STANDARD_LOG=/var/log/roaudit-standard-dockerd.log

# Pid of the running standard dockerd started by roaudit_start_standard_engine, from /var/run/docker.pid;
# fails when it is not running or is not one with the standard data root (a recycled pid, another engine).
roaudit_standard_engine_pid() {
  local pid
  [ -s "$ROAUDIT_STANDARD_PIDFILE" ] || return 1
  pid=$(cat "$ROAUDIT_STANDARD_PIDFILE") || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "^dockerd .*--data-root $ROAUDIT_STANDARD_DATA_ROOT " || return 1
  printf '%s\n' "$pid"
}

# roaudit_start_standard_engine — as root, start dockerd on unix:///var/run/docker.sock with data in
# /var/lib/docker (exec root /var/run/docker, pid file /var/run/docker.pid) and wait until it answers.
# Refuses when something already answers there.
roaudit_start_standard_engine() {
  local pid waited=0
  if roaudit_engine_version "unix://$ROAUDIT_STANDARD_SOCKET" >/dev/null; then
    roaudit_error "an engine already answers on unix://$ROAUDIT_STANDARD_SOCKET"
    return 1
  fi
  if ! roaudit_is_root; then
    roaudit_error "starting the standard engine needs root"
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    roaudit_error "dockerd is not installed (as root: apt-get install -y docker.io)"
    return 1
  fi
  roaudit_say "starting the standard Docker engine on unix://$ROAUDIT_STANDARD_SOCKET, data in $ROAUDIT_STANDARD_DATA_ROOT (log: $ROAUDIT_STANDARD_LOG)"
  setsid dockerd --bridge=none --iptables=false --ip6tables=false \
    --data-root "$ROAUDIT_STANDARD_DATA_ROOT" --exec-root "$ROAUDIT_STANDARD_EXEC_ROOT" \
    -H "unix://$ROAUDIT_STANDARD_SOCKET" --pidfile "$ROAUDIT_STANDARD_PIDFILE" \
    </dev/null >>"$ROAUDIT_STANDARD_LOG" 2>&1 &
  pid=$!
  until roaudit_engine_version "unix://$ROAUDIT_STANDARD_SOCKET" >/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      roaudit_error "the standard engine exited while starting; last lines of $ROAUDIT_STANDARD_LOG:"
      tail -n 20 "$ROAUDIT_STANDARD_LOG" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$ROAUDIT_ENGINE_WAIT_SECONDS" ]; then
      roaudit_error "the standard engine (pid $pid) did not answer within ${ROAUDIT_ENGINE_WAIT_SECONDS} s; see $ROAUDIT_STANDARD_LOG"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# roaudit_stop_standard_engine — stop the dockerd that roaudit_start_standard_engine started (SIGTERM, wait
# up to 60 s: it stops its running containers first). Does nothing when that one is not running.
roaudit_stop_standard_engine() {
  local pid waited=0
  if ! pid=$(roaudit_standard_engine_pid); then
    roaudit_say "the standard engine started by roaudit is not running"
    return 0
  fi
  roaudit_say "stopping the standard engine (pid $pid)"
  kill -TERM "$pid" || return
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 60 ]; then
      roaudit_error "the standard engine (pid $pid) still runs after 60 s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# roaudit_find_engine — like ensure_engine, but never starts an engine: returns 1 when none answers.
roaudit_find_engine() {
  local version
  if [ -n "${DOCKER_HOST:-}" ]; then
    if version=$(roaudit_engine_version "$DOCKER_HOST"); then
      export DOCKER_HOST
      ROAUDIT_ENGINE_KIND="env"
      # ROAUDIT_ENGINE_CHOSEN_BY: a parent script (dashboard.sh) chose this engine, set DOCKER_HOST for its
      # children and said so already; the user did not set DOCKER_HOST, so say nothing here.
      [ -n "${ROAUDIT_ENGINE_CHOSEN_BY:-}" ] || roaudit_say "engine: $(roaudit_redact_host "$DOCKER_HOST") (Docker $version, from DOCKER_HOST)"
      return 0
    fi
    # An explicit DOCKER_HOST is the user's choice: never fall back to another engine behind their back.
    roaudit_error "DOCKER_HOST=$(roaudit_redact_host "$DOCKER_HOST") does not answer"
    return 1
  fi
  if version=$(roaudit_engine_version "unix://$ROAUDIT_DEFAULT_SOCKET"); then
    export DOCKER_HOST="unix://$ROAUDIT_DEFAULT_SOCKET"
    ROAUDIT_ENGINE_KIND=default
    roaudit_say "engine: $DOCKER_HOST (Docker $version, default socket)"
    return 0
  fi
  if version=$(roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET"); then
    export DOCKER_HOST="unix://$ROAUDIT_ENGINE_SOCKET"
    ROAUDIT_ENGINE_KIND=private
    roaudit_say "engine: $DOCKER_HOST (Docker $version, roaudit's private engine, already running)"
    return 0
  fi
  return 1
}

# ensure_engine — find a Docker engine and export DOCKER_HOST for it, in this order: $DOCKER_HOST (when set,
# it must answer: no other engine is tried); the default socket ($ROAUDIT_DEFAULT_SOCKET); the private engine if it runs; as root, start the private
# engine. Says in one line which engine is used and sets ROAUDIT_ENGINE_KIND.
ensure_engine() {
  local version
  roaudit_find_engine && return 0
  if [ -n "${DOCKER_HOST:-}" ]; then
    roaudit_error "start that engine, or unset DOCKER_HOST to use the default socket (or, as root, a private engine)."
    return 1
  fi
  if ! roaudit_is_root; then
    roaudit_error "no Docker engine answers at \$DOCKER_HOST, unix://$ROAUDIT_DEFAULT_SOCKET or unix://$ROAUDIT_ENGINE_SOCKET."
    roaudit_error "start one (e.g. as root: systemctl start docker), point DOCKER_HOST at one, or run this as root to start a private engine."
    return 1
  fi
  roaudit_start_private_engine || return
  version=$(roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET") || return
  export DOCKER_HOST="unix://$ROAUDIT_ENGINE_SOCKET"
  ROAUDIT_ENGINE_KIND=private-started
  roaudit_say "engine: $DOCKER_HOST (Docker $version, roaudit's private engine, started now)"
}

# ensure_node_modules — `npm ci` when node_modules is missing or package-lock.json changed since the last install.
ensure_node_modules() {
  if [ -d node_modules ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then return 0; fi
  roaudit_say "installing dependencies (npm ci)"
  npm ci
}

# Lay out a busybox userland under $1: /bin/busybox and one symlink per applet (`busybox --list-full`),
# the users and groups the tests rely on, and the usual empty folders.
_roaudit_busybox_root() {
  local root=$1 applet
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,data,dev,proc,sys,var,root,tmp}
  install -m 0755 /bin/busybox "$root/bin/busybox"
  while IFS= read -r applet; do
    case "$applet" in
      */*) [ "$applet" = bin/busybox ] || ln -s /bin/busybox "$root/$applet" ;;
      *) ;; # `linuxrc` lives at / and is no use here
    esac
  done < <(/bin/busybox --list-full)
  chmod 1777 "$root/tmp"
  chmod 0700 "$root/root"
  # toor: a second name for uid 0, so "non-root by name" cannot be judged from the name.
  printf '%s\n' \
    'root:x:0:0:root:/root:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    'app:x:1000:1000:app:/home/app:/bin/sh' \
    'toor:x:0:0:toor:/root:/bin/sh' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'app:x:1000:' >"$root/etc/group"
}

# Distroless stand-in under $1: only /bin/sleep (busybox picks the applet from argv[0]) and the user files.
# No shell, no touch: `docker exec … sh` fails with exit 126.
_roaudit_noshell_root() {
  local root=$1
  mkdir -p "$root"/{bin,etc}
  install -m 0755 /bin/busybox "$root/bin/sleep"
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
    'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'nonroot:x:65532:' >"$root/etc/group"
}

# _roaudit_import DIR IMAGE CHANGE… — `docker import` DIR as IMAGE with the --change lines, unless IMAGE
# already carries the same digest label. The tarball is byte-for-byte reproducible (sorted, fixed mtime and
# owner), so the digest changes only when the content or the changes do.
_roaudit_import() {
  local dir=$1 image=$2 tarball digest current old change
  shift 2
  tarball="$dir.tar"
  [ -e "$tarball" ] || tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$dir" -cf "$tarball" . || return
  digest=$({ sha256sum <"$tarball" && printf '%s\n' "$@"; } | sha256sum | cut -d' ' -f1) || return
  current=$(docker image inspect --format "{{ index .Config.Labels \"$ROAUDIT_LABEL_DIGEST\" }}" "$image" 2>/dev/null) || current=""
  if [ "$current" = "$digest" ]; then
    roaudit_say "image $image is up to date"
    return 0
  fi
  old=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null) || old=""
  local args=()
  for change in "$@"; do args+=(--change "$change"); done
  args+=(--change "LABEL $(roaudit_label fixture) $ROAUDIT_LABEL_DIGEST=$digest")
  docker import "${args[@]}" "$tarball" "$image" >/dev/null || return
  roaudit_say "built image $image"
  # The replaced image, now untagged, goes too unless a container still uses it.
  if [ -n "$old" ]; then docker image rm "$old" >/dev/null 2>&1 || true; fi
}

# ensure_fixture_images — build roaudit-fixture:busybox, :noshell and :volume from the static /bin/busybox
# with `docker import` (no registry needed). Skips an image whose content label already matches.
ensure_fixture_images() (
  set -euo pipefail
  umask 022
  if ! roaudit_has_static_busybox; then
    roaudit_error "the fixture images need a static /bin/busybox (as root: apt-get install -y busybox-static)"
    exit 1
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/roaudit-images.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  path='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

  _roaudit_busybox_root "$work/busybox"
  _roaudit_import "$work/busybox" "$ROAUDIT_IMAGE_BUSYBOX" "$path" 'CMD ["sleep","infinity"]'
  _roaudit_import "$work/busybox" "$ROAUDIT_IMAGE_VOLUME" "$path" 'VOLUME /data' 'CMD ["sleep","infinity"]'

  _roaudit_noshell_root "$work/noshell"
  _roaudit_import "$work/noshell" "$ROAUDIT_IMAGE_NOSHELL" "$path" 'CMD ["/bin/sleep","infinity"]'
)
