#!/usr/bin/env bash
# Process hygiene: SIGTERM (pg_terminate_backend) in the middle of a job records the run as
# cancelled and a new scheduler takes over; a job exceeding max_runtime is cancelled and recorded;
# kill -9 of the scheduler is recovered from (crash restart, the launcher starts a new scheduler,
# the orphaned run is closed); pg_cancel_backend fails the current run only.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker
fresh_db "$db"
"${P[@]}" <<'SQL'
CREATE EXTENSION partman_ext;
CREATE TABLE slow (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
-- A minute of lock_timeout: a held lock keeps the maintenance job busy.
SELECT 1 FROM partman_ext.register_partition_set('slow', 'at', '1 day', premake => 2, lock_timeout => '60s');
SQL
wait_for "$db" "SELECT count(*) >= 3 FROM pg_inherits WHERE inhparent = 'slow'::regclass" t || fail "first maintenance"
"${P[@]}" -c "SELECT 1 FROM partman_ext.alter_job(1, retry_backoff => '1 hour')" >/dev/null

# hold_lock SECONDS: an ACCESS EXCLUSIVE lock on slow, in the background; waits until it is held.
hold_lock() {
  ( "${P[@]}" -c "BEGIN; LOCK TABLE slow IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep($1); COMMIT;" >/dev/null 2>&1 & )
  wait_for "$db" "SELECT count(*) FROM pg_locks WHERE relation = 'slow'::regclass AND mode = 'AccessExclusiveLock' AND granted" 1 10 ||
    fail "test session holds the lock"
}
release_lock() {
  "${P[@]}" -c "SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.relation = 'slow'::regclass AND l.mode = 'AccessExclusiveLock' AND l.granted" >/dev/null
}

# 1. SIGTERM mid-job.
drop_newest "$db" slow >/dev/null
hold_lock 60
before=$(start_blocked_run "$db" 1)
old=$(scheduler_pid "$db")
"${P[@]}" -c "SELECT pg_terminate_backend($old)" >/dev/null
wait_for "$db" "SELECT status || '/' || sqlstate FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 ORDER BY run_id LIMIT 1" cancelled/57014 ||
  fail "run cut by SIGTERM recorded as cancelled"
msg=$("${P[@]}" -c "SELECT message FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 ORDER BY run_id LIMIT 1")
case "$msg" in *SIGTERM*) ;; *) fail "cancel message says SIGTERM (got $msg)" ;; esac
ok "pg_terminate_backend mid-job: run recorded as cancelled"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db' AND pid <> $old" 1 ||
  fail "a new scheduler replaces the terminated one"
ok "terminated scheduler restarted"
release_lock
# The cancelled run stayed due: the new scheduler runs it and creates the partition.
wait_for "$db" "SELECT count(*) > 0 FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 AND status = 'succeeded'" t ||
  fail "the cancelled job runs again under the new scheduler"
ok "cancelled job completed by the new scheduler"

# 2. max_runtime.
"${P[@]}" -c "SELECT 1 FROM partman_ext.alter_job(1, max_runtime => '2 seconds')" >/dev/null
drop_newest "$db" slow >/dev/null
hold_lock 60
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(1)" >/dev/null
wait_for "$db" "SELECT status || '/' || sqlstate FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 ORDER BY run_id LIMIT 1" cancelled/57014 ||
  fail "run over max_runtime cancelled"
msg=$("${P[@]}" -c "SELECT message FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 ORDER BY run_id LIMIT 1")
case "$msg" in *max_runtime*) ;; *) fail "cancel message names max_runtime (got $msg)" ;; esac
"${P[@]}" -c "SELECT consecutive_failures FROM partman_ext.jobs WHERE job_id = 1" | grep -qx 1 || fail "a cancelled run counts as a failure"
ok "job over max_runtime cancelled and recorded"
release_lock
"${P[@]}" -c "SELECT 1 FROM partman_ext.alter_job(1, max_runtime => '1 hour')" >/dev/null

# 3. pg_cancel_backend fails the current run only; the scheduler stays.
hold_lock 60
before=$(start_blocked_run "$db" 1)
pid=$(scheduler_pid "$db")
"${P[@]}" -c "SELECT pg_cancel_backend($pid)" >/dev/null
wait_for "$db" "SELECT status || '/' || sqlstate FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 ORDER BY run_id LIMIT 1" failed/57014 ||
  fail "cancelled statement recorded as a failed run"
[ "$(scheduler_pid "$db")" = "$pid" ] || fail "pg_cancel_backend does not end the scheduler"
ok "pg_cancel_backend fails the run, scheduler keeps running"
release_lock

# 4. kill -9: the postmaster restarts the cluster, the launcher starts a new scheduler, and the
# run that was going on is closed as cancelled.
hold_lock 60
before=$(start_blocked_run "$db" 1)
pid=$(scheduler_pid "$db")
kill -9 "$pid"
sleep 2
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db' AND pid <> $pid" 1 ||
  fail "a new scheduler after kill -9"
wait_for "$db" "SELECT status || '/' || sqlstate FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 ORDER BY run_id LIMIT 1" cancelled/57P01 ||
  fail "the run killed with the scheduler is closed as cancelled"
wait_for "$db" "SELECT count(*) > 0 FROM partman_ext.job_runs WHERE run_id > $before AND job_id = 1 AND status = 'succeeded'" t ||
  fail "jobs run again after the crash"
ok "kill -9 of the scheduler recovered from"
"${P[@]}" -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext launcher'" | grep -qx 1 || fail "one launcher"
ok "one launcher after recovery"
