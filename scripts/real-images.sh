# shellcheck shell=bash disable=SC2034 # the constants are for the scripts that source this file
# Real applications as images, built from Debian's packages: nginx (nginx-light), PostgreSQL (postgresql,
# with a cluster initialised like the official image's entrypoint does) and a Node.js app of ours
# (scripts/real-apps/node-server.js on Debian's nodejs, run as root like the official node image). Source it (after scripts/lib.sh), or run it:
#   bash scripts/real-images.sh      build the three images (what `ensure_real_images` does)
#
# Public functions:
#   ensure_real_images        build roaudit-app:nginx, :postgres and :node, in parallel; skips an image whose
#                             digest label matches; fails, saying why, when Debian's mirror cannot be reached
#   roaudit_real_images_ready true when all three images exist with their current digest (nothing to build)
#   roaudit_debian_mirror_reachable  true when $ROAUDIT_DEBIAN_MIRROR answers (8 s at most)
# Concurrent runs: each app's rootfs build holds a flock on $ROAUDIT_ROOTFS_CACHE/.<name>.lock, so a second
# run waits for the first and reuses its tarball (and $ROAUDIT_DEB_CACHE/<name>).
#
# Each image is `debootstrap --variant=minbase --include=<package> bookworm <rootfs> <mirror>`, set up in a
# chroot (users, config, the app), then `tar -C <rootfs> -c . | docker import --change …`. Nothing but Debian
# packages is downloaded. The rootfs tarball is cached under $ROAUDIT_ROOTFS_CACHE (outside the work tree) as
# <name>-<hash>.tar, the hash covering the suite, mirror, packages, set-up function and app files, so a
# second run only imports (or, when the image is there with the same digest, does nothing).

ROAUDIT_IMAGE_APP_NGINX=roaudit-app:nginx
ROAUDIT_IMAGE_APP_POSTGRES=roaudit-app:postgres
ROAUDIT_IMAGE_APP_NODE=roaudit-app:node
ROAUDIT_REAL_APPS=(nginx postgres node)

ROAUDIT_DEBIAN_SUITE=${ROAUDIT_DEBIAN_SUITE:-bookworm}
ROAUDIT_DEBIAN_MIRROR=${ROAUDIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROAUDIT_ROOTFS_CACHE=${ROAUDIT_ROOTFS_CACHE:-/var/cache/roaudit/rootfs}
ROAUDIT_DEB_CACHE=${ROAUDIT_DEB_CACHE:-/var/cache/roaudit/debs}
ROAUDIT_REAL_APPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/real-apps

_roaudit_app_path='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

# _roaudit_app_package NAME — the Debian package(s) debootstrap includes for NAME (comma-separated).
_roaudit_app_package() {
  case "$1" in
    nginx) printf 'nginx-light\n' ;;
    postgres) printf 'postgresql\n' ;;
    node) printf 'nodejs\n' ;;
    *) roaudit_error "unknown real app '$1'" && return 2 ;;
  esac
}

# _roaudit_app_image NAME — the image tag for NAME.
_roaudit_app_image() {
  case "$1" in
    nginx) printf '%s\n' "$ROAUDIT_IMAGE_APP_NGINX" ;;
    postgres) printf '%s\n' "$ROAUDIT_IMAGE_APP_POSTGRES" ;;
    node) printf '%s\n' "$ROAUDIT_IMAGE_APP_NODE" ;;
    *) roaudit_error "unknown real app '$1'" && return 2 ;;
  esac
}

# _roaudit_app_changes NAME — the `docker import --change` lines for NAME, one a line.
_roaudit_app_changes() {
  case "$1" in
    nginx)
      printf '%s\n' "$_roaudit_app_path" 'CMD ["nginx","-g","daemon off;"]'
      ;;
    postgres)
      # As the official image: PGDATA, a VOLUME for it, an entrypoint that drops to postgres. (`docker import`
      # takes no STOPSIGNAL.)
      printf '%s\n' "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        'ENV PGDATA=/var/lib/postgresql/data' 'VOLUME /var/lib/postgresql/data' \
        'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["postgres"]'
      ;;
    node)
      printf '%s\n' "$_roaudit_app_path" 'WORKDIR /srv/app' 'CMD ["node","/srv/app/server.js"]'
      ;;
    *) roaudit_error "unknown real app '$1'" && return 2 ;;
  esac
}

# _roaudit_setup_<name> ROOTFS — set that app's rootfs up after debootstrap (as root; chroot where a program of
# the image must run). Each app's hash covers its own function only, so changing one rebuilds one.
_roaudit_setup_nginx() {
  # Debian's package as it is: logs to files in /var/log/nginx, which nginx opens before it writes there.
  :
}
_roaudit_setup_postgres() {
  local root=$1
  # Debian's postinst made a cluster 15/main; the official image has none of that, only PGDATA.
  rm -rf "$root/etc/postgresql/15/main" "$root/var/lib/postgresql/15"
  install -d -o "$(_roaudit_chroot_id "$root" -u postgres)" -g "$(_roaudit_chroot_id "$root" -g postgres)" \
    -m 0700 "$root/var/lib/postgresql/data"
  # The official entrypoint's initdb, as postgres, into PGDATA; unix socket only (no TCP listener).
  chroot "$root" /usr/sbin/runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb \
    -D /var/lib/postgresql/data --username=postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  printf '%s\n' "listen_addresses = ''" "unix_socket_directories = '/run/postgresql'" \
    "dynamic_shared_memory_type = posix" >>"$root/var/lib/postgresql/data/postgresql.conf"
  install -m 0755 "$ROAUDIT_REAL_APPS_DIR/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
}
_roaudit_setup_node() {
  local root=$1
  # Runs as root, as the official node image does unless told otherwise.
  install -d -m 0755 "$root/srv/app" "$root/var/cache/app"
  install -m 0644 "$ROAUDIT_REAL_APPS_DIR/node-server.js" "$root/srv/app/server.js"
}

# _roaudit_app_setup NAME ROOTFS — NAME's set-up, then what no image needs (package lists, docs).
_roaudit_app_setup() {
  "_roaudit_setup_$1" "$2"
  rm -rf "$2"/var/lib/apt/lists/* "$2"/var/cache/apt/*.bin "$2"/usr/share/doc/* "$2"/usr/share/man/*
}

# _roaudit_chroot_id ROOTFS -u|-g NAME — the uid or gid of NAME in the rootfs' own passwd/group files.
_roaudit_chroot_id() {
  local root=$1 flag=$2 who=$3 file=passwd
  [ "$flag" = -g ] && file=group
  awk -F: -v n="$who" '$1 == n { print $3; exit }' "$root/etc/$file"
}

# _roaudit_app_hash NAME — sha256 of what NAME's rootfs is made from.
_roaudit_app_hash() {
  local name=$1
  {
    printf '%s\n' "$ROAUDIT_DEBIAN_SUITE" "$ROAUDIT_DEBIAN_MIRROR" "$(_roaudit_app_package "$name")"
    declare -f _roaudit_app_setup "_roaudit_setup_$name"
    case "$name" in
      postgres) cat "$ROAUDIT_REAL_APPS_DIR/postgres-entrypoint.sh" ;;
      node) cat "$ROAUDIT_REAL_APPS_DIR/node-server.js" ;;
    esac
  } | sha256sum | cut -d' ' -f1
}

# _roaudit_app_digest NAME — the digest label: the rootfs hash and the --change lines.
_roaudit_app_digest() {
  { _roaudit_app_hash "$1" && _roaudit_app_changes "$1"; } | sha256sum | cut -d' ' -f1
}

# _roaudit_app_current NAME — true when NAME's image exists with its current digest label.
_roaudit_app_current() {
  local image digest current
  image=$(_roaudit_app_image "$1") || return
  digest=$(_roaudit_app_digest "$1") || return
  current=$(docker image inspect --format "{{ index .Config.Labels \"$ROAUDIT_LABEL_DIGEST\" }}" "$image" 2>/dev/null) || return 1
  [ "$current" = "$digest" ]
}

# roaudit_real_images_ready — true when all three images are there and current.
roaudit_real_images_ready() {
  local name
  for name in "${ROAUDIT_REAL_APPS[@]}"; do _roaudit_app_current "$name" || return 1; done
}

# _roaudit_app_rootfs NAME — print the cached rootfs tarball of NAME, building it first when missing.
_roaudit_app_rootfs() (
  set -euo pipefail
  name=$1
  tarball="$ROAUDIT_ROOTFS_CACHE/$name-$(_roaudit_app_hash "$name").tar"
  if [ -s "$tarball" ]; then
    printf '%s\n' "$tarball"
    exit 0
  fi
  mkdir -p "$ROAUDIT_ROOTFS_CACHE" "$ROAUDIT_DEB_CACHE/$name"
  # One build of NAME at a time across runs (a CI run and a dashboard share the cache): a second run waits
  # for the first's lock, then finds its tarball.
  exec 9>"$ROAUDIT_ROOTFS_CACHE/.$name.lock"
  if ! flock -n 9; then
    roaudit_say "waiting for another run's build of $name (lock $ROAUDIT_ROOTFS_CACHE/.$name.lock)"
    flock 9
  fi
  if [ -s "$tarball" ]; then
    printf '%s\n' "$tarball"
    exit 0
  fi
  work=$(mktemp -d "$ROAUDIT_ROOTFS_CACHE/.build-$name.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  started=$SECONDS
  roaudit_say "debootstrap $name ($(_roaudit_app_package "$name")) from $ROAUDIT_DEBIAN_MIRROR"
  if ! debootstrap --variant=minbase --include="$(_roaudit_app_package "$name")" \
    --cache-dir="$ROAUDIT_DEB_CACHE/$name" "$ROAUDIT_DEBIAN_SUITE" "$work/rootfs" "$ROAUDIT_DEBIAN_MIRROR" \
    >"$work/debootstrap.log" 2>&1; then
    roaudit_error "debootstrap of $name failed (is $ROAUDIT_DEBIAN_MIRROR reachable?); last lines of its log:"
    tail -n 15 "$work/debootstrap.log" >&2 || true
    exit 1
  fi
  _roaudit_app_setup "$name" "$work/rootfs"
  tar --numeric-owner -C "$work/rootfs" -cf "$work/rootfs.tar" .
  mv "$work/rootfs.tar" "$tarball"
  # Older tarballs of this app are stale now.
  find "$ROAUDIT_ROOTFS_CACHE" -maxdepth 1 -name "$name-*.tar" ! -path "$tarball" -delete
  roaudit_say "rootfs of $name built in $((SECONDS - started)) s ($(du -m "$tarball" | cut -f1) MB)"
  printf '%s\n' "$tarball"
)

# _roaudit_app_build NAME — build NAME's image unless it is current.
_roaudit_app_build() (
  set -euo pipefail
  name=$1
  if _roaudit_app_current "$name"; then
    roaudit_say "image $(_roaudit_app_image "$name") is up to date"
    exit 0
  fi
  image=$(_roaudit_app_image "$name")
  digest=$(_roaudit_app_digest "$name")
  tarball=$(_roaudit_app_rootfs "$name")
  old=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null) || old=""
  args=()
  while IFS= read -r change; do args+=(--change "$change"); done < <(_roaudit_app_changes "$name")
  args+=(--change "LABEL $(roaudit_label fixture) $ROAUDIT_LABEL_DIGEST=$digest")
  docker import "${args[@]}" - "$image" <"$tarball" >/dev/null
  roaudit_say "built image $image"
  if [ -n "$old" ]; then docker image rm "$old" >/dev/null 2>&1 || true; fi
)

# roaudit_debian_mirror_reachable — true when Debian's mirror answers for the suite within 8 s.
roaudit_debian_mirror_reachable() {
  local url="$ROAUDIT_DEBIAN_MIRROR/dists/$ROAUDIT_DEBIAN_SUITE/Release"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSI --max-time 8 -o /dev/null "$url" 2>/dev/null
  elif command -v wget >/dev/null 2>&1; then
    wget -q --spider --timeout=8 --tries=1 "$url" 2>/dev/null
  else
    return 0 # nothing to ask with: debootstrap will say
  fi
}

# ensure_real_images — build the three real-app images, in parallel (debootstrap is mostly waiting for the
# mirror). Needs root and debootstrap for a build; a current image needs neither. Fails when any build fails.
ensure_real_images() {
  local name pids=() failed=0 i=0 started=$SECONDS
  if roaudit_real_images_ready; then
    roaudit_say "real-app images are up to date"
    return 0
  fi
  if ! roaudit_is_root; then
    roaudit_error "building the real-app images needs root (debootstrap, chroot)"
    return 1
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    roaudit_error "debootstrap is not installed (as root: apt-get install -y debootstrap)"
    return 1
  fi
  for name in "${ROAUDIT_REAL_APPS[@]}"; do
    _roaudit_app_build "$name" &
    pids+=($!)
  done
  for name in "${ROAUDIT_REAL_APPS[@]}"; do
    if ! wait "${pids[$i]}"; then
      roaudit_error "the real-app image of $name could not be built"
      failed=1
    fi
    i=$((i + 1))
  done
  [ "$failed" -eq 0 ] || return 1
  roaudit_say "real-app images ready in $((SECONDS - started)) s"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  . scripts/lib.sh
  ensure_engine
  ensure_real_images
fi
