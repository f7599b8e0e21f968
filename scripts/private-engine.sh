#!/usr/bin/env bash
# roaudit's private Docker engine (the one `npm run dashboard` and `npm test` start as root when no other
# engine answers): `npm run engine -- status|start|stop|restart`.
#   status   say whether it runs (pid, socket, version) and whether the default socket answers too
#            (not asked with ROAUDIT_ENGINE=private)
#   start    start it detached (its own session, reaped by init) and wait until it answers
#   stop     SIGTERM, wait up to 30 s; its containers stop with it (the sample fleet restarts with it:
#            its containers have `--restart unless-stopped`)
#   restart  stop, then start
# ROAUDIT_ENGINE_RUN_DIR and ROAUDIT_ENGINE_DATA_ROOT move it (default /run/roaudit, /var/lib/roaudit/engine).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

need_root() {
  if ! roaudit_is_root; then
    roaudit_error "starting or stopping the private engine needs root (sudo npm run engine -- $1)"
    exit 1
  fi
}

case "${1:-status}" in
  status)
    if pid=$(roaudit_private_engine_pid); then
      version=$(roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET") || version="not answering yet"
      roaudit_say "private engine: running (pid $pid) on unix://$ROAUDIT_ENGINE_SOCKET, Docker $version (log: $ROAUDIT_ENGINE_LOG)"
    else
      roaudit_say "private engine: not running (socket unix://$ROAUDIT_ENGINE_SOCKET)"
    fi
    if [ "${ROAUDIT_ENGINE:-}" = private ]; then
      # The user chose the private engine: the default socket is none of our business.
      :
    elif version=$(roaudit_engine_version "unix://$ROAUDIT_DEFAULT_SOCKET"); then
      roaudit_say "default socket: unix://$ROAUDIT_DEFAULT_SOCKET answers (Docker $version)"
    else
      roaudit_say "default socket: unix://$ROAUDIT_DEFAULT_SOCKET does not answer"
    fi
    ;;
  start)
    need_root start
    roaudit_start_private_engine
    roaudit_say "private engine: unix://$ROAUDIT_ENGINE_SOCKET answers (Docker $(roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET"))"
    ;;
  stop)
    need_root stop
    roaudit_stop_private_engine
    ;;
  restart)
    need_root restart
    roaudit_stop_private_engine
    roaudit_start_private_engine
    roaudit_say "private engine: unix://$ROAUDIT_ENGINE_SOCKET answers again (Docker $(roaudit_engine_version "unix://$ROAUDIT_ENGINE_SOCKET")); a running dashboard reconnects by itself"
    ;;
  *)
    roaudit_error "usage: npm run engine -- status|start|stop|restart"
    exit 2
    ;;
esac
