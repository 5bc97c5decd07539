#!/usr/bin/env bash
# The statistics job kind: the scheduler keeps partman_ext.key_statistics up to date for a bucket
# set, as the set's owner, and counts again only the partitions written to since its last run.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker
fresh_db "$db"

"${P[@]}" <<'SQL'
CREATE EXTENSION partman_ext;
DO $$ BEGIN CREATE ROLE pmx_w_stats_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA app AUTHORIZATION pmx_w_stats_owner;
SET ROLE pmx_w_stats_owner;
CREATE TABLE app.chunks (collection_id uuid NOT NULL, token_count int, created_at timestamptz NOT NULL)
    PARTITION BY HASH (collection_id);
SELECT 1 FROM partman_ext.create_bucket_partitions('app.chunks', 16);
INSERT INTO app.chunks SELECT md5('c' || k)::uuid, c, '2026-01-01'::timestamptz + c * interval '1 minute'
FROM generate_series(1, 200) k, generate_series(1, 10) c;
SELECT count(*) FROM partman_ext.refresh_key_statistics('app.chunks', value_column => 'token_count', time_column => 'created_at');
RESET ROLE;
-- The job must do the counting: start from nothing (the settings stay).
DELETE FROM partman_ext.key_statistics; DELETE FROM partman_ext.key_statistics_partitions;
SQL
job=$("${P[@]}" -c "SELECT job_id FROM partman_ext.add_job('statistics', 'app.chunks', interval '1 hour')")
wait_for "$db" "SELECT status || '/' || items_done FROM partman_ext.job_runs WHERE job_id = $job ORDER BY run_id DESC LIMIT 1" "succeeded/16" ||
  { "${P[@]}" -c "SELECT run_id, status, sqlstate, items_done, message FROM partman_ext.job_runs WHERE job_id = $job"; fail "the statistics job counts every partition"; }
got=$("${P[@]}" -c "SELECT count(*) || ' keys, ' || sum(row_count) || ' rows, ' || sum(value_sum) || ' tokens' FROM partman_ext.key_statistics")
[ "$got" = "200 keys, 2000 rows, 11000 tokens" ] || fail "key_statistics after the job (got $got)"
ok "statistics job filled key_statistics ($got)"

# Writes to one collection: the next run counts only its partition.
# (the session flushes its write counters before it returns: the job reads them)
"${P[@]}" -c "INSERT INTO app.chunks SELECT md5('c7')::uuid, 1, '2026-06-01' FROM generate_series(1, 5)" \
  -c "SELECT pg_stat_force_next_flush()" -c "SELECT 1" >/dev/null
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job($job)" >/dev/null
wait_run_after "$db" "$job" "$before" || fail "the statistics job runs again"
got=$("${P[@]}" -c "SELECT status || '/' || items_done FROM partman_ext.job_runs WHERE job_id = $job AND run_id > $before ORDER BY run_id LIMIT 1")
[ "$got" = "succeeded/1" ] || fail "only the written partition is counted again (got $got)"
got=$("${P[@]}" -c "SELECT row_count FROM partman_ext.key_statistics WHERE key_value = md5('c7')::uuid::text")
[ "$got" = "15" ] || fail "the written key is counted again (got $got)"
ok "statistics job counted only the partition written to"

"${P[@]}" -c "SELECT 1 FROM partman_ext.remove_job($job)" >/dev/null
