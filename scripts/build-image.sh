#!/usr/bin/env bash
# Build roaudit's own image, to run it hardened as our field guide says (docs/running-in-docker.md).
# No registry is needed and nothing is pulled:
#   1. roaudit-base:node<major> — `docker import` of a root folder holding this machine's `node`, exactly
#      the shared libraries `ldd` says it needs, /etc/passwd and /etc/group with the non-root user
#      roaudit (10001:10001), and /tmp. No shell, no package manager.
#   2. roaudit:local — `docker build` of Dockerfile on top of it, from the production build in .next
#      (run `npx next build` first) and node_modules pruned to production in .roaudit/image/app.
# Both are labelled roaudit.fixture=1 and carry a digest of what they were made from
# (roaudit.fixture.digest): an image whose digest matches is not rebuilt, so a re-run takes a few seconds.
#
# Usage: scripts/build-image.sh        (from anywhere; honours DOCKER_HOST)
#   ROAUDIT_IMAGE=name:tag             tag of the roaudit image (default roaudit:local)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh
umask 022

ROAUDIT_IMAGE=${ROAUDIT_IMAGE:-roaudit:local}
# The user the server runs as, in the image's /etc/passwd; compose.yaml and run-hardened.sh use the numbers.
ROAUDIT_UID=10001
# Staging area for the build context's production overlay (ignored by git, sent by .dockerignore).
STAGE=.roaudit/image
# Bump when the way node_modules is pruned changes, so an old overlay is not reused.
PRUNE_RECIPE=1

node_bin=$(readlink -f "$(command -v node)") || {
  roaudit_error "node is not installed"
  exit 1
}
node_major=$(node -p 'process.versions.node.split(".")[0]')
BASE_IMAGE=roaudit-base:node$node_major

# Lay out the base image's root under $1: node, the libraries it loads (at the paths ldd prints, as the
# dynamic loader looks for them), the user files and /tmp.
base_root() {
  local root=$1 line path loader=""
  mkdir -p "$root"/{usr/local/bin,etc,tmp}
  install -m 0755 "$node_bin" "$root/usr/local/bin/node"
  while read -r line; do # (IFS trims the tab ldd starts each line with)
    case "$line" in
      *"=> not found"*)
        roaudit_error "ldd: $node_bin needs a library that is not installed: ${line%% *}"
        return 1
        ;;
      *"=> /"*) path=${line#*=> } ;;
      /*) path=$line loader=$line ;; # the loader itself: /lib64/ld-linux-x86-64.so.2 (0x…)
      *) continue ;;    # linux-vdso.so.1: provided by the kernel
    esac
    path=${path%% (*}
    mkdir -p "$root$(dirname "$path")"
    cp -L "$path" "$root$path"
  done < <(LC_ALL=C ldd "$node_bin")
  if [ -z "$loader" ]; then
    roaudit_error "ldd printed no dynamic loader for $node_bin (a static node needs no base libraries: adapt base_root)"
    return 1
  fi
  chmod 1777 "$root/tmp"
  # The mount point of the engine socket, so that mounting it adds nothing to the container's own layer
  # (`docker diff` stays empty). Without the mount, the dashboard says no engine listens there.
  mkdir -p "$root/var/run"
  : >"$root/var/run/docker.sock"
  printf '%s\n' \
    'root:x:0:0:root:/root:/usr/sbin/nologin' \
    "roaudit:x:$ROAUDIT_UID:$ROAUDIT_UID:roaudit:/nonexistent:/usr/sbin/nologin" \
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' "roaudit:x:$ROAUDIT_UID:" 'nogroup:x:65534:' >"$root/etc/group"
}

build_base() (
  set -euo pipefail
  work=$(mktemp -d "${TMPDIR:-/tmp}/roaudit-base.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  base_root "$work/root"
  # _roaudit_import (scripts/lib.sh) tars the folder reproducibly and skips the import when the digest
  # label of the image already matches.
  _roaudit_import "$work/root" "$BASE_IMAGE" \
    'ENV PATH=/usr/local/bin:/usr/bin:/bin' "USER $ROAUDIT_UID:$ROAUDIT_UID" 'WORKDIR /' 'CMD ["node"]'
)

# node_modules as `npm prune --omit=dev` leaves it, in $STAGE/app/node_modules. The copy is made of hard
# links (instant, no space), and npm only unlinks and creates files there; the hidden lockfile, which
# npm rewrites, is unlinked first so the repository's own copy stays as it is. Then what npm keeps but
# `next start` never loads goes too, as Next's own output tracing (.next/next-server.js.nft.json) leaves
# it out: the @next/swc compiler (97 MB; loaded at run time only for a next.config.ts) and Playwright
# (kept by npm as an optional peer of next). Reused while package-lock.json and node_modules are unchanged.
# Sets MODULES_KEY.
MODULES_KEY=""
stage_node_modules() {
  local key work
  key=$({ sha256sum package.json package-lock.json node_modules/.package-lock.json && echo "$PRUNE_RECIPE"; } |
    sha256sum | cut -d' ' -f1)
  if [ -d "$STAGE/app/node_modules" ] && [ "$(cat "$STAGE/app.key" 2>/dev/null)" = "$key" ]; then
    roaudit_say "production node_modules in $STAGE/app is up to date"
    MODULES_KEY=$key
    return 0
  fi
  roaudit_say "pruning node_modules to production in $STAGE/app"
  work="$STAGE/app.new"
  rm -rf "$work" "$STAGE/app" "$STAGE/app.key"
  mkdir -p "$work"
  cp -al node_modules "$work/node_modules"
  rm -f "$work/node_modules/.package-lock.json"
  cp package.json package-lock.json "$work/"
  (cd "$work" && npm prune --omit=dev --ignore-scripts --offline --no-audit --no-fund --loglevel=error >&2)
  rm -rf "$work"/node_modules/@next/swc-* "$work"/node_modules/{playwright,playwright-core,@playwright}
  find "$work/node_modules/.bin" -xtype l -delete
  rm -f "$work/package.json" "$work/package-lock.json"
  mv "$work" "$STAGE/app"
  printf '%s\n' "$key" >"$STAGE/app.key"
  MODULES_KEY=$key
}

# Everything else in $STAGE/app: public/ (when the project has one) and the mount points of the two
# tmpfs mounts, present in the image so that mounting them adds nothing to the container's own layer.
# They are the only paths `next start` writes (docs/running-in-docker.md says how that was found):
# .next/cache (the image optimizer's cache, the fetch cache) and .next/server/route-cache (the cache of
# prerendered responses, e.g. /_not-found, filled from the build on first use).
stage_overlay() {
  rm -rf "$STAGE/app/public" "$STAGE/app/.next"
  if [ -d public ]; then cp -al public "$STAGE/app/public"; fi
  mkdir -p "$STAGE/app/.next/cache" "$STAGE/app/.next/server/route-cache"
  # The engine copies a mount point's mode onto the tmpfs mounted there: 1777 (as /tmp) lets the server's
  # user write in it while the rest of /app stays root's.
  chmod 1777 "$STAGE/app/.next/cache" "$STAGE/app/.next/server/route-cache"
}

# Digest of everything the roaudit image is made from: the base image, the pruned node_modules (by its
# key), this script, the Dockerfile and .dockerignore, package.json, next.config.js, the rest of the
# overlay (public/, the mount points) and the build in .next (all but what running servers write).
app_digest() {
  local base_id=$1 modules_key=$2
  {
    printf 'base %s\nnode_modules %s\n' "$base_id" "$modules_key"
    sha256sum scripts/build-image.sh Dockerfile .dockerignore package.json next.config.js
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
      --exclude=./.next/cache --exclude=./.next/server/route-cache --exclude=./.next/dev --exclude=./.next/trace \
      --exclude="./$STAGE/app/node_modules" -cf - ./.next "./$STAGE/app" | sha256sum
  } | sha256sum | cut -d' ' -f1
}

build_app() {
  local base_id digest current old build_id log
  if [ ! -f .next/BUILD_ID ]; then
    roaudit_error "no production build in .next (or a \`next build\` is running): run \`npx next build\` first"
    return 1
  fi
  build_id=$(cat .next/BUILD_ID)
  if [ ! -d node_modules ]; then
    roaudit_error "no node_modules: run \`npm ci\` first"
    return 1
  fi
  stage_node_modules
  stage_overlay
  base_id=$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")
  digest=$(app_digest "$base_id" "$MODULES_KEY")
  current=$(docker image inspect --format "{{ index .Config.Labels \"$ROAUDIT_LABEL_DIGEST\" }}" "$ROAUDIT_IMAGE" \
    2>/dev/null) || current=""
  if [ "$current" = "$digest" ]; then
    roaudit_say "image $ROAUDIT_IMAGE is up to date"
    return 0
  fi
  old=$(docker image inspect --format '{{.Id}}' "$ROAUDIT_IMAGE" 2>/dev/null) || old=""
  roaudit_say "building image $ROAUDIT_IMAGE on $BASE_IMAGE"
  # The legacy builder: BuildKit needs buildx, which Debian's docker.io does not ship, and nothing here
  # needs BuildKit. Its output (and its deprecation notice) is shown only when it fails.
  log=$(mktemp "${TMPDIR:-/tmp}/roaudit-build.XXXXXX")
  if ! DOCKER_BUILDKIT=0 docker build --quiet --force-rm \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --label "$(roaudit_label fixture)" --label "$ROAUDIT_LABEL_DIGEST=$digest" \
    --tag "$ROAUDIT_IMAGE" . >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  # Every `next build` writes a new BUILD_ID: if it changed, the image may hold half of each build.
  if [ "$(cat .next/BUILD_ID 2>/dev/null)" != "$build_id" ]; then
    roaudit_error "the build in .next changed while $ROAUDIT_IMAGE was built (a \`next build\` ran): run this again"
    docker image rm "$ROAUDIT_IMAGE" >/dev/null 2>&1 || true
    return 1
  fi
  roaudit_say "built image $ROAUDIT_IMAGE ($(docker image inspect --format '{{.Size}}' "$ROAUDIT_IMAGE" |
    awk '{ printf "%d MB", $1 / 1000000 }'))"
  # The replaced image, now untagged, goes too unless a container still uses it; so do those that
  # were still in use by an earlier run (only untagged images with our label).
  if [ -n "$old" ]; then docker image rm "$old" >/dev/null 2>&1 || true; fi
  docker image prune --force --filter "label=$(roaudit_label fixture)" >/dev/null 2>&1 || true
}

ensure_engine
build_base
build_app
