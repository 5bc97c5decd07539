-- The scheduler (the coordinator's background worker, on the same test clock) maintains a
-- distributed set by itself: a maintenance job creates the partitions premake asks for and moves
-- the rows waiting in the default partition; the sampling job reads the shards' write counters;
-- the health job raises the alert for rows in the default partition. Waits are liveness waits.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE SCHEMA sch;
SET search_path = sch, public, partman_ext;  -- WHERE parent_table = 'x' resolves the name (regclass = text)
CREATE TABLE ev (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT create_distributed_table('ev', 'id');
-- registration creates 2026-06, 2026-07 (premake 1) and the default partition
SELECT parent_table, default_partition, created_partitions FROM partman_ext.register_partition_set('ev', 'at', '1 month', premake => 1);
-- rows for 2026-08 (beyond premake 1) and 2027-01 (far ahead) wait in the default partition
INSERT INTO ev SELECT g, timestamptz '2026-08-01' + g * interval '1 hour' FROM generate_series(1, 240) g;
INSERT INTO ev SELECT g, timestamptz '2027-01-05' + g * interval '1 hour' FROM generate_series(241, 250) g;
SELECT (SELECT count(*) FROM ONLY ev_default) AS in_default, (SELECT count(*) FROM ev) AS ev_rows;
SELECT premake FROM partman_ext.update_partition_set('ev', premake => 3);

SET citus.enable_ddl_propagation = off;  -- a session-local helper: Citus need not create it on the worker
CREATE FUNCTION pg_temp.wait_for_run(job bigint, after bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text;
BEGIN
    FOR i IN 1..240 LOOP
        SELECT r.status INTO st FROM partman_ext.job_runs r
         WHERE r.job_id = job AND r.run_id > after AND r.status <> 'running' ORDER BY r.run_id LIMIT 1;
        IF st IS NOT NULL THEN RETURN st; END IF;
        PERFORM pg_sleep(0.5);
    END LOOP;
    RETURN 'no run within 120 s';
END $$;
RESET citus.enable_ddl_propagation;
SELECT coalesce(max(run_id), 0) AS before FROM partman_ext.job_runs \gset
-- a maintenance job for this set, due now (on the scheduler's clock): the scheduler runs it
SELECT job_id AS job, kind, parent_table, enabled
  FROM partman_ext.add_job('maintenance', 'ev', '1 hour', next_run => partman_ext.clock()) \gset
SELECT pg_temp.wait_for_run(:job, :before) AS maintenance_run;
SELECT status, sqlstate, items_done > 0 AS did_work FROM partman_ext.job_runs
 WHERE job_id = :job AND run_id > :before AND status <> 'running' ORDER BY run_id LIMIT 1;
SELECT partition_name, lower_bound
  FROM partman_ext.list_partitions('ev') WHERE NOT is_default ORDER BY lower_bound::timestamptz;
SELECT (SELECT count(*) FROM ONLY ev_default) AS in_default, (SELECT count(*) FROM ev_p2026_08) AS in_2026_08,
       (SELECT count(*) FROM ev) AS ev_rows;
SELECT count(*) AS distributed_partitions FROM pg_inherits i JOIN pg_dist_partition d ON d.logicalrelid = i.inhrelid::regclass
 WHERE i.inhparent = 'ev'::regclass;
SELECT operation, partition_name, success, rows_moved, run_by FROM partman_ext.maintenance_log
 WHERE parent_table = 'sch.ev' AND operation = 'create_partition' AND rows_moved > 0;
SELECT count(*) AS removed FROM partman_ext.remove_job(:job);

-- the sampling job: samples of the shards' counters, taken by the scheduler (once the worker's
-- statistics show the 240 rows the move wrote into the shards of 2026-08: a liveness wait)
SELECT count(*) AS samples_before FROM partman_ext.partition_activity_samples WHERE parent_relid = 'ev'::regclass;
DO $$
BEGIN
    FOR i IN 1..120 LOOP
        EXIT WHEN (SELECT inserts FROM partman_ext.partition_stats WHERE partition_name = 'sch.ev_p2026_08') >= 240;
        PERFORM pg_sleep(0.5);
    END LOOP;
END $$;
SELECT coalesce(max(run_id), 0) AS before FROM partman_ext.job_runs \gset
SELECT kind, enabled FROM partman_ext.alter_job(3, next_run => partman_ext.clock(), enabled => true);
SELECT pg_temp.wait_for_run(3, :before) AS sampling_run;
SELECT kind, enabled FROM partman_ext.pause_job(3);
SELECT count(DISTINCT partition_relid) AS partitions_sampled,
       max(n_tup_ins) FILTER (WHERE partition_relid = 'ev_p2026_08'::regclass) AS inserts_2026_08
  FROM partman_ext.partition_activity_samples WHERE parent_relid = 'ev'::regclass;

-- the health job: the 10 rows of 2027-01 in the default partition raise an alert
ANALYZE ev;
SELECT coalesce(max(run_id), 0) AS before FROM partman_ext.job_runs \gset
SELECT kind, enabled FROM partman_ext.alter_job(2, next_run => partman_ext.clock(), enabled => true);
SELECT pg_temp.wait_for_run(2, :before) AS health_run;
SELECT kind, enabled FROM partman_ext.pause_job(2);
SELECT state, severity, code, partition_name, message FROM partman_ext.alerts
 WHERE parent_table = 'sch.ev' AND code = 'ROWS_IN_DEFAULT';
SELECT count(*) AS enabled_jobs FROM partman_ext.jobs WHERE enabled;
