-- The in-database scheduler (docs/scheduler.md): jobs, their run history, health alerts.
-- The background worker (shared_preload_libraries = 'partman_ext', partman_ext.databases) reads
-- partman_ext.job and writes partman_ext.job_run and partman_ext.alert_state.

CREATE TABLE @extschema@.job (
    job_id               bigserial PRIMARY KEY,
    kind                 text NOT NULL CHECK (kind IN ('maintenance', 'analyze', 'vacuum', 'health', 'sampling', 'statistics')),
    parent_table         regclass,                       -- NULL: every registered partition set
    schedule_interval    interval CHECK (schedule_interval > interval '0'),  -- NULL: run once
    next_run             timestamptz NOT NULL DEFAULT @extschema@.clock(),
    enabled              boolean NOT NULL DEFAULT true,
    max_runtime          interval NOT NULL DEFAULT '1 hour' CHECK (max_runtime > interval '0'),
    max_retries          integer NOT NULL DEFAULT 3 CHECK (max_retries >= 0),
    retry_backoff        interval NOT NULL DEFAULT '1 minute' CHECK (retry_backoff > interval '0'),
    options              jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
    consecutive_failures integer NOT NULL DEFAULT 0,
    requested            boolean NOT NULL DEFAULT false,  -- run again as soon as the current run ends
    builtin              boolean NOT NULL DEFAULT false,
    created_by           name NOT NULL DEFAULT current_user,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON @extschema@.job (next_run) WHERE enabled;
COMMENT ON TABLE @extschema@.job IS
'partman_ext: scheduled jobs (kind, partition set or all, schedule interval, next run, enabled, max runtime, retries, backoff). Change it with add_job/alter_job/pause_job/resume_job/remove_job/run_job; read it through the view partman_ext.jobs.';
-- The three built-in jobs come back with CREATE EXTENSION; dump only the ones users added.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.job', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.job_job_id_seq', '');
REVOKE ALL ON @extschema@.job FROM PUBLIC;
GRANT SELECT ON @extschema@.job TO PUBLIC;

-- Default jobs: maintenance hourly, health check every 6 hours, activity sampling every 5 minutes.
INSERT INTO @extschema@.job (kind, schedule_interval, max_runtime, builtin) VALUES
    ('maintenance', interval '1 hour', interval '1 hour', true),
    ('health', interval '6 hours', interval '10 minutes', true),
    ('sampling', interval '5 minutes', interval '5 minutes', true);

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
    details      jsonb NOT NULL DEFAULT '[]'
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
    cleared_at     timestamptz
);
CREATE UNIQUE INDEX alert_state_open ON @extschema@.alert_state (code, coalesce(parent_table, ''), coalesce(partition_name, ''))
    WHERE cleared_at IS NULL;
COMMENT ON TABLE @extschema@.alert_state IS
'partman_ext: health alerts kept by the health job; one row from when an alert is raised until it clears. Read it through partman_ext.alerts.';
REVOKE ALL ON @extschema@.alert_state FROM PUBLIC;
GRANT SELECT ON @extschema@.alert_state TO PUBLIC;

CREATE VIEW @extschema@.jobs AS
SELECT j.job_id, j.kind, j.parent_table, j.schedule_interval, j.next_run, j.enabled, j.max_runtime,
       j.max_retries, j.retry_backoff, j.options, j.consecutive_failures,
       r.started_at AS last_started_at, r.finished_at AS last_finished_at, r.status AS last_status,
       r.sqlstate AS last_sqlstate, r.message AS last_message, j.builtin, j.created_by
FROM @extschema@.job j
LEFT JOIN LATERAL (SELECT * FROM @extschema@.job_run r WHERE r.job_id = j.job_id ORDER BY r.run_id DESC LIMIT 1) r ON true;
COMMENT ON VIEW @extschema@.jobs IS
'partman_ext: every scheduled job with its schedule, retry settings and last run (status running while it runs).';
GRANT SELECT ON @extschema@.jobs TO PUBLIC;

CREATE VIEW @extschema@.job_runs AS
SELECT run_id, job_id, kind, parent_table, started_at, finished_at, finished_at - started_at AS duration,
       status, sqlstate, message, items_done, attempt, details
FROM @extschema@.job_run;
COMMENT ON VIEW @extschema@.job_runs IS
'partman_ext: job-run history: job, kind, start, end, duration, status (running, succeeded, failed, cancelled, skipped), SQLSTATE, message, items done (partitions created/dropped/moved/analyzed/vacuumed, alerts sent), attempt, per-set details.';
GRANT SELECT ON @extschema@.job_runs TO PUBLIC;

CREATE VIEW @extschema@.alerts AS
SELECT alert_id, CASE WHEN cleared_at IS NULL THEN 'raised' ELSE 'cleared' END AS state, severity, code,
       parent_table, partition_name, message, recommendation, raised_at, last_seen_at, cleared_at
FROM @extschema@.alert_state;
COMMENT ON VIEW @extschema@.alerts IS
'partman_ext: health alerts found by the health job (raised = still present, cleared = gone). Each change is logged with WARNING and sent once with NOTIFY partman_ext_alerts.';
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
    enabled boolean DEFAULT NULL)
RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_add_job';
COMMENT ON FUNCTION @extschema@.add_job(text, regclass, interval, timestamptz, interval, integer, interval, jsonb, boolean) IS
'partman_ext: adds a job (kind maintenance/analyze/vacuum/statistics for one set or all; health; sampling). schedule_interval NULL runs it once. Defaults: next_run now, max_runtime 1 hour, 3 retries, backoff 1 minute (doubling). Returns the job.';

CREATE FUNCTION @extschema@.alter_job(
    job_id bigint,
    schedule_interval interval DEFAULT NULL,
    next_run timestamptz DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    max_runtime interval DEFAULT NULL,
    max_retries integer DEFAULT NULL,
    retry_backoff interval DEFAULT NULL,
    options jsonb DEFAULT NULL)
RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_alter_job';
COMMENT ON FUNCTION @extschema@.alter_job(bigint, interval, timestamptz, boolean, interval, integer, interval, jsonb) IS
'partman_ext: changes a job''s settings (NULL leaves one unchanged); enabling a job resets its failure count. Returns the job.';

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
RETURNS TABLE (parent_table text, partition_name text, est_rows_before bigint, est_rows bigint, action text,
               message text, duration_ms numeric)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partitions';
COMMENT ON FUNCTION @extschema@.analyze_partitions(regclass) IS
'partman_ext: ANALYZE every leaf partition of parent now, as its owner, under the set''s lock_timeout. One row per partition: pg_class.reltuples before and after, action (analyzed/skipped on lock timeout/failed), message with SQLSTATE, duration (ms).';

CREATE FUNCTION @extschema@.vacuum_partitions(parent regclass, "full" boolean DEFAULT false)
RETURNS bigint
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_vacuum_partitions';
COMMENT ON FUNCTION @extschema@.vacuum_partitions(regclass, boolean) IS
'partman_ext: queues a one-off vacuum job (VACUUM cannot run inside a function) that the scheduler runs at top level on every partition of the set; returns its job_id (follow it in partman_ext.job_runs).';

CREATE FUNCTION @extschema@._wake_scheduler() RETURNS boolean
LANGUAGE c AS 'MODULE_PATHNAME', 'partman_wake_scheduler';
COMMENT ON FUNCTION @extschema@._wake_scheduler() IS
'partman_ext internal: wakes this database''s scheduler; returns whether one runs.';

-- A newly registered (or changed) set is maintained within one tick: its maintenance jobs become due.
CREATE FUNCTION @extschema@._part_config_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- requested: a run that is going on now may have listed the sets before this one committed.
    UPDATE @extschema@.job j SET next_run = least(j.next_run, @extschema@.clock()), requested = true
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
