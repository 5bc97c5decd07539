#!/usr/bin/env bash
# The scheduler is never silently absent (issue 8 item 5, issue 9 item 8):
#  * CREATE EXTENSION in a second database, no setting changed: it gets its own scheduler;
#  * where none serves the database (not in the allow-list partman_ext.databases, or
#    partman_ext.enabled = off), CREATE EXTENSION, register_partition_set() and add_job() say so in
#    a WARNING with a HINT, and partman_ext.jobs.scheduler_status says why;
#  * the allow-list takes any number of names (no silent limit);
#  * partman_ext.pause_scheduler = on for a database: no scheduler there, and no warning (it was asked);
#  * DROP EXTENSION leaves no schema and no scheduler attached.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
one=partman_worker_db1
two=partman_worker_db2
for d in "$one" "$two"; do dropdb --if-exists --force "$d" >/dev/null 2>&1 || true; done
reset_settings() {
  "${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET partman_ext.databases" -c "ALTER SYSTEM RESET partman_ext.enabled" \
    -c "SELECT pg_reload_conf()" >/dev/null
}
trap 'reset_settings; for d in "$one" "$two"; do dropdb --if-exists --force "$d" >/dev/null 2>&1 || true; done' EXIT
schedulers() { "${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$1'"; }
status() { "${PSQL[@]}" -d "$1" -c "SELECT DISTINCT scheduler_status FROM partman_ext.jobs"; }
reload() { "${PSQL[@]}" -d postgres -c "$1" -c "SELECT pg_reload_conf()" >/dev/null; }

# 1. Two databases, no setting changed: each gets its scheduler at CREATE EXTENSION, no warning.
for d in "$one" "$two"; do
  createdb "$d"
  out=$("${PSQL[@]}" -d "$d" -c "CREATE EXTENSION partman_ext" 2>&1)
  [ -z "$out" ] || fail "CREATE EXTENSION with a scheduler coming says nothing (got: $out)"
  wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$d'" 1 5 ||
    fail "$d has its scheduler within a few seconds of CREATE EXTENSION"
  [ "$(status "$d")" = running ] || fail "jobs.scheduler_status is running in $d"
done
ok "CREATE EXTENSION in two databases, nothing configured: each has its scheduler"

# 2. The allow-list leaves $two out: its scheduler stops, and it is said loudly.
reload "ALTER SYSTEM SET partman_ext.databases = '$one'"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$two'" 0 ||
  fail "$two's scheduler stops when the allow-list leaves it out"
[ "$(schedulers "$one")" = 1 ] || fail "$one keeps its scheduler"
case "$(status "$two")" in "not running: database \"$two\" is not in partman_ext.databases"*) ;;
  *) fail "scheduler_status says why (got: $(status "$two"))" ;; esac
"${PSQL[@]}" -d "$two" -c "CREATE TABLE ev (id int, at timestamptz NOT NULL) PARTITION BY RANGE (at)"
out=$(psql -X -q -d "$two" -c "SELECT count(*) FROM partman_ext.register_partition_set('ev', 'at', '1 day', premake => 2)" 2>&1)
case "$out" in *"WARNING:  no partman_ext scheduler serves database \"$two\": database \"$two\" is not in partman_ext.databases"*"HINT:  Add the database to partman_ext.databases"*) ;;
  *) fail "register_partition_set warns with a HINT (got: $out)" ;; esac
out=$(psql -X -q -d "$two" -c "SELECT job_id FROM partman_ext.add_job('analyze', 'ev', '1 day')" 2>&1)
case "$out" in *"WARNING:  no partman_ext scheduler serves"*"DETAIL:  add_job() succeeded"*"HINT:"*) ;; *) fail "add_job warns (got: $out)" ;; esac
out=$(psql -X -q -d "$two" -c "DROP EXTENSION partman_ext CASCADE" -c "CREATE EXTENSION partman_ext" 2>&1)
case "$out" in *"WARNING:  no partman_ext scheduler serves"*"DETAIL:  CREATE EXTENSION partman_ext succeeded"*"HINT:"*) ;;
  *) fail "CREATE EXTENSION warns (got: $out)" ;; esac
ok "outside the allow-list: no scheduler; CREATE EXTENSION, register_partition_set and add_job warn; jobs view says why"

# 3. More names than the old limit of 64: the last one is served too.
names=$(for i in $(seq 1 80); do printf 'no_such_db_%s,' "$i"; done)
reload "ALTER SYSTEM SET partman_ext.databases = '${names}$two'"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$two'" 1 ||
  fail "the 81st name of the allow-list is served"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$one'" 0 ||
  fail "$one, not listed, is not"
ok "an allow-list of 81 names: the last one is served"

# 4. partman_ext.enabled = off: every scheduler stops; the warning names the setting.
reload "ALTER SYSTEM RESET partman_ext.databases"
reload "ALTER SYSTEM SET partman_ext.enabled = off"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler'" 0 || fail "schedulers stop"
out=$(psql -X -q -d "$one" -c "SELECT job_id FROM partman_ext.add_job('sampling', schedule_interval => '1 day')" 2>&1)
case "$out" in *"partman_ext.enabled is off"*"HINT:  Turn it on"*) ;; *) fail "add_job names partman_ext.enabled (got: $out)" ;; esac
reload "ALTER SYSTEM RESET partman_ext.enabled"
for d in "$one" "$two"; do
  wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$d'" 1 ||
    fail "$d served again once the settings are reset"
done
ok "partman_ext.enabled = off warns; reset, both databases are served again"

# 5. Paused on purpose (ALTER DATABASE .. SET partman_ext.pause_scheduler): no scheduler, no warning.
"${PSQL[@]}" -d postgres -c "ALTER DATABASE $one SET partman_ext.pause_scheduler = on"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$one'" 0 ||
  fail "a paused database's scheduler leaves"
[ "$(status "$one")" = "paused: partman_ext.pause_scheduler is on for this database" ] || fail "jobs view says paused (got $(status "$one"))"
out=$(psql -X -q -d "$one" -c "SELECT job_id FROM partman_ext.add_job('sampling', schedule_interval => '2 days')" 2>&1)
case "$out" in *WARNING*) fail "no warning in a database paused on purpose (got: $out)" ;; esac
"${PSQL[@]}" -d postgres -c "ALTER DATABASE $one RESET partman_ext.pause_scheduler"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$one'" 1 5 ||
  fail "RESET brings the scheduler back within a few seconds"
ok "pause_scheduler per database: scheduler leaves, no warning, back at RESET"

# 6. DROP EXTENSION leaves nothing of ours in the database, and no scheduler attached.
"${PSQL[@]}" -d "$one" -c "DROP EXTENSION partman_ext CASCADE"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$one'" 0 5 ||
  fail "the scheduler leaves at DROP EXTENSION"
"${PSQL[@]}" -d "$one" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'partman_ext'" | grep -qx 0 || fail "no schema left"
"${PSQL[@]}" -d "$one" -c "SELECT count(*) FROM pg_proc WHERE proname LIKE '%partman%' OR prosrc LIKE 'partman_%'" | grep -qx 0 ||
  fail "no function left"
"${PSQL[@]}" -d "$one" -c "SELECT count(*) FROM pg_event_trigger" | grep -qx 0 || fail "no event trigger left"
dropdb "$one" || fail "DROP DATABASE right after"
ok "DROP EXTENSION: no schema, function, event trigger or scheduler left"
