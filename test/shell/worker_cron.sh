#!/usr/bin/env bash
# A cron schedule runs on its minutes, read on the product clock: '*/2 * * * *' runs at 12:02 and
# 12:04, not at 12:03, and its next run comes from the schedule, never from when a run started.
# The scheduler's clock is pinned per database (ALTER DATABASE .. SET partman_ext.mock_now, read
# when the scheduler connects), so the test waits seconds, not minutes.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker_cron
fresh_db "$db"
trap 'dropdb --if-exists --force "$db" >/dev/null 2>&1 || true' EXIT

# set_clock T: the scheduler of $db (and new sessions there) take T as "now".
set_clock() {
  "${PSQL[@]}" -d postgres -c "ALTER DATABASE $db SET partman_ext.mock_now = '$1'"
  local pid
  pid=$(scheduler_pid "$db")
  [ -n "$pid" ] && "${PSQL[@]}" -d postgres -c "SELECT pg_terminate_backend($pid)" >/dev/null
  wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db' AND pid IS DISTINCT FROM ${pid:-0}" 1 ||
    fail "a scheduler with the clock at $1"
  wait_for "$db" "SELECT partman_ext.clock() = '$1'::timestamptz" t || fail "sessions see the clock at $1"
}
runs() { "${P[@]}" -c "SELECT count(*) FROM partman_ext.job_runs WHERE job_id = $job AND status <> 'running'"; }

"${P[@]}" -c "CREATE EXTENSION partman_ext"
wait_for postgres "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$db'" 1 ||
  fail "scheduler in $db"
set_clock '2026-06-15 12:00:30+00'
# Only our job: the built-in ones pause (their runs would not disturb, but keep the history clean).
"${P[@]}" -c "SELECT count(*) FROM generate_series(1, 3) j, partman_ext.pause_job(j)" >/dev/null
job=$("${P[@]}" -c "SELECT job_id FROM partman_ext.add_job('sampling', schedule => '*/2 * * * *')")
next=$("${P[@]}" -c "SELECT next_run FROM partman_ext.jobs WHERE job_id = $job")
[ "$next" = "2026-06-15 12:02:00+00" ] || fail "first run at the next even minute (got $next)"
sleep 3
[ "$(runs)" = 0 ] || fail "nothing runs before 12:02 on the scheduler's clock"
ok "'*/2 * * * *' added at 12:00:30: next run 12:02, not run before"

set_clock '2026-06-15 12:02:05+00'
wait_for "$db" "SELECT count(*) FROM partman_ext.job_runs WHERE job_id = $job AND status = 'succeeded' AND reason = 'schedule'" 1 ||
  fail "the job runs once its minute has come (clock 12:02:05)"
next=$("${P[@]}" -c "SELECT next_run FROM partman_ext.jobs WHERE job_id = $job")
[ "$next" = "2026-06-15 12:04:00+00" ] || fail "after the 12:02 run the next is 12:04 (got $next)"
ok "ran at 12:02; next run 12:04"

set_clock '2026-06-15 12:03:50+00'
sleep 3
[ "$(runs)" = 1 ] || fail "no run at 12:03 (an odd minute)"
ok "no run at 12:03"

set_clock '2026-06-15 12:04:00+00'
wait_for "$db" "SELECT count(*) FROM partman_ext.job_runs WHERE job_id = $job AND status = 'succeeded'" 2 ||
  fail "the job runs at 12:04"
next=$("${P[@]}" -c "SELECT next_run FROM partman_ext.jobs WHERE job_id = $job")
[ "$next" = "2026-06-15 12:06:00+00" ] || fail "after the 12:04 run the next is 12:06 (got $next)"
ok "ran at 12:04; next run 12:06"

# A scheduler that was away for a while catches up with one run, and the schedule goes on from
# the clock: no burst of missed runs, no drift.
set_clock '2026-06-15 12:31:10+00'
wait_for "$db" "SELECT count(*) FROM partman_ext.job_runs WHERE job_id = $job AND status = 'succeeded'" 3 ||
  fail "one catch-up run"
sleep 2
[ "$(runs)" = 3 ] || fail "exactly one catch-up run (got $(runs))"
next=$("${P[@]}" -c "SELECT next_run FROM partman_ext.jobs WHERE job_id = $job")
[ "$next" = "2026-06-15 12:32:00+00" ] || fail "next run on the schedule after catching up (got $next)"
ok "catch-up: one run, then back on the even minutes (12:32)"

# An explicit next_run is kept until that time.
"${P[@]}" -c "SELECT 1 FROM partman_ext.alter_job($job, next_run => '2026-06-15 12:45:00+00')" >/dev/null
[ "$(runs)" = 3 ] || fail "no run before the next_run that was set"
set_clock '2026-06-15 12:45:01+00'
wait_for "$db" "SELECT count(*) FROM partman_ext.job_runs WHERE job_id = $job AND status = 'succeeded'" 4 ||
  fail "runs at the next_run that was set"
next=$("${P[@]}" -c "SELECT next_run FROM partman_ext.jobs WHERE job_id = $job")
[ "$next" = "2026-06-15 12:46:00+00" ] || fail "then the schedule again (got $next)"
ok "an explicit next_run is kept until that time, then the schedule goes on"
