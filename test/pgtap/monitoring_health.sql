-- pgTAP: health alerts from failing scheduler jobs, result shapes the worker and users rely on,
-- and who may read / write the monitoring objects.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS partman_ext;
BEGIN;
SET LOCAL partman_ext.mock_now = '2026-06-15 12:00:00+00';  -- the test clock
SELECT plan(19);

CREATE SCHEMA tap_mon;
CREATE TABLE tap_mon.t (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT format('CREATE TABLE tap_mon.t_%s PARTITION OF tap_mon.t FOR VALUES FROM (%L) TO (%L)', k + 1,
              date_trunc('month', partman_ext.clock()) + k * interval '1 month', date_trunc('month', partman_ext.clock()) + (k + 1) * interval '1 month')
  FROM generate_series(0, 4) k \gexec
SELECT lives_ok($$SELECT * FROM partman_ext.register_partition_set('tap_mon.t', 'ts', '1 month', premake => 4)$$,
                'a monthly set with the current month and 4 ahead');

-- Shapes.
SELECT is(pg_get_function_result('partman_ext.check_partition_health(regclass)'::regprocedure),
          'TABLE(severity text, code text, parent_table regclass, partition_name regclass, message text, recommendation text)',
          'check_partition_health returns severity, code, parent_table, partition_name, message, recommendation');
SELECT columns_are('partman_ext', 'partition_hot_spots',
    ARRAY['parent_table', 'partition_name', 'writes_hour', 'writes_day', 'writes_week', 'hour_percentage',
          'day_percentage', 'week_percentage', 'expected_percentage', 'is_default', 'first_sampled_at', 'last_sampled_at'],
    'partition_hot_spots columns');
SELECT is(ARRAY(SELECT attname::text FROM pg_attribute WHERE attrelid = 'partman_ext.v_partition_sizes'::regclass AND attnum BETWEEN 1 AND 5 ORDER BY attnum),
                  ARRAY['partition_name', 'start_date', 'end_date', 'row_count', 'size_mb'],
                  'v_partition_sizes starts with partition_name, start_date, end_date, row_count, size_mb');
SELECT has_column('partman_ext', 'partition_health_summary', col, 'partition_health_summary.' || col)
  FROM unnest(ARRAY['status', 'alerts', 'future_coverage', 'partitions_pending_cleanup', 'rows_in_default']) col;
SELECT is((SELECT status FROM partman_ext.partition_health_summary WHERE parent_table = 'tap_mon.t'::regclass), 'HEALTHY',
          'a set covered through premake is HEALTHY');

-- Jobs: the scheduler's history (its job_run table when installed, a stand-in otherwise).
DO $$
DECLARE
    target text := coalesce(to_regclass('partman_ext.job_run')::text, 'partman_ext.job_runs');
BEGIN
    IF to_regclass('partman_ext.job_runs') IS NULL THEN
        CREATE TABLE partman_ext.job_runs (job_id bigint, kind text, parent_table text, started_at timestamptz,
                                           finished_at timestamptz, status text, sqlstate text, message text);
        GRANT SELECT ON partman_ext.job_runs TO PUBLIC;
    END IF;
    EXECUTE format($i$INSERT INTO %s (job_id, kind, parent_table, started_at, finished_at, status, sqlstate, message) VALUES
        (900001, 'maintenance', 'tap_mon.t', partman_ext.clock() - interval '3 hours', partman_ext.clock() - interval '3 hours', 'succeeded', NULL, NULL),
        (900001, 'maintenance', 'tap_mon.t', partman_ext.clock() - interval '2 hours', partman_ext.clock() - interval '2 hours', 'failed', '55P03', 'lock timeout'),
        (900001, 'maintenance', 'tap_mon.t', partman_ext.clock() - interval '1 hour', partman_ext.clock() - interval '1 hour', 'failed', '42501', 'permission denied'),
        (900002, 'sampling', NULL, partman_ext.clock() - interval '2 hours', partman_ext.clock() - interval '2 hours', 'failed', '57014', 'canceled'),
        (900002, 'sampling', NULL, partman_ext.clock() - interval '1 hour', partman_ext.clock() - interval '1 hour', 'succeeded', NULL, NULL),
        (900003, 'analyze', NULL, partman_ext.clock() - interval '1 hour', partman_ext.clock() - interval '1 hour', 'cancelled', NULL, 'max_runtime exceeded')
    $i$, target);
END
$$;

SELECT results_eq(
    $$SELECT severity, code, parent_table FROM partman_ext.check_partition_health('tap_mon.t')
       WHERE message LIKE '% job 90000%' ORDER BY code$$,
    $$VALUES ('warning', 'JOB_FAILING', NULL::regclass), ('critical', 'MAINTENANCE_JOB_FAILING', 'tap_mon.t'::regclass)$$,
    'the failing maintenance job of the set is critical; a cancelled job of every set is a warning; a job that recovered is not reported');
SELECT matches((SELECT message FROM partman_ext.check_partition_health('tap_mon.t') WHERE message LIKE '% job 900001%'),
               '2 run\(s\) in a row failed.*\[42501\] permission denied',
               'the message counts the failures since the last success and gives the last SQLSTATE and error');
SELECT is((SELECT status FROM partman_ext.partition_health_summary WHERE parent_table = 'tap_mon.t'::regclass), 'CRITICAL',
          'the set''s summary turns CRITICAL');
SELECT ok((SELECT bool_or(a LIKE 'critical: maintenance job 900001%') FROM partman_ext.partition_health_summary s, unnest(s.alerts) a
            WHERE s.parent_table = 'tap_mon.t'::regclass), 'the summary lists the alert text');
SELECT is((SELECT count(*)::int FROM partman_ext.check_partition_health(NULL) WHERE message LIKE '% job 900003%'), 1,
          'check_partition_health(NULL) reports a job of every set once');

-- Privileges: everybody reads the views; only admins write samples.
CREATE ROLE tap_mon_reader;
GRANT USAGE ON SCHEMA tap_mon TO tap_mon_reader;  -- but no privilege on its tables
SET LOCAL ROLE tap_mon_reader;
SELECT lives_ok($$SELECT (SELECT count(*) FROM partman_ext.partition_stats) + (SELECT count(*) FROM partman_ext.partition_size_distribution)
                  + (SELECT count(*) FROM partman_ext.partition_chunk_distribution) + (SELECT count(*) FROM partman_ext.partition_metadata)
                  + (SELECT count(*) FROM partman_ext.v_partition_sizes) + (SELECT count(*) FROM partman_ext.partition_health)
                  + (SELECT count(*) FROM partman_ext.partition_health_summary) + (SELECT count(*) FROM partman_ext.partition_hot_spots)$$,
                'a role without privileges reads every monitoring view');
SELECT lives_ok($$SELECT partman_ext.partition_report('json')$$, 'and the report');
SELECT throws_ok($$SELECT * FROM partman_ext.sample_partition_activity()$$, '42501', NULL,
                 'but may not write activity samples');
RESET ROLE;
SELECT lives_ok($$SELECT * FROM partman_ext.sample_partition_activity()$$, 'a superuser samples activity');

SELECT * FROM finish();
ROLLBACK;
