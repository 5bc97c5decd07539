#!/usr/bin/env bash
# The scheduler does the maintenance by itself: a database gets its scheduler when the extension
# is created there (no setting changed); partitions appear with no manual call; a set the
# scheduler cannot maintain (its owner lost CREATE on the schema) is that set's failure, recorded
# with its SQLSTATE and retried with backoff, while the job that maintained the other sets
# succeeds; a set whose parent is locked is recorded as a lock timeout (55P03); after the cause is
# fixed the failures reset.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker
fresh_db "$db"

wait_for "$db" "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = current_database()" 0 ||
  fail "no scheduler stays in a database without the extension"
ok "no scheduler stays in a database without the extension"

"${P[@]}" -c "CREATE EXTENSION partman_ext"
wait_for "$db" "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = current_database()" 1 5 ||
  fail "CREATE EXTENSION brings a scheduler within a few seconds (naptime 1 s)"
"${P[@]}" -c "SELECT scheduler_status FROM partman_ext.jobs WHERE job_id = 1" | grep -qx running || fail "jobs view says the scheduler runs"
ok "CREATE EXTENSION: the database has its scheduler, with no setting changed"

"${P[@]}" <<'SQL'

DO $$ BEGIN CREATE ROLE pmx_w_owner_a; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pmx_w_owner_b; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA app_a AUTHORIZATION pmx_w_owner_a;
CREATE SCHEMA shared;
GRANT USAGE, CREATE ON SCHEMA shared TO pmx_w_owner_b;
-- Fast retries for the test.
SELECT 1 FROM partman_ext.alter_job(1, retry_backoff => '1 second', max_retries => 2);
SET ROLE pmx_w_owner_a;
CREATE TABLE app_a.events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app_a."Orders; x" (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT 1 FROM partman_ext.register_partition_set('app_a.events', 'at', '1 day', premake => 3, enabled => false);
SELECT 1 FROM partman_ext.register_partition_set('app_a."Orders; x"', 'at', '1 month', premake => 2, lock_timeout => '200ms', enabled => false);
SELECT 1 FROM partman_ext.update_partition_set('app_a.events', enabled => true);
SELECT 1 FROM partman_ext.update_partition_set('app_a."Orders; x"', enabled => true);
RESET ROLE;
SET ROLE pmx_w_owner_b;
CREATE TABLE shared.metrics (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT 1 FROM partman_ext.register_partition_set('shared.metrics', 'at', '1 day', premake => 2, enabled => false);
SELECT 1 FROM partman_ext.update_partition_set('shared.metrics', enabled => true);
RESET ROLE;
SQL

# 1. Partitions appear without any manual call (the sets were registered disabled, so that
# registration created nothing, then enabled: the scheduler maintains them on its own).
wait_for "$db" "SELECT count(*) >= 4 FROM pg_inherits WHERE inhparent = 'app_a.events'::regclass" t ||
  fail "partitions of app_a.events created by the scheduler"
wait_for "$db" "SELECT count(*) >= 3 FROM pg_inherits WHERE inhparent = 'app_a.\"Orders; x\"'::regclass" t ||
  fail "partitions of app_a.\"Orders; x\" created by the scheduler"
owner=$("${P[@]}" -c "SELECT DISTINCT c.relowner::regrole FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'app_a.events'::regclass")
[ "$owner" = "pmx_w_owner_a" ] || fail "new partitions belong to the parent's owner (got $owner)"
ok "partitions created by the scheduler, owned by the parent's owner"
wait_for "$db" "SELECT count(*) > 0 FROM partman_ext.job_runs WHERE job_id = 1 AND status = 'succeeded' AND items_done > 0" t ||
  fail "a succeeded maintenance run is recorded"
ok "maintenance run recorded in job_runs"

# 2. One failing set: its owner can no longer create tables in the schema. The job of every set
# succeeds (the other sets are maintained); the set's failure is in details with its SQLSTATE, the
# job is retried with backoff, and the health job raises an alert on that set only.
"${P[@]}" -c "REVOKE CREATE ON SCHEMA shared FROM pmx_w_owner_b"
drop_newest "$db" shared.metrics 100 >/dev/null
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(1)" >/dev/null
has_failure="EXISTS (SELECT 1 FROM jsonb_array_elements(details) d WHERE d->>'set' = 'shared.metrics' AND d->>'action' = 'failed' AND d->>'sqlstate' = '42501')"
wait_for "$db" "SELECT count(*) >= 2 FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before AND status = 'succeeded' AND $has_failure" t ||
  { "${P[@]}" -c "SELECT run_id, status, sqlstate, attempt, reason, message FROM partman_ext.job_runs ORDER BY run_id"; fail "failing set recorded and retried"; }
attempts=$("${P[@]}" -c "SELECT string_agg(attempt::text || reason, ',' ORDER BY run_id) FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before AND $has_failure")
case "$attempts" in 1requested,2retry*) ;; *) fail "retries count attempts 1,2,... (got $attempts)" ;; esac
msg=$("${P[@]}" -c "SELECT message FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before AND $has_failure ORDER BY run_id LIMIT 1")
case "$msg" in *"1 set failed"*shared.metrics*42501*) ;; *) fail "run message names the failing set and its SQLSTATE (got: $msg)" ;; esac
"${P[@]}" -c "SELECT count(*) FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before AND (status = 'failed' OR sqlstate = 'XX000')" | grep -qx 0 ||
  fail "the job of every set is never failed (nor XX000) for one set's failure"
wait_for "$db" "SELECT count(*) FROM partman_ext.alerts WHERE state = 'raised' AND code = 'SET_MAINTENANCE_FAILING' AND parent_table = 'shared.metrics'" 1 ||
  fail "the health job raised an alert on the failing set"
"${P[@]}" -c "SELECT count(*) FROM partman_ext.alerts WHERE state = 'raised' AND severity = 'critical' AND (parent_table IS NULL OR message LIKE '%every set%')" | grep -qx 0 ||
  fail "no critical alert names every set"
# The other sets were maintained in the same runs.
"${P[@]}" -c "SELECT count(*) >= 4 FROM pg_inherits WHERE inhparent = 'app_a.events'::regclass" | grep -qx t ||
  fail "app_a.events still maintained while shared.metrics fails"
detail=$("${P[@]}" -c "SELECT count(*) FROM partman_ext.job_runs r, jsonb_array_elements(r.details) d WHERE r.job_id = 1 AND r.run_id > $before AND d->>'set' = 'shared.metrics' AND d->>'sqlstate' = '42501'")
[ "$detail" -ge 1 ] || fail "details name the failing set with its SQLSTATE"
ok "failing set recorded ($attempts, 42501) and alerted on that set while the job of every set succeeds"
# Retries stop after max_retries (2): 3 failed runs in a row, then the job waits for its schedule.
wait_for "$db" "SELECT consecutive_failures = 3 AND next_run > now() + interval '30 minutes' FROM partman_ext.jobs WHERE job_id = 1" t ||
  fail "after max_retries the job goes back to its hourly schedule"
ok "retries stop after max_retries"

# 3. The cause is fixed: the next run succeeds and the failure count resets.
"${P[@]}" -c "GRANT CREATE ON SCHEMA shared TO pmx_w_owner_b"
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(1)" >/dev/null
wait_run_after "$db" 1 "$before" || fail "run after fix"
st=$("${P[@]}" -c "SELECT status || '/' || consecutive_failures FROM partman_ext.job_runs r JOIN partman_ext.jobs j USING (job_id) WHERE r.run_id > $before AND r.job_id = 1 ORDER BY run_id LIMIT 1")
[ "$st" = "succeeded/0" ] || fail "after the fix the run succeeds and failures reset (got $st)"
"${P[@]}" -c "SELECT count(*) >= 3 FROM pg_inherits WHERE inhparent = 'shared.metrics'::regclass" | grep -qx t ||
  fail "shared.metrics maintained after the fix"
ok "job succeeds again after the fix"

# 4. A blocked parent: lock timeout recorded (55P03), the other sets maintained.
drop_newest "$db" app_a.events >/dev/null
drop_newest "$db" 'app_a."Orders; x"' >/dev/null
n_events=$("${P[@]}" -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'app_a.events'::regclass")
( "${P[@]}" -c "BEGIN; LOCK TABLE app_a.\"Orders; x\" IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(20); COMMIT;" >/dev/null 2>&1 & )
wait_for "$db" "SELECT count(*) FROM pg_locks WHERE relation = 'app_a.\"Orders; x\"'::regclass AND mode = 'AccessExclusiveLock' AND granted" 1 10 ||
  fail "test session holds the lock"
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(1)" >/dev/null
wait_run_after "$db" 1 "$before" || fail "run with a locked parent"
st=$("${P[@]}" -c "SELECT status || '/' || (SELECT string_agg(d->>'action' || ' ' || (d->>'sqlstate'), ',') FROM jsonb_array_elements(details) d WHERE d->>'set' = 'app_a.\"Orders; x\"' AND d ? 'sqlstate') FROM partman_ext.job_runs WHERE job_id = 1 AND run_id > $before ORDER BY run_id LIMIT 1")
case "$st" in "succeeded/lock timeout 55P03"*) ;; *) "${P[@]}" -c "SELECT * FROM partman_ext.job_runs WHERE run_id > $before"; fail "locked set recorded as lock timeout (got $st)" ;; esac
"${P[@]}" -c "SELECT count(*) > $n_events FROM pg_inherits WHERE inhparent = 'app_a.events'::regclass" | grep -qx t ||
  fail "app_a.events maintained while Orders is locked"
ok "blocked parent recorded as lock timeout (55P03) while other sets are maintained"

# 5. Job API: errors and privileges.
out=$("${P[@]}" -c "SELECT job_id FROM partman_ext.add_job('nonsense')" 2>&1 || true)
case "$out" in *"unknown job kind"*) ;; *) fail "unknown kind rejected (got $out)" ;; esac
out=$("${P[@]}" -c "SET ROLE pmx_w_owner_b; SELECT job_id FROM partman_ext.add_job('analyze', 'app_a.events')" 2>&1 || true)
case "$out" in *"permission denied"*) ;; *) fail "non-owner cannot add a job (got $out)" ;; esac
job=$("${P[@]}" -c "SET ROLE pmx_w_owner_a; SELECT job_id FROM partman_ext.add_job('analyze', 'app_a.events', '1 day')")
echo "# analyze job: $job"
before=$(last_run_id "$db")
wait_run_after "$db" "$job" 0 || fail "analyze job runs"
st=$("${P[@]}" -c "SELECT status || '/' || (items_done >= 4) FROM partman_ext.job_runs WHERE job_id = $job ORDER BY run_id LIMIT 1")
[ "$st" = "succeeded/true" ] || fail "analyze job analyzed the partitions (got $st)"
ok "analyze job added by the set's owner ran"
# The analyze job reads the engine's typed rows (issue 14): a partition it cannot lock is a lock
# timeout with its SQLSTATE (a one-set job that met only lock timeouts is skipped with 55P03).
leaf=$("${P[@]}" -c "SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'app_a.events'::regclass ORDER BY inhrelid LIMIT 1")
( "${P[@]}" -c "BEGIN; LOCK TABLE $leaf IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(20); COMMIT;" >/dev/null 2>&1 & )
wait_for "$db" "SELECT count(*) FROM pg_locks WHERE relation = '$leaf'::regclass AND mode = 'AccessExclusiveLock' AND granted" 1 10 ||
  fail "test session holds the lock on $leaf"
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job($job)" >/dev/null
wait_run_after "$db" "$job" "$before" || fail "analyze job runs with a locked partition"
st=$("${P[@]}" -c "SELECT status || '/' || sqlstate || '/' || (SELECT string_agg(d->>'action' || ' ' || (d->>'sqlstate'), ',') FROM jsonb_array_elements(details) d WHERE d ? 'sqlstate') FROM partman_ext.job_runs WHERE job_id = $job AND run_id > $before ORDER BY run_id LIMIT 1")
[ "$st" = "skipped/55P03/lock timeout 55P03" ] || { "${P[@]}" -c "SELECT status, sqlstate, message, details FROM partman_ext.job_runs WHERE job_id = $job" >&2; fail "analyze of a locked partition recorded as lock timeout (got $st)"; }
ok "analyze job: a locked partition is a lock timeout (55P03) read from the engine's rows"
vjob=$("${P[@]}" -c "SET ROLE pmx_w_owner_a; SELECT partman_ext.vacuum_partitions('app_a.events', true)")
wait_run_after "$db" "$vjob" 0 || fail "vacuum job runs"
st=$("${P[@]}" -c "SELECT status || '/' || (items_done >= 4) FROM partman_ext.job_runs WHERE job_id = $vjob")
[ "$st" = "succeeded/true" ] || { "${P[@]}" -c "SELECT * FROM partman_ext.job_runs WHERE job_id = $vjob"; fail "VACUUM FULL ran at top level on every partition (got $st)"; }
"${P[@]}" -c "SELECT count(*) FROM partman_ext.jobs WHERE job_id = $vjob" | grep -qx 0 || fail "one-off vacuum job removed after success"
ok "vacuum_partitions queued a one-off job that vacuumed at top level"

# 6. DROP EXTENSION: the scheduler leaves the database; CREATE EXTENSION brings one back.
"${P[@]}" -c "DROP EXTENSION partman_ext CASCADE"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" 0 5 ||
  fail "no scheduler stays attached after DROP EXTENSION"
"${P[@]}" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'partman_ext'" | grep -qx 0 || fail "the schema is gone"
"${P[@]}" -c "CREATE EXTENSION partman_ext"
wait_for "$db" "SELECT count(*) > 0 FROM partman_ext.job_runs WHERE status = 'succeeded'" t || fail "scheduling resumes after CREATE EXTENSION"
ok "DROP EXTENSION: the scheduler leaves; CREATE EXTENSION brings it back"
