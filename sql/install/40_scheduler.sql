-- The in-database scheduler (docs/scheduler.md): jobs, their run history, health alerts.
-- The background worker (shared_preload_libraries = 'partman_ext') serves every database where
-- the extension is installed (partman_ext.databases narrows it); it reads partman_ext.job and
-- writes partman_ext.job_run and partman_ext.alert_state.

CREATE TABLE @extschema@.job (
    job_id               bigserial PRIMARY KEY,
    kind                 text NOT NULL CHECK (kind IN ('maintenance', 'analyze', 'vacuum', 'health', 'sampling', 'statistics')),
    parent_table         regclass,                       -- NULL: every registered partition set
    schedule_interval    interval CHECK (schedule_interval > interval '0'),  -- NULL (and no schedule): run once
    next_run             timestamptz NOT NULL DEFAULT @extschema@.clock(),  -- next regular run; 'infinity': none
    enabled              boolean NOT NULL DEFAULT true,
    max_runtime          interval NOT NULL DEFAULT '1 hour' CHECK (max_runtime > interval '0'),
    max_retries          integer NOT NULL DEFAULT 3 CHECK (max_retries >= 0),
    retry_backoff        interval NOT NULL DEFAULT '1 minute' CHECK (retry_backoff > interval '0'),
    options              jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
    consecutive_failures integer NOT NULL DEFAULT 0,
    requested            boolean NOT NULL DEFAULT false,  -- run again as soon as the current run ends
    builtin              boolean NOT NULL DEFAULT false,
    created_by           name NOT NULL DEFAULT current_user,
    created_at           timestamptz NOT NULL DEFAULT now(),
    schedule             text CHECK (schedule IS NULL OR schedule_interval IS NULL),  -- five-field cron
    time_zone            text NOT NULL DEFAULT 'UTC',    -- where schedule and day/month intervals are read
    retry_at             timestamptz                     -- a retry after a failed run, before next_run
);
CREATE INDEX ON @extschema@.job (next_run) WHERE enabled;
COMMENT ON TABLE @extschema@.job IS
'partman_ext: scheduled jobs (kind, partition set or all, schedule (cron or interval) in a time zone, next regular run, retry, enabled, max runtime, retries, backoff). Change it with add_job/alter_job/pause_job/resume_job/remove_job/run_job; read it through the view partman_ext.jobs.';
-- Every job is dumped, built-in ones too (with their changed settings); on restore the rows of
-- the built-in jobs replace the ones CREATE EXTENSION has just made (trigger job_restore_builtin).
SELECT pg_catalog.pg_extension_config_dump('@extschema@.job', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.job_job_id_seq', '');
REVOKE ALL ON @extschema@.job FROM PUBLIC;
GRANT SELECT ON @extschema@.job TO PUBLIC;

-- Default jobs: maintenance hourly, health check every 6 hours, activity sampling every 5 minutes.
INSERT INTO @extschema@.job (kind, schedule_interval, max_runtime, builtin) VALUES
    ('maintenance', interval '1 hour', interval '1 hour', true),
    ('health', interval '6 hours', interval '10 minutes', true),
    ('sampling', interval '5 minutes', interval '5 minutes', true);

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

CREATE TABLE @extschema@.job_run (
    run_id       bigserial PRIMARY KEY,
    job_id       bigint NOT NULL,
    kind         text NOT NULL,
    parent_table text,
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'skipped')),
    sqlstate     text,
    message      text,
    items_done   bigint NOT NULL DEFAULT 0,
    attempt      integer NOT NULL DEFAULT 1,
    pid          integer,
    details      jsonb NOT NULL DEFAULT '[]',
    reason       text CHECK (reason IN ('schedule', 'requested', 'retry')),  -- why it ran
    parent_relid regclass          -- the job's set (regclass; a dropped set's oid prints as a number)
);
CREATE INDEX ON @extschema@.job_run (started_at);
CREATE INDEX ON @extschema@.job_run (job_id, run_id);
COMMENT ON TABLE @extschema@.job_run IS
'partman_ext: one row per job run written by the scheduler; kept partman_ext.history_days days. Read it through partman_ext.job_runs.';
REVOKE ALL ON @extschema@.job_run FROM PUBLIC;
GRANT SELECT ON @extschema@.job_run TO PUBLIC;

CREATE TABLE @extschema@.alert_state (
    alert_id       bigserial PRIMARY KEY,
    severity       text NOT NULL,
    code           text NOT NULL,
    parent_table   text,
    partition_name text,
    message        text,
    recommendation text,
    raised_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_seen_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    cleared_at     timestamptz,
    parent_relid   regclass        -- the set (regclass; a dropped set's oid prints as a number)
);
CREATE UNIQUE INDEX alert_state_open ON @extschema@.alert_state (code, coalesce(parent_table, ''), coalesce(partition_name, ''))
    WHERE cleared_at IS NULL;
COMMENT ON TABLE @extschema@.alert_state IS
'partman_ext: health alerts kept by the health job; one row from when an alert is raised until it clears. Read it through partman_ext.alerts.';
REVOKE ALL ON @extschema@.alert_state FROM PUBLIC;
GRANT SELECT ON @extschema@.alert_state TO PUBLIC;

CREATE FUNCTION @extschema@.scheduler_status() RETURNS text
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'partman_scheduler_status';
COMMENT ON FUNCTION @extschema@.scheduler_status() IS
'partman_ext: whether a scheduler serves this database: running, starting, paused: <why> (partman_ext.pause_scheduler), or not running: <why> (library not preloaded, partman_ext.enabled off, not in partman_ext.databases, no free background worker, ...).';

CREATE VIEW @extschema@.jobs AS
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
GRANT SELECT ON @extschema@.jobs TO PUBLIC;

CREATE VIEW @extschema@.job_runs AS
SELECT run_id, job_id, kind, parent_table, started_at, finished_at, finished_at - started_at AS duration,
       status, sqlstate, message, items_done, attempt, details, reason, parent_relid
FROM @extschema@.job_run;
COMMENT ON VIEW @extschema@.job_runs IS
'partman_ext: job-run history: job, kind, start, end, duration, status (running, succeeded, failed, cancelled, skipped), SQLSTATE, message, items done (every action taken: partitions created, created with rows moved, dropped, detached, archived, analyzed, vacuumed; alerts sent), attempt, per-set details (each action and each set''s failure with its SQLSTATE), reason (schedule, requested, retry), parent_relid (the set as regclass: joins the monitoring views; parent_table is its schema-qualified name at the time, readable after the set is dropped).';
GRANT SELECT ON @extschema@.job_runs TO PUBLIC;

CREATE VIEW @extschema@.alerts AS
SELECT alert_id, CASE WHEN cleared_at IS NULL THEN 'raised' ELSE 'cleared' END AS state, severity, code,
       parent_table, partition_name, message, recommendation, raised_at, last_seen_at, cleared_at, parent_relid
FROM @extschema@.alert_state;
COMMENT ON VIEW @extschema@.alerts IS
'partman_ext: health alerts found by the health job (the rows of check_partition_health whose severity is not info; raised = still present, cleared = gone). Each change is logged with WARNING and sent once with NOTIFY partman_ext_alerts. parent_table and partition_name are schema-qualified names as text (a history: readable after the tables are dropped); parent_relid is the set as regclass, for joins with the monitoring views.';
GRANT SELECT ON @extschema@.alerts TO PUBLIC;

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
'partman_ext: adds a job (kind maintenance/analyze/vacuum/statistics for one set or all; health; sampling). schedule: five-field cron (''0 3 * * *'') or an interval text, read in time_zone (default UTC); else schedule_interval (default 1 hour; NULL runs it once). Defaults: next_run the schedule''s first time (now for intervals), max_runtime 1 hour, 3 retries, backoff 1 minute (doubling). Intervals must be positive and at most 100 years (22023). Warns when no scheduler serves the database. Returns the job.';

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

CREATE FUNCTION @extschema@.pause_job(job_id bigint) RETURNS SETOF @extschema@.jobs
LANGUAGE sql AS $$ SELECT * FROM @extschema@.alter_job(job_id, enabled => false) $$;
COMMENT ON FUNCTION @extschema@.pause_job(bigint) IS 'partman_ext: stops running a job until resume_job(). Returns the job.';

CREATE FUNCTION @extschema@.resume_job(job_id bigint) RETURNS SETOF @extschema@.jobs
LANGUAGE sql AS $$ SELECT * FROM @extschema@.alter_job(job_id, enabled => true) $$;
COMMENT ON FUNCTION @extschema@.resume_job(bigint) IS 'partman_ext: runs a paused job again on its schedule. Returns the job.';

CREATE FUNCTION @extschema@.remove_job(job_id bigint) RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_remove_job';
COMMENT ON FUNCTION @extschema@.remove_job(bigint) IS
'partman_ext: deletes a job (its run history stays) and returns it as it was.';

CREATE FUNCTION @extschema@.run_job(job_id bigint) RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_run_job';
COMMENT ON FUNCTION @extschema@.run_job(bigint) IS
'partman_ext: makes a job due now and wakes the scheduler, which runs it within a tick (never alongside another run of itself). Returns the job.';

CREATE FUNCTION @extschema@.analyze_partitions(parent regclass)
RETURNS TABLE (parent_table regclass, partition_name regclass, est_rows_before bigint, est_rows bigint, action text,
               message text, duration_ms numeric)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partitions';
COMMENT ON FUNCTION @extschema@.analyze_partitions(regclass) IS
'partman_ext: ANALYZE every leaf partition of parent now, as its owner, under the set''s lock_timeout. One row per partition: pg_class.reltuples before and after, action (analyzed/skipped on lock timeout/failed), message with SQLSTATE, duration (ms). For a Citus table the row estimates are those of its shards (docs/citus.md).';

CREATE FUNCTION @extschema@.vacuum_partitions(parent regclass, "full" boolean DEFAULT false)
RETURNS bigint
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_vacuum_partitions';
COMMENT ON FUNCTION @extschema@.vacuum_partitions(regclass, boolean) IS
'partman_ext: queues a one-off vacuum job (VACUUM cannot run inside a function) that the scheduler runs at top level on every partition of the set; returns its job_id (follow it in partman_ext.job_runs).';

CREATE FUNCTION @extschema@._extension_installed() RETURNS boolean
LANGUAGE c AS 'MODULE_PATHNAME', 'partman_extension_installed';
COMMENT ON FUNCTION @extschema@._extension_installed() IS
'partman_ext internal: called by the install and upgrade scripts; at commit asks the launcher to serve this database, and warns now when no scheduler will. Returns whether one will.';
REVOKE ALL ON FUNCTION @extschema@._extension_installed() FROM PUBLIC;

CREATE FUNCTION @extschema@._wake_scheduler() RETURNS boolean
LANGUAGE c AS 'MODULE_PATHNAME', 'partman_wake_scheduler';
COMMENT ON FUNCTION @extschema@._wake_scheduler() IS
'partman_ext internal: wakes this database''s scheduler; returns whether one runs.';

-- A newly registered (or changed) set is maintained within one tick: its maintenance jobs become due.
CREATE FUNCTION @extschema@._part_config_changed() RETURNS trigger
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
REVOKE ALL ON FUNCTION @extschema@._part_config_changed() FROM PUBLIC;
CREATE TRIGGER part_config_schedule AFTER INSERT OR UPDATE ON @extschema@.part_config
    FOR EACH ROW WHEN (NEW.enabled) EXECUTE FUNCTION @extschema@._part_config_changed();

-- Health alerts about jobs (part of check_partition_health, sql/install/56_health.sql):
--  * a job whose latest run failed or was cancelled as a whole: MAINTENANCE_JOB_FAILING (critical
--    when it maintains one set, and then on that set; a warning for a job of every set, which
--    fails as a whole only for its own reasons) or JOB_FAILING (warning);
--  * a set that failed inside the latest run of a maintenance job of every set: that set's own
--    SET_MAINTENANCE_FAILING (critical), with the step's SQLSTATE and message. The job itself
--    succeeded (the other sets were maintained); lock timeouts are retried, not alerted.
CREATE FUNCTION @extschema@._job_alerts(parent regclass)
RETURNS TABLE (severity text, code text, parent_table regclass, partition_name regclass, message text,
               recommendation text)
LANGUAGE sql STABLE AS $$
    WITH runs AS (
        SELECT r.job_id, r.kind, r.started_at, r.status, r.sqlstate, r.message, r.details,
               -- rows written before parent_relid existed, or by hand: the set named in parent_table
               coalesce(r.parent_relid::oid,
                        (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                          WHERE format('%I.%I', n.nspname, c.relname) = r.parent_table)) AS set_oid,
               r.parent_table IS NULL AS every_set,
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
               l.job_id, l.started_at, (d->>'set_oid')::oid AS set_oid, d->>'partition' AS partition_text,
               d->>'sqlstate' AS sqlstate, d->>'message' AS message
          FROM last l, jsonb_array_elements(l.details) d
         WHERE l.kind = 'maintenance' AND l.every_set AND l.status = 'succeeded'
           AND d->>'action' = 'failed' AND d ? 'set_oid'
         ORDER BY d->>'set_oid', l.started_at DESC
    )
    SELECT CASE WHEN l.kind = 'maintenance' AND NOT l.every_set THEN 'critical' ELSE 'warning' END,
           CASE WHEN l.kind = 'maintenance' THEN 'MAINTENANCE_JOB_FAILING' ELSE 'JOB_FAILING' END,
           c.oid::regclass, NULL::regclass,
           format('%s job %s%s: %s run(s) in a row %s, the last at %s: %s%s', l.kind, l.job_id,
                  CASE WHEN c.oid IS NOT NULL THEN ' of ' || c.oid::regclass::text ELSE '' END,
                  l.failures, l.status, to_char(l.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                  coalesce('[' || l.sqlstate || '] ', ''), coalesce(l.message, 'no message')),
           'Read the error in partman_ext.job_runs, fix its cause, then run the job''s function by hand to check.'::text
      FROM last l
      LEFT JOIN pg_catalog.pg_class c ON c.oid = l.set_oid
     WHERE l.status <> 'succeeded' AND (parent IS NULL OR l.set_oid IS NULL OR l.set_oid = parent::oid)
    UNION ALL
    -- The partition of a failed step, when it exists (a partition that could not be created does
    -- not: the message names it).
    SELECT 'critical', 'SET_MAINTENANCE_FAILING', c.oid::regclass, p.relid,
           format('maintenance of %s failed in the run of job %s at %s: %s%s%s', c.oid::regclass,
                  f.job_id, to_char(f.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                  CASE WHEN p.relid IS NULL THEN coalesce(nullif(f.partition_text, '') || ': ', '') ELSE '' END,
                  CASE WHEN f.message LIKE f.sqlstate || ':%' THEN '' ELSE coalesce('[' || nullif(f.sqlstate, '') || '] ', '') END,
                  coalesce(f.message, 'no message')),
           format('Fix the cause (see partman_ext.maintenance_log), then check: SELECT * FROM partman_ext.run_partition_maintenance(%L);',
                  c.oid::regclass)
      FROM set_failures f
      JOIN pg_catalog.pg_class c ON c.oid = f.set_oid
      LEFT JOIN LATERAL (SELECT i.inhrelid::regclass AS relid FROM pg_catalog.pg_inherits i
                           JOIN pg_catalog.pg_class pc ON pc.oid = i.inhrelid
                           JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                          WHERE i.inhparent = c.oid AND format('%I.%I', pn.nspname, pc.relname) = f.partition_text) p ON true
     WHERE parent IS NULL OR f.set_oid = parent::oid
$$;
COMMENT ON FUNCTION @extschema@._job_alerts(regclass) IS
'partman_ext internal: health alerts about jobs: a job failing as a whole (MAINTENANCE_JOB_FAILING, JOB_FAILING), and a set that failed inside a maintenance run of every set (SET_MAINTENANCE_FAILING, on that set).';

-- At commit, the launcher serves this database (and now: a WARNING when no scheduler will).
SELECT @extschema@._extension_installed();
