#!/usr/bin/env bash
# DROP DATABASE of a database with a running scheduler succeeds (the scheduler is asked to leave
# first); the launcher picks the database up again when it is created anew; settings reload on
# SIGHUP (partman_ext.enabled off stops the schedulers, on starts them again; partman_ext.role
# makes them reconnect as that role).
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker_drop
for d in "$db" "${db}_copy" "${db}_renamed"; do dropdb --if-exists --force "$d" >/dev/null 2>&1 || true; done
trap '"${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET partman_ext.enabled" -c "SELECT pg_reload_conf()" >/dev/null' EXIT

for round in 1 2; do
  createdb "$db"
  "${PSQL[@]}" -d "$db" -c "CREATE EXTENSION partman_ext"
  wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" 1 ||
    fail "scheduler connected to $db (round $round)"
  wait_for "$db" "SELECT count(*) > 0 FROM partman_ext.job_runs" t || fail "scheduler works in $db (round $round)"
  if [ "$round" = 1 ]; then
    createdb -T "$db" "${db}_copy" || fail "CREATE DATABASE .. TEMPLATE $db with its scheduler running"
    dropdb "${db}_copy"
    ok "CREATE DATABASE .. TEMPLATE a scheduled database succeeded"
    wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" 1 ||
      fail "scheduler back in $db after the copy"
    "${PSQL[@]}" -d postgres -c "ALTER DATABASE $db RENAME TO ${db}_renamed" -c "ALTER DATABASE ${db}_renamed RENAME TO $db" ||
      fail "ALTER DATABASE .. RENAME with its scheduler running"
    ok "ALTER DATABASE .. RENAME of a scheduled database succeeded"
  fi
  dropdb "$db" || fail "DROP DATABASE $db with its scheduler running (round $round)"
  ok "DROP DATABASE succeeded with a scheduler connected (round $round)"
done

# SIGHUP: partman_ext.enabled = off stops every scheduler; on brings them back.
db=partman_worker
createdb "$db" 2>/dev/null || true
"${PSQL[@]}" -d "$db" -c "CREATE EXTENSION IF NOT EXISTS partman_ext"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" 1 ||
  fail "scheduler in $db"
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET partman_ext.enabled = off" -c "SELECT pg_reload_conf()" >/dev/null
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler'" 0 ||
  fail "schedulers stop when partman_ext.enabled is turned off"
"${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext launcher'" | grep -qx 1 ||
  fail "the launcher stays"
ok "partman_ext.enabled = off (reload) stops the schedulers"
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET partman_ext.enabled" -c "SELECT pg_reload_conf()" >/dev/null
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" 1 ||
  fail "schedulers start again when it is turned back on"
ok "partman_ext.enabled back on (reload) starts them again"

# partman_ext.role (reload): the schedulers reconnect as that role and keep working.
"${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN CREATE ROLE pmx_w_sched LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" \
  -c "GRANT partman_ext_admin TO pmx_w_sched" >/dev/null
trap '"${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET partman_ext.enabled" -c "ALTER SYSTEM RESET partman_ext.role" -c "SELECT pg_reload_conf()" >/dev/null' EXIT
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET partman_ext.role = 'pmx_w_sched'" -c "SELECT pg_reload_conf()" >/dev/null
wait_for postgres "SELECT usename FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" pmx_w_sched ||
  fail "scheduler reconnects as partman_ext.role"
before=$(last_run_id "$db")
"${PSQL[@]}" -d "$db" -c "SELECT 1 FROM partman_ext.run_job(3)" >/dev/null
wait_run_after "$db" 3 "$before" || fail "job runs under the new role"
st=$("${PSQL[@]}" -d "$db" -c "SELECT status FROM partman_ext.job_runs WHERE job_id = 3 AND run_id > $before ORDER BY run_id LIMIT 1")
[ "$st" = succeeded ] || fail "sampling job succeeds as pmx_w_sched (got $st)"
ok "partman_ext.role (reload): scheduler runs as pmx_w_sched"
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET partman_ext.role" -c "SELECT pg_reload_conf()" >/dev/null
superuser=$("${PSQL[@]}" -d postgres -c "SELECT rolname FROM pg_roles WHERE oid = 10")
wait_for postgres "SELECT usename FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" "$superuser" ||
  fail "scheduler back to the bootstrap superuser"
ok "partman_ext.role reset: back to the superuser"
