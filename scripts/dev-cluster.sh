#!/usr/bin/env bash
# A PostgreSQL 15 cluster of this checkout's own, started with pg_ctl (not pg_ctlcluster), for
# development and for running the suites against a server you control (e.g. one whose clock
# libfaketime sets). The build is installed into ./.stage and loaded from there, so several
# checkouts can each run their own cluster side by side without touching system files.
#
#   bash scripts/dev-cluster.sh start      # build, stage, initdb .cluster/ (first time), start
#   eval "$(bash scripts/dev-cluster.sh env)"   # PGHOST/PGPORT/PGUSER for psql and make installcheck
#   bash scripts/dev-cluster.sh restart    # rebuild, restage, restart (after changing C++)
#   bash scripts/dev-cluster.sh stop
#   bash scripts/dev-cluster.sh stage      # only build and stage into ./.stage (test/citus/cluster.sh)
#   bash scripts/test-in-cluster.sh        # with the env above: every suite against this cluster
#
# Extra server settings: DEV_CLUSTER_OPTS="-c partman_ext.naptime=1" bash scripts/dev-cluster.sh start
# Runs as root (the server runs as postgres) or as a user who may run pg_ctl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bin=$($PG_CONFIG --bindir)
libdir=$($PG_CONFIG --pkglibdir)
dir=$root/.cluster
sock=$dir/sock
port_file=$dir/port

as_server() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi
}

stage() {
  make -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" >/dev/null
  rm -rf "$root/.stage"
  make -s install DESTDIR="$root/.stage" PG_CONFIG="$PG_CONFIG" >/dev/null
  chmod -R a+rX "$root/.stage"
  chmod a+rx "$root" 2>/dev/null || true
}

start() {
  stage
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir/data" "$sock"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_server "$bin/initdb -D '$dir/data' -A trust -U postgres" >/dev/null
    port=${PGTEST_PORT:-}
    while [ -z "$port" ] || ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((20000 + RANDOM % 20000)); done
    echo "$port" >"$port_file"
    cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$sock'
listen_addresses = ''
fsync = off
timezone = 'UTC'
lc_messages = 'C'
extension_destdir = '$root/.stage'
dynamic_library_path = '$root/.stage$libdir:$libdir'
shared_preload_libraries = 'partman_ext'
max_worker_processes = 16
max_locks_per_transaction = 256
partman_ext.naptime = 1
CONF
  fi
  as_server "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -o '${DEV_CLUSTER_OPTS:-}' start" >/dev/null
  env_lines
}

env_lines() {
  echo "export PGHOST='$sock' PGPORT=$(cat "$port_file") PGUSER=postgres PGDATABASE=postgres"
}

stop() {
  [ -f "$dir/data/postmaster.pid" ] && as_server "$bin/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stage) stage ;;
  restart) stop; start ;;
  env) env_lines ;;
  destroy) stop; rm -rf "$dir" ;;
  *) echo "usage: $0 start|stop|restart|stage|env|destroy" >&2; exit 2 ;;
esac
