-- Job schedules (issue 8 item 7, issue 9 item 4): cron schedules in a time zone, interval
-- schedules without drift, job_next_run(), schedule_next_runs(), limits on intervals, the jobs
-- view's new columns, per-set failure alerts. No scheduler runs in this database (the Makefile
-- creates it with partman_ext.pause_scheduler = on), so nothing here changes behind our back.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = notice;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:30+00';
\set VERBOSITY default

SELECT partman_ext.scheduler_status();
-- Jobs added here are removed at the end, and the job ids handed out again (later tests name them).
SELECT last_value AS job_seq FROM partman_ext.job_job_id_seq \gset

-- Cron: every two minutes fires on the even minutes, strictly after the instant asked about.
SELECT * FROM partman_ext.schedule_next_runs('*/2 * * * *', count => 4);
SELECT * FROM partman_ext.schedule_next_runs('*/2 * * * *', after => '2026-06-15 12:02:00+00', count => 2);
-- 03:00 in London keeps its wall-clock time across both change days of 2026.
SELECT t, t AT TIME ZONE 'Europe/London' AS london
FROM partman_ext.schedule_next_runs('0 3 * * *', 'Europe/London', '2026-03-27 12:00+00', 4) t;
SELECT t, t AT TIME ZONE 'Europe/London' AS london
FROM partman_ext.schedule_next_runs('0 3 * * *', 'Europe/London', '2026-10-23 12:00+00', 4) t;
-- New York: 02:30 does not exist on 2026-03-08 (run at PostgreSQL's reading of it, 03:30 EDT);
-- 01:30 happens twice on 2026-11-01 (a pinned time runs once, at the first).
SELECT t, t AT TIME ZONE 'America/New_York' AS new_york
FROM partman_ext.schedule_next_runs('30 2 * * *', 'America/New_York', '2026-03-07 12:00+00', 3) t;
SELECT t, t AT TIME ZONE 'America/New_York' AS new_york
FROM partman_ext.schedule_next_runs('30 1 * * *', 'America/New_York', '2026-10-31 12:00+00', 2) t;
-- A wildcard hour runs in both passes of the repeated hour: every 30 minutes of real time.
SELECT * FROM partman_ext.schedule_next_runs('*/30 * * * *', 'America/New_York', '2026-11-01 04:45+00', 5);
-- Day-of-month OR day-of-week when both are given (Vixie cron); macros.
SELECT * FROM partman_ext.schedule_next_runs('0 0 1 * mon', after => '2026-06-01 00:00+00', count => 3);
SELECT * FROM partman_ext.schedule_next_runs('@monthly', count => 2);
-- Intervals: day parts keep the wall clock in the zone, hours are real time.
SELECT * FROM partman_ext.schedule_next_runs('1 day', 'Europe/London', '2026-03-28 02:00+00', 2);
SELECT * FROM partman_ext.schedule_next_runs('24 hours', 'Europe/London', '2026-03-28 02:00+00', 2);

-- Bad schedules: 22023 with what is wrong and how to write it.
SELECT * FROM partman_ext.schedule_next_runs('0 25 * * *');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.schedule_next_runs('0 0 30 2 *');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.schedule_next_runs('every day at 3');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.schedule_next_runs('0 3 * * *', 'Mars/Olympus');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.schedule_next_runs('0 3 * * *', count => 0);
\echo :LAST_ERROR_SQLSTATE

-- add_job with a cron schedule: next_run is its first time after now (the test clock).
SELECT job_id AS cron_job, kind, schedule, time_zone, schedule_interval, next_run, next_regular_run
FROM partman_ext.add_job('sampling', schedule => '*/2 * * * *') \gset
SELECT kind, schedule, time_zone, schedule_interval, next_run, next_regular_run, scheduler_status
FROM partman_ext.jobs WHERE job_id = :cron_job;
SELECT partman_ext.job_next_run(:cron_job) AS after_now,
       partman_ext.job_next_run(:cron_job, '2026-06-15 12:02:00+00') AS after_first,
       partman_ext.job_next_run(:cron_job, '2026-06-15 12:03:10+00') AS after_odd_minute;
-- A new schedule and time zone recompute next_run (03:00 New York = 07:00 UTC in June).
SELECT schedule, time_zone, next_run FROM partman_ext.alter_job(:cron_job, schedule => '0 3 * * *', time_zone => 'America/New_York');
-- An explicit next_run is kept until that time; then the schedule goes on from it.
SELECT next_run FROM partman_ext.alter_job(:cron_job, next_run => '2026-07-01 00:00+00');
SELECT partman_ext.job_next_run(:cron_job) AS kept,
       partman_ext.job_next_run(:cron_job, '2026-07-01 00:00+00') AS then_schedule;
-- An interval given as schedule text.
SELECT schedule, schedule_interval FROM partman_ext.alter_job(:cron_job, schedule => '15 minutes');
-- run_job asks for an extra run now; the regular schedule stays as it is.
SELECT next_run, next_regular_run FROM partman_ext.alter_job(:cron_job, next_run => '2026-06-15 13:00+00');
SELECT next_run = partman_ext.clock() AS due_now, next_regular_run FROM partman_ext.run_job(:cron_job);

-- Interval schedules step from their anchor, never from when a run started: no drift.
SELECT job_id AS iv_job FROM partman_ext.add_job('health', schedule_interval => '1 hour',
                                                 next_run => '2026-06-15 12:00:00+00') \gset
SELECT partman_ext.job_next_run(:iv_job, '2026-06-15 11:00+00') AS before_anchor,
       partman_ext.job_next_run(:iv_job, '2026-06-15 14:37:12+00') AS hours_later,
       partman_ext.job_next_run(:iv_job, '2026-06-15 15:00:00+00') AS on_the_hour;
SELECT job_id AS month_job FROM partman_ext.add_job('health', schedule_interval => '1 month', time_zone => 'Europe/London',
                                                    next_run => '2026-01-15 03:00:00+00') \gset
SELECT partman_ext.job_next_run(:month_job, '2026-06-20 00:00+00') AS monthly_in_summer;

-- Both a schedule and another schedule_interval: refused.
SELECT * FROM partman_ext.add_job('sampling', schedule_interval => '2 hours', schedule => '0 * * * *');
\echo :LAST_ERROR_SQLSTATE
-- Intervals that can never work (issue 9 item 4): rejected with 22023 and a HINT, nothing changed.
SELECT * FROM partman_ext.add_job('sampling', schedule_interval => '178000000 years');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('sampling', schedule_interval => '2562047788 hours');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('sampling', max_runtime => '178000000 years');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('sampling', retry_backoff => '178000000 years');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('sampling', schedule_interval => '1 month -40 days');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('sampling', time_zone => 'Nowhere/Special');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.alter_job(:iv_job, schedule_interval => '178000000 years');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.alter_job(:iv_job, retry_backoff => '2562047788 hours');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.alter_job(:iv_job, schedule => '61 * * * *');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.job_next_run(12345);
\echo :LAST_ERROR_SQLSTATE
SELECT schedule_interval, max_runtime, retry_backoff, time_zone FROM partman_ext.jobs WHERE job_id = :iv_job;
-- The longest accepted: 100 years.
SELECT schedule_interval FROM partman_ext.alter_job(:iv_job, schedule_interval => '100 years');

-- Every job is dumped (built-in ones with the user's changes); restore replaces the fresh rows.
SELECT c.relname, e.cond
FROM pg_extension x, unnest(x.extconfig, x.extcondition) e(oid, cond) JOIN pg_class c ON c.oid = e.oid
WHERE x.extname = 'partman_ext' AND c.relname LIKE 'job%' ORDER BY 1;
BEGIN;
INSERT INTO partman_ext.job (job_id, kind, schedule, time_zone, builtin, max_retries)
VALUES (1, 'maintenance', '0 3 * * *', 'Europe/London', true, 7);
SELECT job_id, kind, schedule, time_zone, schedule_interval, max_retries FROM partman_ext.job WHERE job_id = 1;
ROLLBACK;

-- A set that failed inside a run of the maintenance job of every set is that set's alert; the
-- job succeeded (the other sets were maintained) and no alert speaks of every set.
CREATE TABLE ss_good (id int, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE ss_bad (id int, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT count(*) FROM partman_ext.register_partition_set('ss_good', 'at', '1 month', premake => 1);
SELECT count(*) FROM partman_ext.register_partition_set('ss_bad', 'at', '1 month', premake => 1);
INSERT INTO partman_ext.job_run (job_id, kind, parent_table, started_at, finished_at, status, message, items_done, details, reason)
VALUES (1, 'maintenance', NULL, '2026-06-15 11:00+00', '2026-06-15 11:00:05+00', 'succeeded',
        '2 sets: 1 created; 1 set failed (1 step(s)), first: public.ss_bad: 42501: permission denied for schema public', 1,
        jsonb_build_array(
          jsonb_build_object('set', 'public.ss_good', 'set_oid', 'ss_good'::regclass::oid::text, 'partition', 'public.ss_good_p2026_07',
                             'action', 'created', 'rows_moved', '0'),
          jsonb_build_object('set', 'public.ss_bad', 'set_oid', 'ss_bad'::regclass::oid::text, 'partition', 'public.ss_bad_p2026_07',
                             'action', 'failed', 'sqlstate', '42501', 'message', '42501: permission denied for schema public')),
        'schedule');
SELECT severity, code, parent_table, partition_name, message
FROM partman_ext.check_partition_health() WHERE code LIKE '%JOB%' OR code LIKE 'SET_%';
SELECT parent_table, EXISTS (SELECT 1 FROM unnest(alerts) a WHERE a LIKE 'critical: maintenance of%') AS alerted
FROM partman_ext.partition_health_summary WHERE parent_table::text LIKE 'ss_%' ORDER BY parent_table::text;
-- A job of every set failing as a whole is a warning, not a critical alert about every set.
UPDATE partman_ext.job_run SET status = 'cancelled', sqlstate = '57014', message = 'exceeded max_runtime'
WHERE job_id = 1 AND started_at = '2026-06-15 11:00+00';
SELECT severity, code, parent_table, message FROM partman_ext.check_partition_health() WHERE code LIKE '%JOB%';

-- Clean up.
DELETE FROM partman_ext.job_run WHERE job_id = 1 AND started_at = '2026-06-15 11:00+00';
SELECT count(*) FROM partman_ext.unregister_partition_set('ss_good');
SELECT count(*) FROM partman_ext.unregister_partition_set('ss_bad');
DROP TABLE ss_good, ss_bad;
DELETE FROM partman_ext.job WHERE NOT builtin;
SELECT setval('partman_ext.job_job_id_seq', :job_seq) = :job_seq AS job_ids_reset;
