-- partman_ext 0.1.0 -> 0.2.0. Every change to SQL objects between the two releases, in the order
-- they were made; sets, jobs, log rows and alerts are kept. test/shell/upgrade.sh proves that the
-- result equals a fresh 0.2.0 install (docs/releasing.md).
\echo Use "ALTER EXTENSION partman_ext UPDATE TO '0.2.0'" to load this file. \quit

-- The product's clock (partman_ext.mock_now for tests); every "now" reads it.
CREATE FUNCTION @extschema@.clock()
RETURNS timestamptz LANGUAGE c STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'partman_clock';
COMMENT ON FUNCTION @extschema@.clock() IS
'partman_ext: the instant partman_ext takes as "now": the value of partman_ext.mock_now when a superuser has set it (tests), else now() (the start of the current transaction).';
ALTER TABLE @extschema@.job ALTER COLUMN next_run SET DEFAULT @extschema@.clock();

-- Issue 8 items 5-7, issue 9 items 4, 7, 8 (scheduler): a scheduler for every database with the
-- extension, cron schedules in a time zone, next runs from the schedule, retries apart from the
-- regular schedule, bounded intervals, built-in jobs dumped, per-set failure alerts.
DO $$
BEGIN
    -- 0.1.0 created the role when it was missing: mark it so that DROP EXTENSION may drop it.
    IF pg_catalog.shobj_description((SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'partman_ext_admin'), 'pg_authid') IS NULL THEN
        COMMENT ON ROLE partman_ext_admin IS
            'partman_ext: created by CREATE EXTENSION partman_ext; members may register, change and maintain every partition set. Dropped with the extension''s last installation unless it has members.';
    END IF;
END
$$;
DO $$
BEGIN
    IF pg_catalog.obj_description('@extschema@'::regnamespace, 'pg_namespace') IS NULL THEN
        COMMENT ON SCHEMA @extschema@ IS
            'partman_ext: the schema of the extension partman_ext; DROP EXTENSION drops it when nothing else is in it.';
    END IF;
END
$$;
ALTER TABLE @extschema@.job ADD COLUMN schedule text CHECK (schedule IS NULL OR schedule_interval IS NULL);
ALTER TABLE @extschema@.job ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE @extschema@.job ADD COLUMN retry_at timestamptz;
COMMENT ON TABLE @extschema@.job IS
'partman_ext: scheduled jobs (kind, partition set or all, schedule (cron or interval) in a time zone, next regular run, retry, enabled, max runtime, retries, backoff). Change it with add_job/alter_job/pause_job/resume_job/remove_job/run_job; read it through the view partman_ext.jobs.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.job', '');
ALTER TABLE @extschema@.job_run ADD COLUMN reason text CHECK (reason IN ('schedule', 'requested', 'retry'));
CREATE FUNCTION @extschema@._job_restore_builtin() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- A dumped built-in job arriving in a database where CREATE EXTENSION made it afresh:
    -- the dumped row (with the user's changes) replaces the fresh one.
    DELETE FROM @extschema@.job j WHERE j.job_id = NEW.job_id AND j.builtin;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@._job_restore_builtin() IS
'partman_ext internal: on restore (pg_restore of a dump), a built-in job''s dumped row replaces the one CREATE EXTENSION created, so changes to built-in jobs survive pg_dump/pg_restore.';
REVOKE ALL ON FUNCTION @extschema@._job_restore_builtin() FROM PUBLIC;
CREATE TRIGGER job_restore_builtin BEFORE INSERT ON @extschema@.job
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@._job_restore_builtin();

CREATE FUNCTION @extschema@.scheduler_status() RETURNS text
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'partman_scheduler_status';
COMMENT ON FUNCTION @extschema@.scheduler_status() IS
'partman_ext: whether a scheduler serves this database: running, starting, paused: <why> (partman_ext.pause_scheduler), or not running: <why> (library not preloaded, partman_ext.enabled off, not in partman_ext.databases, no free background worker, ...).';

CREATE OR REPLACE VIEW @extschema@.jobs AS
SELECT j.job_id, j.kind, j.parent_table, j.schedule_interval,
       nullif(least(j.next_run, j.retry_at, CASE WHEN j.requested THEN @extschema@.clock() END), 'infinity') AS next_run,
       j.enabled, j.max_runtime, j.max_retries, j.retry_backoff, j.options, j.consecutive_failures,
       r.started_at AS last_started_at, r.finished_at AS last_finished_at, r.status AS last_status,
       r.sqlstate AS last_sqlstate, r.message AS last_message, j.builtin, j.created_by,
       j.schedule, j.time_zone, nullif(j.next_run, 'infinity') AS next_regular_run,
       s.status AS scheduler_status
FROM @extschema@.job j
CROSS JOIN (SELECT @extschema@.scheduler_status() AS status) s
LEFT JOIN LATERAL (SELECT * FROM @extschema@.job_run r WHERE r.job_id = j.job_id ORDER BY r.run_id DESC LIMIT 1) r ON true;
COMMENT ON VIEW @extschema@.jobs IS
'partman_ext: every scheduled job with its schedule (interval or cron in time_zone), when it runs next (next_run: the regular run, a retry or a requested run, whichever is first; next_regular_run: the schedule''s), retry settings, its last run (status running while it runs), and whether a scheduler serves this database (scheduler_status).';

CREATE OR REPLACE VIEW @extschema@.job_runs AS
SELECT run_id, job_id, kind, parent_table, started_at, finished_at, finished_at - started_at AS duration,
       status, sqlstate, message, items_done, attempt, details, reason
FROM @extschema@.job_run;
COMMENT ON VIEW @extschema@.job_runs IS
'partman_ext: job-run history: job, kind, start, end, duration, status (running, succeeded, failed, cancelled, skipped), SQLSTATE, message, items done (every action taken: partitions created, created with rows moved, dropped, detached, archived, analyzed, vacuumed; alerts sent), attempt, per-set details (each action and each set''s failure with its SQLSTATE), reason (schedule, requested, retry).';

DROP FUNCTION @extschema@.add_job(text, regclass, interval, timestamptz, interval, integer, interval, jsonb, boolean);
CREATE FUNCTION @extschema@.add_job(
    kind text,
    parent regclass DEFAULT NULL,
    schedule_interval interval DEFAULT '1 hour',
    next_run timestamptz DEFAULT NULL,
    max_runtime interval DEFAULT NULL,
    max_retries integer DEFAULT NULL,
    retry_backoff interval DEFAULT NULL,
    options jsonb DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    schedule text DEFAULT NULL,
    time_zone text DEFAULT NULL)
RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_add_job';
COMMENT ON FUNCTION @extschema@.add_job(text, regclass, interval, timestamptz, interval, integer, interval, jsonb, boolean, text, text) IS
'partman_ext: adds a job (kind maintenance/analyze/vacuum for one set or all; health; sampling). schedule: five-field cron (''0 3 * * *'') or an interval text, read in time_zone (default UTC); else schedule_interval (default 1 hour; NULL runs it once). Defaults: next_run the schedule''s first time (now for intervals), max_runtime 1 hour, 3 retries, backoff 1 minute (doubling). Intervals must be positive and at most 100 years (22023). Warns when no scheduler serves the database. Returns the job.';

DROP FUNCTION @extschema@.alter_job(bigint, interval, timestamptz, boolean, interval, integer, interval, jsonb);
CREATE FUNCTION @extschema@.alter_job(
    job_id bigint,
    schedule_interval interval DEFAULT NULL,
    next_run timestamptz DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    max_runtime interval DEFAULT NULL,
    max_retries integer DEFAULT NULL,
    retry_backoff interval DEFAULT NULL,
    options jsonb DEFAULT NULL,
    schedule text DEFAULT NULL,
    time_zone text DEFAULT NULL)
RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_alter_job';
COMMENT ON FUNCTION @extschema@.alter_job(bigint, interval, timestamptz, boolean, interval, integer, interval, jsonb, text, text) IS
'partman_ext: changes a job''s settings (NULL leaves one unchanged). A new schedule (cron or interval) or time zone recomputes next_run unless next_run is given; an explicit next_run is kept until that time. Enabling a job resets its failure count. Returns the job.';

CREATE FUNCTION @extschema@.job_next_run(job_id bigint, after timestamptz DEFAULT NULL)
RETURNS timestamptz
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_job_next_run';
COMMENT ON FUNCTION @extschema@.job_next_run(bigint, timestamptz) IS
'partman_ext: the first regular run of a job strictly after `after` (default partman_ext.clock()): its next_run when that lies later, else the next time its schedule fires (cron in its time zone, or next_run + k * schedule_interval). Retries and run_job() requests are not regular runs. NULL for a one-off job that has run.';

CREATE FUNCTION @extschema@.schedule_next_runs(schedule text, time_zone text DEFAULT 'UTC',
                                                after timestamptz DEFAULT NULL, count integer DEFAULT 5)
RETURNS SETOF timestamptz
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_schedule_next_runs';
COMMENT ON FUNCTION @extschema@.schedule_next_runs(text, text, timestamptz, integer) IS
'partman_ext: the next `count` (1..1000) times a cron schedule (or an interval text, stepping from `after`) fires after `after` (default partman_ext.clock()) in time_zone: to try a schedule before giving it to add_job/alter_job.';

CREATE OR REPLACE FUNCTION @extschema@._part_config_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- requested: runs at the next tick, and again after a run that is going on now (which may have
    -- listed the sets before this one committed). The regular schedule (next_run) is unchanged.
    UPDATE @extschema@.job j SET requested = true
    WHERE j.kind = 'maintenance' AND j.enabled
      AND (j.parent_table IS NULL OR j.parent_table = NEW.parent_table);
    PERFORM @extschema@._wake_scheduler();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@._part_config_changed() IS
'partman_ext internal: trigger on part_config making maintenance due now for a registered or changed set.';

CREATE FUNCTION @extschema@._extension_installed() RETURNS boolean
LANGUAGE c AS 'MODULE_PATHNAME', 'partman_extension_installed';
COMMENT ON FUNCTION @extschema@._extension_installed() IS
'partman_ext internal: called by the install and upgrade scripts; at commit asks the launcher to serve this database, and warns now when no scheduler will. Returns whether one will.';
REVOKE ALL ON FUNCTION @extschema@._extension_installed() FROM PUBLIC;

CREATE FUNCTION @extschema@._job_alerts(parent regclass)
RETURNS TABLE (severity text, code text, parent_table text, partition_name text, message text,
               recommendation text, parent_relid oid)
LANGUAGE sql STABLE AS $$
    WITH runs AS (
        SELECT r.job_id, r.kind, r.started_at, r.status, r.sqlstate, r.message, r.details,
               to_regclass(r.parent_table)::oid AS set_oid, r.parent_table IS NULL AS every_set,
               row_number() OVER (PARTITION BY r.job_id ORDER BY r.run_id DESC) AS rn
          FROM @extschema@.job_run r
         WHERE r.status IN ('succeeded', 'failed', 'cancelled')
    ), last AS (
        SELECT r.*, (SELECT count(*) FROM runs f
                      WHERE f.job_id = r.job_id AND f.status <> 'succeeded'
                        AND f.rn < coalesce((SELECT min(ok.rn) FROM runs ok
                                              WHERE ok.job_id = r.job_id AND ok.status = 'succeeded'), 2147483647)) AS failures
          FROM runs r WHERE r.rn = 1
    ), set_failures AS (
        SELECT DISTINCT ON (d->>'set_oid')
               l.job_id, l.started_at, (d->>'set_oid')::oid AS set_oid, d->>'partition' AS partition_name,
               d->>'sqlstate' AS sqlstate, d->>'message' AS message
          FROM last l, jsonb_array_elements(l.details) d
         WHERE l.kind = 'maintenance' AND l.every_set AND l.status = 'succeeded'
           AND d->>'action' = 'failed' AND d ? 'set_oid'
         ORDER BY d->>'set_oid', l.started_at DESC
    )
    SELECT CASE WHEN l.kind = 'maintenance' AND NOT l.every_set THEN 'critical' ELSE 'warning' END,
           CASE WHEN l.kind = 'maintenance' THEN 'MAINTENANCE_JOB_FAILING' ELSE 'JOB_FAILING' END,
           CASE WHEN l.set_oid IS NOT NULL THEN format('%I.%I', n.nspname, c.relname) END, NULL::text,
           format('%s job %s%s: %s run(s) in a row %s, the last at %s: %s%s', l.kind, l.job_id,
                  CASE WHEN l.set_oid IS NOT NULL THEN ' of ' || format('%I.%I', n.nspname, c.relname) ELSE '' END,
                  l.failures, l.status, to_char(l.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                  coalesce('[' || l.sqlstate || '] ', ''), coalesce(l.message, 'no message')),
           'Read the error in partman_ext.job_runs, fix its cause, then run the job''s function by hand to check.'::text,
           l.set_oid
      FROM last l
      LEFT JOIN pg_catalog.pg_class c ON c.oid = l.set_oid
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE l.status <> 'succeeded' AND (parent IS NULL OR l.set_oid IS NULL OR l.set_oid = parent::oid)
    UNION ALL
    SELECT 'critical', 'SET_MAINTENANCE_FAILING', format('%I.%I', n.nspname, c.relname), f.partition_name,
           format('maintenance of %s failed in the run of job %s at %s: %s%s', format('%I.%I', n.nspname, c.relname),
                  f.job_id, to_char(f.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                  CASE WHEN f.message LIKE f.sqlstate || ':%' THEN '' ELSE coalesce('[' || nullif(f.sqlstate, '') || '] ', '') END,
                  coalesce(f.message, 'no message')),
           format('Fix the cause (see partman_ext.maintenance_log), then check: SELECT * FROM partman_ext.run_partition_maintenance(%L);',
                  format('%I.%I', n.nspname, c.relname)),
           f.set_oid
      FROM set_failures f
      JOIN pg_catalog.pg_class c ON c.oid = f.set_oid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE parent IS NULL OR f.set_oid = parent::oid
$$;
COMMENT ON FUNCTION @extschema@._job_alerts(regclass) IS
'partman_ext internal: health alerts about jobs: a job failing as a whole (MAINTENANCE_JOB_FAILING, JOB_FAILING), and a set that failed inside a maintenance run of every set (SET_MAINTENANCE_FAILING, on that set).';

CREATE OR REPLACE FUNCTION @extschema@._health_alerts(parent regclass, probe_default boolean,
                                           overview @extschema@._overview_row[] DEFAULT NULL)
RETURNS TABLE (severity text, code text, parent_table text, partition_name text, message text,
               recommendation text, parent_relid oid)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ov AS MATERIALIZED (
        SELECT * FROM unnest(overview)
         WHERE overview IS NOT NULL AND (parent IS NULL OR parent_relid = parent::oid)
        UNION ALL
        SELECT * FROM @extschema@._partition_overview(parent) WHERE overview IS NULL
    ), agg AS (
        SELECT o.parent_relid,
               count(*) FILTER (WHERE NOT o.is_default) AS parts,
               count(*) FILTER (WHERE o.period = 'current') AS current_parts,
               count(*) FILTER (WHERE o.period = 'future') AS future_parts,
               (array_agg(o.upper_bound ORDER BY o.upper_time DESC NULLS LAST, o.upper_value DESC NULLS LAST)
                    FILTER (WHERE NOT o.is_default))[1] AS covered_until,
               bool_or(o.is_default) AS has_default,
               bool_and(o.lower_bound IS NULL AND o.upper_bound IS NULL) FILTER (WHERE NOT o.is_default) AS unread
          FROM ov o GROUP BY o.parent_relid
    ), sets AS (
        SELECT c.parent_table::oid AS relid, format('%I.%I', n.nspname, r.relname) AS name, c.strategy, c.premake,
               c.retention, c.buckets, c.time_zone, coalesce(a.parts, 0) AS parts,
               coalesce(a.current_parts, 0) AS current_parts, coalesce(a.future_parts, 0) AS future_parts,
               a.covered_until, coalesce(a.has_default, false) AS has_default,
               coalesce(a.unread, false) AND c.strategy IN ('time', 'integer') AS busy
          FROM @extschema@.part_config c
          JOIN pg_catalog.pg_class r ON r.oid = c.parent_table::oid
          JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
          LEFT JOIN agg a ON a.parent_relid = c.parent_table::oid
         WHERE parent IS NULL OR c.parent_table = parent
    ), months AS (
        -- Rows per calendar month (set's time zone) of time partitions lying wholly inside one month.
        SELECT o.parent_relid AS relid, date_trunc('month', o.lower_time AT TIME ZONE o.time_zone) AS month,
               sum(o.est_rows) AS rows, bool_and(o.est_rows IS NOT NULL) AS known
          FROM ov o
         WHERE o.strategy = 'time' AND NOT o.is_default
           AND (o.upper_time AT TIME ZONE o.time_zone)
               <= date_trunc('month', o.lower_time AT TIME ZONE o.time_zone) + interval '1 month'
         GROUP BY 1, 2
    ), growth AS (
        -- The last two complete months.
        SELECT s.relid, s.name, m1.rows AS last_rows, m2.rows AS prev_rows
          FROM sets s
          JOIN months m1 ON m1.relid = s.relid AND m1.known
           AND m1.month = date_trunc('month', @extschema@.clock() AT TIME ZONE s.time_zone) - interval '1 month'
          JOIN months m2 ON m2.relid = s.relid AND m2.known
           AND m2.month = date_trunc('month', @extschema@.clock() AT TIME ZONE s.time_zone) - interval '2 months'
    )
    SELECT 'critical', 'NO_PARTITIONS', s.name, NULL::text,
           format('%s has no partitions', s.name),
           CASE WHEN s.strategy = 'bucket' THEN format('Create its buckets: SELECT * FROM partman_ext.create_bucket_partitions(%L, %s);', s.name, coalesce(s.buckets, 16))
                ELSE format('Create them: SELECT * FROM partman_ext.create_future_partitions(%L);', s.name) END,
           s.relid
      FROM sets s WHERE s.parts = 0
    UNION ALL
    SELECT 'critical', 'MISSING_CURRENT_PARTITION', s.name, NULL,
           format('no partition of %s covers the current time (%s); new rows %s', s.name,
                  to_char(@extschema@.clock() AT TIME ZONE s.time_zone, 'YYYY-MM-DD HH24:MI'),
                  CASE WHEN s.has_default THEN 'go to the default partition' ELSE 'are rejected' END),
           format('Create it now: SELECT * FROM partman_ext.create_future_partitions(%L);', s.name),
           s.relid
      FROM sets s WHERE s.strategy = 'time' AND s.parts > 0 AND s.current_parts = 0 AND NOT s.busy
    UNION ALL
    SELECT 'info', 'SET_BUSY', s.name, NULL,
           format('%s is locked by another session: its partitions were not inspected this time', s.name),
           'Nothing to do if maintenance or a migration is running; otherwise see pg_locks for the holder.',
           s.relid
      FROM sets s WHERE s.busy
    UNION ALL
    SELECT 'warning', 'INSUFFICIENT_PREMAKE', s.name, NULL,
           format('%s has %s future partition(s) (covered until %s); premake is %s', s.name, s.future_parts,
                  coalesce(s.covered_until, 'unknown'), s.premake),
           format('Run maintenance: SELECT * FROM partman_ext.run_partition_maintenance(%L);', s.name),
           s.relid
      FROM sets s WHERE s.strategy IN ('time', 'integer') AND s.parts > 0 AND s.future_parts < s.premake AND NOT s.busy
    UNION ALL
    SELECT 'warning', 'BUCKET_COUNT_MISMATCH', s.name, NULL,
           format('%s has %s bucket partitions; %s are configured', s.name, s.parts, s.buckets),
           'Create the missing buckets or correct the bucket count with partman_ext.create_bucket_partitions().',
           s.relid
      FROM sets s WHERE s.strategy = 'bucket' AND s.parts > 0 AND s.buckets IS NOT NULL AND s.parts <> s.buckets
    UNION ALL
    SELECT 'warning', 'PARTITION_TOO_LARGE', o.parent_table, o.partition_name,
           format('%s is %s, above the limit of %s', o.partition_name, pg_catalog.pg_size_pretty(o.total_bytes),
                  pg_catalog.pg_size_pretty(o.max_partition_bytes)),
           CASE WHEN o.strategy = 'bucket' THEN 'Spread the set over more buckets, or raise max_partition_bytes.'
                ELSE 'Archive or drop old data (retention), use a shorter partition interval for new partitions, or raise max_partition_bytes.' END,
           o.parent_relid
      FROM ov o WHERE o.total_bytes > o.max_partition_bytes
    UNION ALL
    SELECT 'warning', 'PARTITION_TOO_MANY_ROWS', o.parent_table, o.partition_name,
           format('%s holds about %s rows, above the limit of %s', o.partition_name, o.est_rows, o.max_partition_rows),
           CASE WHEN o.strategy = 'bucket' THEN 'Spread the set over more buckets, or raise max_partition_rows.'
                ELSE 'Use a shorter partition interval for new partitions, archive old data, or raise max_partition_rows.' END,
           o.parent_relid
      FROM ov o WHERE o.est_rows > o.max_partition_rows
    UNION ALL
    SELECT 'info', 'HIGH_GROWTH', g.name, NULL,
           format('%s grew %s%% month over month (about %s rows last month, %s the month before)', g.name,
                  round(100.0 * (g.last_rows - g.prev_rows) / g.prev_rows), g.last_rows, g.prev_rows),
           'Plan capacity: check disk space, premake and the partition interval.',
           g.relid
      FROM growth g
     WHERE g.prev_rows > 0 AND g.last_rows > 1.5 * g.prev_rows
    UNION ALL
    SELECT 'info', 'PARTITIONS_BEYOND_RETENTION', s.name, min(o.partition_name ORDER BY o.lower_time, o.lower_value),
           format('%s partition(s) of %s are beyond its retention of %s (oldest: %s)', count(*), s.name, s.retention,
                  min(o.partition_name ORDER BY o.lower_time, o.lower_value)),
           format('Drop, detach or archive them: SELECT * FROM partman_ext.run_partition_maintenance(%L);', s.name),
           s.relid
      FROM sets s JOIN ov o ON o.parent_relid = s.relid AND o.beyond_retention
     GROUP BY s.relid, s.name, s.retention
    UNION ALL
    SELECT 'warning', 'ROWS_IN_DEFAULT', o.parent_table, o.partition_name,
           format('the default partition %s holds rows (%s)', o.partition_name,
                  coalesce('about ' || nullif(o.est_rows, 0) || ' rows, estimate',
                           pg_catalog.pg_size_pretty(o.table_bytes) || ' of data')),
           format('Create the partitions they belong to and move them: SELECT * FROM partman_ext.empty_default_partition(%L, dry_run => true);', o.parent_table),
           o.parent_relid
      FROM ov o
     WHERE o.is_default AND @extschema@._default_has_rows(o.partition_relid::regclass, o.est_rows, o.table_bytes, probe_default)
    UNION ALL
    SELECT CASE s.status WHEN 'CRITICAL' THEN 'critical' ELSE 'warning' END,
           CASE s.status WHEN 'WARNING' THEN 'SKEW_WARNING' WHEN 'REBALANCE_RECOMMENDED' THEN 'SKEW_REBALANCE_RECOMMENDED'
                ELSE 'SKEW_CRITICAL' END,
           o.parent_table, o.partition_name,
           format('%s holds %s%% of the rows of %s against an even %s%% (skew %s)', o.partition_name,
                  round((100 * s.share)::numeric, 2), o.parent_table, round((100 * s.expected_share)::numeric, 2),
                  round(s.skew_factor::numeric, 2)),
           format('Look for heavy keys and the bucket expression: SELECT * FROM partman_ext.rebalancing_recommendations(%L);', o.parent_table),
           o.parent_relid
      FROM @extschema@._bucket_skew(parent) s
      JOIN ov o ON o.partition_relid = s.partition_relid
     WHERE s.status IN ('WARNING', 'REBALANCE_RECOMMENDED', 'CRITICAL');

    -- Failing jobs of the scheduler, and sets that failed inside a job of every set.
    RETURN QUERY SELECT * FROM @extschema@._job_alerts(parent);
END
$$;
COMMENT ON FUNCTION @extschema@._health_alerts(regclass, boolean, @extschema@._overview_row[]) IS
'partman_ext internal: every health alert of one set (or all sets); probe_default looks into non-empty default partitions instead of trusting the catalog estimate; overview: the partitions when already computed.';

-- At commit, the launcher serves this database with the new scheduler.
SELECT @extschema@._extension_installed();
