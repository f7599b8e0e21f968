#!/bin/sh
# The entrypoint of roaudit's PostgreSQL image (scripts/real-images.sh), cut down from the official image's
# docker-entrypoint.sh: as root, give the postgres user its socket folder and data folder, then run the
# command as postgres (setpriv, as the official image uses gosu). The cluster was initialised at build time.
set -e
if [ "$(id -u)" = 0 ]; then
  mkdir -p /run/postgresql
  chown postgres:postgres /run/postgresql "$PGDATA"
  chmod 2775 /run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
fi
exec "$@"
