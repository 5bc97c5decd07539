#!/usr/bin/env bash
# A two-node Citus cluster of this checkout's own (issue 13): a coordinator (no shards) and one
# worker, each a pg_ctl cluster on a free localhost port, in ./.citus-cluster. The coordinator
# preloads citus and partman_ext from the staged build (./.stage, as scripts/dev-cluster.sh does);
# the worker preloads citus only (partman_ext's files are visible to it, its scheduler is not).
# Needs Citus installed in the system's PostgreSQL 15 (bash ../shared/tools/citus-install.sh).
#
#   bash test/citus/cluster.sh start     # stage the build, initdb both nodes (first time), start (if stopped), join
#   eval "$(bash test/citus/cluster.sh env)"   # PGHOST/PGPORT/PGDATABASE of the coordinator
#   bash test/citus/cluster.sh stop | destroy
#
# The database (partman_citus) has citus on both nodes and the worker added to the coordinator;
# partman_ext is created by the tests. The coordinator's scheduler serves partman_citus, and its
# clock is partman_ext.mock_now = 2026-06-15 12:00:00+00 (the tests' "now"; CITUS_MOCK_NOW=''
# at the first start for the real clock). Runs as root (servers run as postgres) or as a user who may
# run pg_ctl.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bin=$($PG_CONFIG --bindir)
libdir=$($PG_CONFIG --pkglibdir)
dir=${CITUS_CLUSTER_DIR:-$root/.citus-cluster}
db=partman_citus

as_server() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi
}

free_port() {
  local p=""
  while [ -z "$p" ] || ss -ltn 2>/dev/null | grep -q ":$p "; do p=$((20000 + RANDOM % 20000)); done
  echo "$p"
}

init_node() {  # $1: name, $2: shared_preload_libraries, $3: more settings
  local d=$dir/$1 port
  port=$(free_port)
  mkdir -p "$d/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  as_server "$bin/initdb -D '$d/data' -A trust -U postgres" >/dev/null
  echo "$port" >"$d/port"
  cat >>"$d/data/postgresql.conf" <<CONF
port = $port
listen_addresses = 'localhost'
unix_socket_directories = '$d/sock'
fsync = off
timezone = 'UTC'
lc_messages = 'C'
extension_destdir = '$root/.stage'
dynamic_library_path = '$root/.stage$libdir:$libdir'
shared_preload_libraries = '$2'
max_worker_processes = 32
max_locks_per_transaction = 256
max_connections = 100
partman_ext.naptime = 1
# The tests and the benchmark ANALYZE and VACUUM themselves: a background vacuum on the worker
# would change shard sizes between two reads being compared.
autovacuum = off
$3
CONF
}

node_psql() {  # $1: node, rest: psql arguments
  local d=$dir/$1; shift
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$d/sock" -p "$(cat "$d/port")" -U postgres "$@"
}

start() {
  [ -f "$libdir/citus.so" ] || { echo "Citus is not installed in $libdir (bash ../shared/tools/citus-install.sh)" >&2; exit 3; }
  [ "${CITUS_NO_STAGE:-}" = 1 ] && [ -d "$root/.stage" ] || bash scripts/dev-cluster.sh stage
  local fresh=
  if [ ! -f "$dir/coordinator/data/PG_VERSION" ]; then
    rm -rf "$dir"
    # The coordinator runs partman_ext's scheduler for the test database, on the tests' clock
    # (CITUS_MOCK_NOW='' for the real one).
    init_node coordinator 'citus,partman_ext' "partman_ext.databases = '$db'
partman_ext.mock_now = '${CITUS_MOCK_NOW-2026-06-15 12:00:00+00}'"
    init_node worker 'citus' ''
    fresh=1
  fi
  for n in coordinator worker; do
    as_server "$bin/pg_ctl -D '$dir/$n/data' status" >/dev/null 2>&1 ||
      as_server "$bin/pg_ctl -D '$dir/$n/data' -l '$dir/$n/server.log' -w start" >/dev/null
  done
  if [ -n "$fresh" ]; then
    for n in coordinator worker; do
      node_psql "$n" -d postgres -c "CREATE DATABASE $db"
      node_psql "$n" -d "$db" -c "CREATE EXTENSION citus"
    done
    node_psql coordinator -d "$db" -c "SELECT citus_set_coordinator_host('localhost', $(cat "$dir/coordinator/port"))" >/dev/null
    node_psql coordinator -d "$db" -c "SELECT citus_add_node('localhost', $(cat "$dir/worker/port"))" >/dev/null
  fi
  env_lines
}

env_lines() {
  echo "export PGHOST='$dir/coordinator/sock' PGPORT=$(cat "$dir/coordinator/port") PGUSER=postgres PGDATABASE=$db"
  echo "export CITUS_WORKER_HOST='$dir/worker/sock' CITUS_WORKER_PORT=$(cat "$dir/worker/port")"
}

stop() {
  for n in coordinator worker; do
    [ -f "$dir/$n/data/postmaster.pid" ] && as_server "$bin/pg_ctl -D '$dir/$n/data' -m fast -w stop" >/dev/null || true
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) env_lines ;;
  destroy) stop; rm -rf "$dir" ;;
  *) echo "usage: $0 start|stop|env|destroy" >&2; exit 2 ;;
esac
