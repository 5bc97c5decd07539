#!/usr/bin/env bash
# DROP DATABASE of a database with a running scheduler succeeds (the scheduler is asked to leave
# first); the launcher picks the database up again when it is created anew; settings reload on
# SIGHUP (partman_ext.enabled off stops the schedulers, on starts them again).
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker_drop
dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
trap '"${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET partman_ext.enabled" -c "SELECT pg_reload_conf()" >/dev/null' EXIT

for round in 1 2; do
  createdb "$db"
  "${PSQL[@]}" -d "$db" -c "CREATE EXTENSION partman_ext"
  wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" 1 ||
    fail "scheduler connected to $db (round $round)"
  wait_for "$db" "SELECT count(*) > 0 FROM partman_ext.job_runs" t || fail "scheduler works in $db (round $round)"
  dropdb "$db" || fail "DROP DATABASE $db with its scheduler running (round $round)"
  ok "DROP DATABASE succeeded with a scheduler connected (round $round)"
done

# SIGHUP: partman_ext.enabled = off stops every scheduler; on brings them back.
db=partman_worker
createdb "$db" 2>/dev/null || true
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
