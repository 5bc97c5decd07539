# Helpers of the cases that count instructions (create_ir, reuse_ir), sourced after lib.sh: a
# single-user backend (postgres --single) on a data directory of its own, with the staged
# partman_ext preloaded, run under valgrind's cachegrind.
single_bin=$(${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config} --bindir)
single_libdir=$(${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config} --pkglibdir)
single_stage=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.stage

# as_server CMD: CMD as the server's user (postgres when we are root).
as_server() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }

# single_datadir DIR LOCKS: initdb DIR, partman_ext preloaded from the stage, max_locks_per_transaction LOCKS.
single_datadir() {
  as_server "'$single_bin/initdb' -D '$1' -A trust -U postgres" >/dev/null || return 1
  cat >> "$1/postgresql.conf" <<CONF
extension_destdir = '$single_stage'
dynamic_library_path = '$single_stage$single_libdir:$single_libdir'
shared_preload_libraries = 'partman_ext'
max_locks_per_transaction = $2
timezone = 'UTC'
lc_messages = 'C'
CONF
}

# single_run DATADIR SQL OUT [VALGRIND] [OPTS...]: runs SQL (statements ended by ";" and an empty
# line) in database postgres; stdout to OUT.out, stderr to OUT.err. False when a statement failed
# (single-user mode writes errors to stderr and exits 0).
single_run() {
  local data=$1 sql=$2 out=$3 vg=${4:-}; shift 4 2>/dev/null || shift $#
  as_server "$vg '$single_bin/postgres' --single -j -D '$data' $* postgres < '$sql' > '$out.out' 2> '$out.err'"
  ! grep -q 'ERROR:' "$out.out" "$out.err"
}

# single_ir DATADIR SQL OUT [OPTS...]: the instructions of a single-user backend running SQL, or
# FAILED (the first error on stderr).
single_ir() {
  local data=$1 sql=$2 out=$3; shift 3
  if ! single_run "$data" "$sql" "$out" "valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null" "$@"; then
    echo FAILED; grep -h -m1 'ERROR:' "$out.out" "$out.err" >&2; return
  fi
  awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$out.err"
}
