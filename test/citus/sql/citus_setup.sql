-- The two-node cluster test/citus/cluster.sh started: a coordinator without shards and one worker.
-- partman_ext is created on the coordinator (Citus creates it on the worker too); the default
-- jobs are paused so that the scheduler touches nothing until citus_scheduler asks it to.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SELECT groupid, noderole, shouldhaveshards FROM pg_dist_node ORDER BY groupid;
SELECT extversion FROM pg_extension WHERE extname = 'citus';
CREATE EXTENSION partman_ext;
SELECT result FROM run_command_on_workers($$SELECT extversion FROM pg_extension WHERE extname = 'partman_ext'$$);
SELECT kind, enabled FROM partman_ext.pause_job(1) UNION ALL SELECT kind, enabled FROM partman_ext.pause_job(2)
UNION ALL SELECT kind, enabled FROM partman_ext.pause_job(3);
SELECT count(*) AS enabled_jobs FROM partman_ext.jobs WHERE enabled;
-- the tests' clock (set in the coordinator's configuration, the scheduler reads it too)
SELECT partman_ext.clock();
-- count(*) of a table named at run time, for the tests
CREATE FUNCTION public.rows_of(rel regclass) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s', rel) INTO n;
    RETURN n;
END $$;
