-- Scheduler job API (no scheduler runs in this database): add/alter/pause/resume/remove/run jobs,
-- validation with SQLSTATE/DETAIL/HINT, privileges, vacuum_partitions queuing, analyze_partitions,
-- the default jobs and the trigger that makes a newly registered set's maintenance due.
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = notice;
SET TimeZone = 'UTC';
\set VERBOSITY default

-- The default jobs created with the extension.
SELECT job_id, kind, parent_table, schedule_interval, enabled, max_runtime, max_retries, retry_backoff, builtin
FROM partman_ext.jobs ORDER BY job_id;

CREATE TABLE wa_ev (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE wa_ev_p1 PARTITION OF wa_ev FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE wa_ev_p2 PARTITION OF wa_ev FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
INSERT INTO wa_ev SELECT g, '2024-01-01'::timestamptz + g * interval '1 hour' FROM generate_series(0, 999) g;
CREATE TABLE wa_plain (id int);

-- Registering a set makes the maintenance job due now (it was scheduled an hour ahead).
SELECT 1 FROM partman_ext.alter_job(1, next_run => now() + interval '1 hour');
SELECT next_run > now() AS later FROM partman_ext.jobs WHERE job_id = 1;
SET partman_ext.mock_now = '2024-02-15 00:00:00+00';  -- registration creates 2024-03 (premake 1)
SELECT 1 FROM partman_ext.register_partition_set('wa_ev', 'at', '1 month', premake => 1);
RESET partman_ext.mock_now;
SELECT next_run <= now() AS due_now FROM partman_ext.jobs WHERE job_id = 1;

-- add_job: per-set jobs and their validation.
SELECT job_id, kind, parent_table, schedule_interval, enabled, max_runtime, max_retries, retry_backoff, options, created_by = current_user AS mine
FROM partman_ext.add_job('analyze', 'wa_ev', '1 day', max_retries => 5, retry_backoff => '30 seconds');
SELECT * FROM partman_ext.add_job('nonsense');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('health', 'wa_ev');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('maintenance', 'wa_plain');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('maintenance', 'wa_ev', '-1 hour');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('maintenance', 'wa_ev', max_retries => -1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('maintenance', 'wa_ev', options => '[1]');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS jobs_after_errors FROM partman_ext.jobs;

-- alter_job, pause_job, resume_job, run_job, remove_job.
SELECT job_id, schedule_interval, max_runtime, enabled FROM partman_ext.alter_job(4, schedule_interval => '12 hours', max_runtime => '5 minutes');
SELECT job_id, enabled FROM partman_ext.pause_job(4);
SELECT * FROM partman_ext.run_job(4);
\echo :LAST_ERROR_SQLSTATE
SELECT job_id, enabled FROM partman_ext.resume_job(4);
SELECT 1 FROM partman_ext.alter_job(4, next_run => now() + interval '1 day');
SELECT job_id, next_run <= now() AS due_now FROM partman_ext.run_job(4);
SELECT * FROM partman_ext.alter_job(999);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.alter_job(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT job_id, kind FROM partman_ext.remove_job(4);
SELECT count(*) FROM partman_ext.jobs WHERE job_id = 4;

-- vacuum_partitions queues a one-off job (schedule_interval NULL) for the scheduler.
SELECT partman_ext.vacuum_partitions('wa_ev', true) AS vacuum_job \gset
SELECT kind, parent_table, schedule_interval, options, next_run <= now() AS due_now
FROM partman_ext.jobs WHERE job_id = :vacuum_job;
SELECT partman_ext.vacuum_partitions('wa_plain');
\echo :LAST_ERROR_SQLSTATE

-- analyze_partitions runs ANALYZE now and reports the catalog estimates before and after.
SELECT parent_table, partition_name, est_rows_before, est_rows, action, message
FROM partman_ext.analyze_partitions('wa_ev') ORDER BY partition_name::text;
SELECT * FROM partman_ext.analyze_partitions('wa_plain');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.analyze_partitions(NULL);
\echo :LAST_ERROR_SQLSTATE

-- Privileges: only the parent's owner (or partman_ext_admin) manages its jobs; cluster-wide jobs
-- need partman_ext_admin; the tables are read-only for everybody else.
CREATE ROLE wa_user;
SET ROLE wa_user;
SELECT * FROM partman_ext.add_job('analyze', 'wa_ev');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.add_job('health', NULL, '1 hour');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.run_job(1);
\echo :LAST_ERROR_SQLSTATE
SELECT partman_ext.vacuum_partitions('wa_ev');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.analyze_partitions('wa_ev');
\echo :LAST_ERROR_SQLSTATE
DELETE FROM partman_ext.job;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) > 0 AS can_read FROM partman_ext.jobs;
RESET ROLE;
GRANT partman_ext_admin TO wa_user;
SET ROLE wa_user;
SELECT kind, parent_table FROM partman_ext.add_job('sampling', NULL, '1 minute');
RESET ROLE;
REVOKE partman_ext_admin FROM wa_user;

-- History and alert views exist with the documented columns.
SELECT attname FROM pg_attribute WHERE attrelid = 'partman_ext.job_runs'::regclass AND attnum > 0 ORDER BY attnum;
SELECT attname FROM pg_attribute WHERE attrelid = 'partman_ext.alerts'::regclass AND attnum > 0 ORDER BY attnum;

-- Clean up.
DELETE FROM partman_ext.job WHERE NOT builtin;
SELECT 1 FROM partman_ext.unregister_partition_set('wa_ev');
DROP TABLE wa_ev, wa_plain;
DROP ROLE wa_user;
