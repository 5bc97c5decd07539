#!/usr/bin/env bash
# One bad set is that set's problem (issue 8 item 6, issue 9 item 7):
#  * a set whose parent is dropped while the maintenance job works on it is no error at all: the
#    job that maintained the other sets is 'succeeded', with no SQLSTATE and no alert;
#  * job_runs counts every kind of action, 'created and moved rows' included, with the rows moved.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker_iso
fresh_db "$db"
trap 'dropdb --if-exists --force "$db" >/dev/null 2>&1 || true' EXIT
"${P[@]}" >/dev/null <<'SQL'
CREATE EXTENSION partman_ext;
SELECT 1 FROM partman_ext.alter_job(1, retry_backoff => '1 hour');
CREATE TABLE iso_a (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE iso_b (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE iso_c (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT 1 FROM partman_ext.register_partition_set('iso_a', 'at', '1 day', premake => 3);
-- iso_b waits up to a minute for its lock: the test drops it meanwhile.
SELECT 1 FROM partman_ext.register_partition_set('iso_b', 'at', '1 day', premake => 3, lock_timeout => '60s');
SELECT 1 FROM partman_ext.register_partition_set('iso_c', 'at', '1 day', premake => 3);
SQL
for t in iso_a iso_b iso_c; do
  wait_for "$db" "SELECT count(*) >= 4 FROM pg_inherits WHERE inhparent = '$t'::regclass" t || fail "first maintenance of $t"
done
wait_for "$db" "SELECT count(*) FROM partman_ext.jobs WHERE job_id = 1 AND last_status = 'succeeded' AND NOT (SELECT requested FROM partman_ext.job WHERE job_id = 1)" 1 ||
  fail "the first runs are over"
"${P[@]}" -c "SELECT 1 FROM partman_ext.pause_job(1)" >/dev/null

# 1. Rows in the default partition for a premade day: the next run creates that day's partition
# and moves them in; the run counts it like any other action.
drop_newest "$db" iso_a >/dev/null
"${P[@]}" -c "INSERT INTO iso_a SELECT g, date_trunc('day', now()) + interval '3 days' + g * interval '1 second' FROM generate_series(1, 250) g"
"${P[@]}" -c "SELECT count(*) FROM ONLY iso_a_default" | grep -qx 250 || fail "250 rows wait in the default partition"
drop_newest "$db" iso_c >/dev/null
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.resume_job(1)" -c "SELECT 1 FROM partman_ext.run_job(1)" >/dev/null
wait_run_after "$db" 1 "$before" || fail "maintenance ran"
row=$("${P[@]}" -c "SELECT status || '|' || items_done || '|' || coalesce(sqlstate, '') FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before ORDER BY run_id LIMIT 1")
[ "$row" = "succeeded|2|" ] || { "${P[@]}" -c "SELECT * FROM partman_ext.job_runs WHERE run_id > $before"; fail "two actions counted (got $row)"; }
moved=$("${P[@]}" -c "SELECT d->>'rows_moved' FROM partman_ext.job_runs r, jsonb_array_elements(r.details) d WHERE r.job_id = 1 AND r.run_id > $before AND d->>'action' = 'created and moved rows' AND d->>'set' = 'public.iso_a'")
[ "$moved" = 250 ] || fail "details list 'created and moved rows' with 250 rows moved (got '$moved')"
msg=$("${P[@]}" -c "SELECT message FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before ORDER BY run_id LIMIT 1")
case "$msg" in *"1 created and moved rows"*"(250 rows moved)"*) ;; *) fail "message counts the move (got: $msg)" ;; esac
echo "# $msg"
ok "'created and moved rows' counted in items_done, details and message"

# 2. iso_b's parent is dropped while the job waits for its lock: no error, the others maintained.
drop_newest "$db" iso_a >/dev/null
drop_newest "$db" iso_c >/dev/null
holder=$(mktemp)
( "${P[@]}" -c "BEGIN" -c "LOCK TABLE iso_b IN ACCESS EXCLUSIVE MODE" \
    -c "DO \$\$ BEGIN FOR i IN 1..600 LOOP
          EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'iso_b'::regclass AND NOT granted);
          PERFORM pg_sleep(0.1); END LOOP; END \$\$" \
    -c "SELECT pg_sleep(0.3)" -c "DROP TABLE iso_b" -c "COMMIT" >"$holder" 2>&1 & )
wait_for "$db" "SELECT count(*) FROM pg_locks WHERE relation = 'iso_b'::regclass AND mode = 'AccessExclusiveLock' AND granted" 1 10 ||
  fail "test session holds iso_b"
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(1)" >/dev/null
wait_run_after "$db" 1 "$before" || { cat "$holder"; fail "maintenance ran"; }
"${P[@]}" -c "SELECT to_regclass('iso_b') IS NULL" | grep -qx t || { cat "$holder"; fail "iso_b was dropped while the job waited"; }
row=$("${P[@]}" -c "SELECT status || '|' || coalesce(sqlstate, '') || '|' || items_done FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before ORDER BY run_id LIMIT 1")
[ "$row" = "succeeded||2" ] || { "${P[@]}" -c "SELECT * FROM partman_ext.job_runs WHERE run_id > $before"; fail "job succeeded with the other sets' 2 actions (got $row)"; }
note=$("${P[@]}" -c "SELECT d->>'action' FROM partman_ext.job_runs r, jsonb_array_elements(r.details) d WHERE r.job_id = 1 AND r.run_id > $before AND d->>'set' = 'public.iso_b'")
[ "$note" = "dropped meanwhile" ] || fail "details say iso_b was dropped meanwhile (got '$note')"
"${P[@]}" -c "SELECT consecutive_failures FROM partman_ext.jobs WHERE job_id = 1" | grep -qx 0 || fail "no failure counted"
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(2)" >/dev/null
wait_run_after "$db" 2 "$before" || fail "health job ran"
"${P[@]}" -c "SELECT count(*) FROM partman_ext.alerts WHERE state = 'raised' AND (code LIKE '%JOB%' OR code LIKE 'SET_MAINTENANCE%')" | grep -qx 0 ||
  fail "no job or set alert for a table dropped by its owner"
rm -f "$holder"
ok "a parent dropped mid-run is no error: the job of every set succeeded, the others were maintained"
