#!/usr/bin/env bash
# With the scheduler running: a table with two years of data registered with retention '12 months'
# loses nothing at registration nor in the maintenance run the registration makes due; the 12
# partitions past retention go at the next regular run of the maintenance job (here scheduled
# every 5 seconds so the test is short), and the NOTICE said so beforehand.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker
fresh_db "$db"

"${P[@]}" <<'SQL'
CREATE EXTENSION partman_ext;
-- the regular maintenance run every 5 seconds
SELECT 1 FROM partman_ext.alter_job(1, schedule_interval => '5 seconds', next_run => now() + interval '5 seconds');
CREATE TABLE ev2y (id int, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT format('CREATE TABLE %I PARTITION OF ev2y FOR VALUES FROM (%L) TO (%L)', 'ev2y_m' || k,
              date_trunc('month', now(), 'UTC') - k * interval '1 month', date_trunc('month', now(), 'UTC') - (k - 1) * interval '1 month')
  FROM generate_series(1, 24) k \gexec
INSERT INTO ev2y SELECT g, date_trunc('month', now(), 'UTC') - interval '24 months' + g * interval '1 day'
  FROM generate_series(0, 700) g;
SQL
rows_before=$("${P[@]}" -c "SELECT count(*) FROM ev2y")
before=$(last_run_id "$db")

notice=$(psql -X -q -d "$db" -c "SELECT 1 FROM partman_ext.register_partition_set('ev2y', 'ts', '1 month', premake => 2, retention => '12 months')" 2>&1 >/dev/null)
case "$notice" in
  *"will drop 12 partitions"*"not before"*"update_partition_set('public.ev2y', retention => NULL)"*) ;;
  *) fail "the registration's NOTICE names the 12 partitions, when, and how to cancel (got: $notice)" ;;
esac
ok "registration says what retention will remove and when"
old=$("${P[@]}" -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'ev2y'::regclass AND inhrelid::regclass::text LIKE 'ev2y_m%'")
[ "$old" = 24 ] || fail "all 24 old partitions attached after registration (got $old)"
[ "$("${P[@]}" -c "SELECT count(*) FROM ev2y")" = "$rows_before" ] || fail "no row lost at registration"

# The run the registration made due removes nothing.
wait_run_after "$db" 1 "$before" || fail "the maintenance run requested by the registration ran"
first=$("${P[@]}" -c "SELECT run_id FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before ORDER BY run_id LIMIT 1")
status=$("${P[@]}" -c "SELECT status FROM partman_ext.job_runs WHERE run_id = $first")
first_start=$("${P[@]}" -c "SELECT started_at < (SELECT retention_not_before FROM partman_ext.part_config WHERE parent_table = 'ev2y'::regclass) FROM partman_ext.job_runs WHERE run_id = $first")
if [ "$first_start" = t ]; then
  [ "$status" = succeeded ] || fail "the requested run succeeded (got $status)"
  dropped=$("${P[@]}" -c "SELECT count(*) FROM partman_ext.job_runs r, jsonb_array_elements(r.details) d WHERE r.run_id = $first AND d->>'action' = 'dropped'")
  [ "$dropped" = 0 ] || fail "the requested run dropped nothing (got $dropped)"
  ok "the run the registration requested removed nothing"
fi

# The next regular run (retention_not_before) removes the 12 partitions past retention; the rest stays.
wait_for "$db" "SELECT count(*) FROM pg_inherits WHERE inhparent = 'ev2y'::regclass AND inhrelid::regclass::text LIKE 'ev2y_m%'" 12 ||
  { "${P[@]}" -c "SELECT run_id, status, message FROM partman_ext.job_runs ORDER BY run_id"; fail "retention acted at the next regular run"; }
late=$("${P[@]}" -c "SELECT bool_and(r.started_at >= c.retention_not_before) FROM partman_ext.job_runs r, jsonb_array_elements(r.details) d, partman_ext.part_config c
                      WHERE c.parent_table = 'ev2y'::regclass AND d->>'action' = 'dropped' AND d->>'set' = 'public.ev2y'")
[ "$late" = t ] || fail "every drop happened at or after retention_not_before (got $late)"
ok "retention acted at the next regular maintenance run, not before"

"${P[@]}" -c "SELECT 1 FROM partman_ext.unregister_partition_set('ev2y')" >/dev/null
