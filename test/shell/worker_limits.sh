#!/usr/bin/env bash
# In a small cluster of its own (max_worker_processes = 3: the launcher and two schedulers):
#  * when no background worker is free, the databases left without a scheduler are named in a
#    WARNING in the server log, their sessions are told (add_job warns, jobs.scheduler_status
#    says why), and one is served as soon as a worker is free (issue 9 item 8);
#  * DROP EXTENSION in the last database that has it also drops the role partman_ext_admin that
#    CREATE EXTENSION made (kept, with a NOTICE, while roles are members of it), and a role an
#    administrator made beforehand is never dropped (issue 8 item 5).
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
bin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bin/initdb" ] || bin=/usr/lib/postgresql/15/bin
destdir=$("${PSQL[@]}" -d postgres -c "SHOW extension_destdir")
libpath=$("${PSQL[@]}" -d postgres -c "SHOW dynamic_library_path")
dir=$(mktemp -d /tmp/partman_limits.XXXX)
chmod 755 "$dir"
as_server() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$((20000 + RANDOM % 20000))
while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((20000 + RANDOM % 20000)); done
cleanup() { as_server "$bin/pg_ctl -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_server "$bin/initdb -D '$dir/data' -A trust -U postgres" >/dev/null
cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$dir'
listen_addresses = ''
fsync = off
lc_messages = 'C'
extension_destdir = '$destdir'
dynamic_library_path = '$libpath'
shared_preload_libraries = 'partman_ext'
partman_ext.naptime = 1
max_worker_processes = 3
max_logical_replication_workers = 0
max_parallel_workers = 0
CONF
as_server "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w start" >/dev/null
export PGHOST=$dir PGPORT=$port PGUSER=postgres
running() { "${PSQL[@]}" -d postgres -c "SELECT coalesce(string_agg(datname, ',' ORDER BY datname), '') FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler'"; }

# 1. Three databases with the extension, room for two schedulers.
for d in lim_a lim_b lim_c; do
  createdb "$d"
  "${PSQL[@]}" -d "$d" -c "CREATE EXTENSION partman_ext" 2>/dev/null
done
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler'" 2 || fail "two schedulers run"
starved=""
for d in lim_a lim_b lim_c; do
  case ",$(running)," in *",$d,"*) ;; *) starved=$d ;; esac
done
[ -n "$starved" ] || fail "one database is left without a scheduler"
wait_for "$starved" "SELECT DISTINCT scheduler_status FROM partman_ext.jobs" \
  "not running: no background worker slot is free for it (max_worker_processes = 3)" 10 || fail "jobs view of $starved says why"
out=$(psql -X -q -d "$starved" -c "SELECT job_id FROM partman_ext.add_job('sampling', schedule_interval => '1 day')" 2>&1)
case "$out" in *"WARNING:  no partman_ext scheduler serves database \"$starved\": no background worker slot is free"*"HINT:  Raise max_worker_processes"*) ;;
  *) fail "add_job in $starved warns (got: $out)" ;; esac
grep -q "WARNING:  partman_ext launcher: no background worker is free to run a scheduler for 1 database(s): \"$starved\"" "$dir/server.log" ||
  { tail -20 "$dir/server.log"; fail "the server log names $starved"; }
ok "max_worker_processes reached: $starved named in the log, its sessions warned, its jobs view says why"

# 2. A worker comes free (DROP EXTENSION elsewhere): the starved database is served.
other=$(running | cut -d, -f1)
"${PSQL[@]}" -d "$other" -c "DROP EXTENSION partman_ext"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$starved'" 1 10 ||
  fail "$starved served once $other's scheduler left"
grep -q "every database has its scheduler again" "$dir/server.log" || fail "the log says the shortage is over"
ok "a worker came free: $starved served"

# 3. The role partman_ext_admin goes with the extension's last installation, unless it has members.
"${PSQL[@]}" -d postgres -c "CREATE ROLE lim_member" -c "GRANT partman_ext_admin TO lim_member"
for d in lim_a lim_b lim_c; do
  out=$(psql -X -q -d "$d" -c "DROP EXTENSION IF EXISTS partman_ext" 2>&1)
done
case "$out" in *"NOTICE:  role partman_ext_admin was kept: 1 role(s) are members of it"*) ;; *) fail "a role with members is kept, with a NOTICE (got: $out)" ;; esac
"${PSQL[@]}" -d postgres -c "DROP ROLE lim_member"
"${PSQL[@]}" -d lim_a -c "CREATE EXTENSION partman_ext" 2>/dev/null
"${PSQL[@]}" -d lim_b -c "CREATE EXTENSION partman_ext" 2>/dev/null
"${PSQL[@]}" -d lim_a -c "DROP EXTENSION partman_ext"
"${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname = 'partman_ext_admin'" | grep -qx 1 ||
  fail "the role stays while another database has the extension"
"${PSQL[@]}" -d lim_b -c "DROP EXTENSION partman_ext"
"${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname = 'partman_ext_admin'" | grep -qx 0 ||
  fail "DROP EXTENSION in the last database drops the role it created"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler'" 0 5 ||
  fail "no scheduler left attached anywhere"
for d in lim_a lim_b lim_c; do
  "${PSQL[@]}" -d "$d" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'partman_ext'" | grep -qx 0 || fail "no schema left in $d"
done
ok "DROP EXTENSION everywhere: no role, schema or scheduler left"

# 4. A role made by an administrator beforehand is theirs: never dropped.
"${PSQL[@]}" -d postgres -c "CREATE ROLE partman_ext_admin NOLOGIN"
"${PSQL[@]}" -d lim_a -c "CREATE EXTENSION partman_ext" 2>/dev/null
"${PSQL[@]}" -d lim_a -c "DROP EXTENSION partman_ext"
"${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname = 'partman_ext_admin'" | grep -qx 1 ||
  fail "an administrator's partman_ext_admin is kept"
for d in lim_a lim_b lim_c; do dropdb "$d" || fail "DROP DATABASE $d"; done
ok "an administrator's role is kept; every database dropped"
