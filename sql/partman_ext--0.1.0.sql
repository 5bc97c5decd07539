-- partman_ext install script. Assembled from sql/install/NN_*.sql by the Makefile.
\echo Use "CREATE EXTENSION partman_ext" to load this file. \quit

-- Members of partman_ext_admin may register, change and maintain any partition set; everybody
-- else only the sets whose parent they own. The role is cluster-wide and outlives the extension.
DO $$
BEGIN
    CREATE ROLE partman_ext_admin NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
-- Configuration: one row per partition set. Written only by partman_ext's functions (as the
-- extension owner, after checking the caller owns the parent); readable by everybody.
CREATE TABLE @extschema@.part_config (
    parent_table        regclass PRIMARY KEY,
    control_column      name NOT NULL,
    strategy            text NOT NULL CHECK (strategy IN ('time', 'integer', 'bucket')),
    partition_interval  text,
    anchor              text,
    premake             integer NOT NULL DEFAULT 4 CHECK (premake > 0),
    retention           text,
    retention_mode      text NOT NULL DEFAULT 'drop' CHECK (retention_mode IN ('drop', 'detach', 'archive')),
    archive_schema      name,
    default_partition   boolean NOT NULL DEFAULT true,
    time_zone           text NOT NULL DEFAULT 'UTC',
    lock_timeout        interval,
    buckets             integer,
    skew_warning        double precision NOT NULL DEFAULT 0.3,
    skew_rebalance      double precision NOT NULL DEFAULT 0.4,
    skew_critical       double precision NOT NULL DEFAULT 0.5,
    max_partition_bytes bigint NOT NULL DEFAULT 5368709120,
    max_partition_rows  bigint NOT NULL DEFAULT 10000000,
    enabled             boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (retention_mode <> 'archive' OR archive_schema IS NOT NULL)
);
COMMENT ON TABLE @extschema@.part_config IS
'partman_ext: one row per partition set (parent, control column, strategy, interval, premake, retention, default partition, time zone, lock_timeout, skew thresholds). Change it with update_partition_set(), not by hand.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.part_config', '');
REVOKE ALL ON @extschema@.part_config FROM PUBLIC;
GRANT SELECT ON @extschema@.part_config TO PUBLIC;

-- What maintenance did: one row per action (created, dropped, detached, archived, moved, skipped, failed).
CREATE TABLE @extschema@.maintenance_log (
    log_id          bigserial PRIMARY KEY,
    logged_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    operation       text NOT NULL,
    parent_table    text,
    partition_name  text,
    success         boolean NOT NULL,
    sqlstate        text,
    message         text,
    rows_moved      bigint NOT NULL DEFAULT 0,
    duration_ms     double precision,
    run_by          name NOT NULL DEFAULT session_user
);
CREATE INDEX ON @extschema@.maintenance_log (logged_at);
CREATE INDEX ON @extschema@.maintenance_log (parent_table, logged_at);
COMMENT ON TABLE @extschema@.maintenance_log IS
'partman_ext: every maintenance action with its outcome: operation, parent, partition, success, SQLSTATE, message, rows moved out of the default partition, duration (ms), time.';
REVOKE ALL ON @extschema@.maintenance_log FROM PUBLIC;
GRANT SELECT ON @extschema@.maintenance_log TO PUBLIC;
-- Exercises the C++/PostgreSQL error boundary (used by the regression tests).
CREATE FUNCTION @extschema@._boundary_selftest(kind text)
RETURNS integer LANGUAGE c STRICT AS 'MODULE_PATHNAME', 'partman_boundary_selftest';
COMMENT ON FUNCTION @extschema@._boundary_selftest(text) IS
'partman_ext internal: raises an error on one side of the C++/PostgreSQL boundary (kind: ok, pg_error, spi_error, cpp_exception, bad_alloc, user_error, palloc_huge) and returns how many C++ destructors have run in this session (kind: destructors).';
REVOKE ALL ON FUNCTION @extschema@._boundary_selftest(text) FROM PUBLIC;
-- Partition sets: registration, premake, retention, default-partition relocation, listing.
-- Implemented in C++ (src/pg/); see docs/reference.md for arguments, rows and errors.

-- One row per action taken or planned.
CREATE TYPE @extschema@.partition_action AS (
    parent_table   text,    -- the set's parent, schema-qualified
    partition_name text,    -- schema-qualified partition
    lower_bound    text,    -- inclusive lower bound as the key type prints it
    upper_bound    text,    -- exclusive upper bound
    est_rows       bigint,  -- catalog estimate (pg_class.reltuples; NULL = never analyzed)
    bytes          bigint,  -- retention rows: pg_class.relpages x 8 kB of table, TOAST and indexes (catalog estimate)
    rows_moved     bigint,  -- rows moved out of the default partition by this action
    action         text,    -- created / would create / dropped / would drop / detached / would detach /
                            -- archived / would archive / moved / would move / skipped / failed
    message        text     -- why it was skipped or failed (with SQLSTATE), or other detail
);

CREATE FUNCTION @extschema@.register_partition_set(
    parent regclass,
    control name,
    partition_interval text,
    premake integer DEFAULT 4,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT 'drop',
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT true,
    time_zone text DEFAULT 'UTC',
    lock_timeout interval DEFAULT '2s')
RETURNS TABLE (parent_table text, strategy text, control_column text, partition_interval text,
               premake integer, retention text, retention_mode text, time_zone text,
               adopted_partitions integer, default_partition text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_register_partition_set';

CREATE FUNCTION @extschema@.update_partition_set(
    parent regclass,
    premake integer DEFAULT NULL,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT NULL,
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT NULL,
    time_zone text DEFAULT NULL,
    lock_timeout interval DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    clear_retention boolean DEFAULT false)
RETURNS SETOF @extschema@.part_config
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_update_partition_set';

CREATE FUNCTION @extschema@.unregister_partition_set(parent regclass)
RETURNS SETOF @extschema@.part_config
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_unregister_partition_set';

CREATE FUNCTION @extschema@.create_future_partitions(parent regclass, premake integer DEFAULT NULL, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_create_future_partitions';

CREATE FUNCTION @extschema@.drop_old_partitions(parent regclass, retention integer, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_drop_old_partitions_months';

CREATE FUNCTION @extschema@.drop_old_partitions(parent regclass, retention interval, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_drop_old_partitions_interval';

CREATE FUNCTION @extschema@.run_partition_maintenance(parent regclass DEFAULT NULL, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_run_partition_maintenance';

CREATE FUNCTION @extschema@.empty_default_partition(parent regclass, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_empty_default_partition';

CREATE FUNCTION @extschema@.list_partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table text, partition_name text, lower_bound text, upper_bound text,
               est_rows bigint, bytes bigint, is_default boolean, status text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_list_partitions';

COMMENT ON TYPE @extschema@.partition_action IS
'partman_ext: one action taken or planned on a partition (bounds, catalog row estimate, catalog size estimate in bytes, rows moved out of the default partition, action, message).';
COMMENT ON FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval) IS
'partman_ext: register a RANGE-partitioned parent as a time or integer partition set. partition_interval and retention are intervals (time sets) or integers (integer sets); premake counts intervals after the current one. Adopts existing partitions from the catalog; creates only the default partition (when default_partition); moves and removes nothing. Errors: 22004 NULL argument, 42809 not RANGE-partitioned, 0A000 multi-column/expression key, 42703/22023 wrong control column, 42804 unsupported type, 22023 bad interval/premake/retention/mode/zone/misaligned bounds, 3F000 missing archive schema, 42710 already registered, 42501 not the owner.';
COMMENT ON FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean) IS
'partman_ext: change a partition set''s settings (NULL = keep); clear_retention => true removes retention. Returns the new configuration row. Existing partitions keep their bounds.';
COMMENT ON FUNCTION @extschema@.unregister_partition_set(regclass) IS
'partman_ext: forget a partition set. Its parent, partitions and data are not touched. Returns the configuration row removed.';
COMMENT ON FUNCTION @extschema@.create_future_partitions(regclass, integer, boolean) IS
'partman_ext: make sure partitions exist from the start of coverage (first partition, or where retention starts) through the current interval + premake (default: the set''s premake), relative to now in the set''s time zone (integer sets: max(control)). Rows of a new partition''s range are moved out of the default partition in the same transaction. Each DDL statement runs under the set''s lock_timeout; a statement that cannot get its lock is reported as skipped. dry_run => true returns what would be created and how many rows would move.';
COMMENT ON FUNCTION @extschema@.drop_old_partitions(regclass, integer, boolean) IS
'partman_ext: retention. Removes (per the set''s retention_mode: drop, detach, or archive) partitions whose upper bound is at or before now - retention months (time sets) or max(control) - retention (integer sets). Never the default partition or the current one. dry_run => true returns exactly what a real run would remove, with row estimates and bytes.';
COMMENT ON FUNCTION @extschema@.drop_old_partitions(regclass, interval, boolean) IS
'partman_ext: retention with an interval (time sets), e.g. interval ''90 days''. See the integer form.';
COMMENT ON FUNCTION @extschema@.run_partition_maintenance(regclass, boolean) IS
'partman_ext: full maintenance of one set or (NULL) every enabled time/integer set the caller may maintain: premake and gap fill, retention, default partition. Each set runs in its own subtransaction under its lock_timeout and an advisory lock; one failing set never stops the others.';
COMMENT ON FUNCTION @extschema@.empty_default_partition(regclass, boolean) IS
'partman_ext: move every row of the default partition into a partition of its own interval, creating partitions as needed (even outside premake and retention). Rows with a NULL control value stay and are reported. dry_run => true counts instead.';
COMMENT ON FUNCTION @extschema@.list_partitions(regclass) IS
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog, est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size, status past / current / future / beyond retention / default.';

-- Dropping a registered parent forgets its partition set (the configuration would be dangling).
CREATE FUNCTION @extschema@.forget_dropped_sets()
RETURNS event_trigger LANGUAGE c AS 'MODULE_PATHNAME', 'partman_forget_dropped_sets';
COMMENT ON FUNCTION @extschema@.forget_dropped_sets() IS
'partman_ext: sql_drop event trigger function; removes the part_config row of a parent table that was dropped.';
REVOKE ALL ON FUNCTION @extschema@.forget_dropped_sets() FROM PUBLIC;
CREATE EVENT TRIGGER partman_ext_forget_dropped_sets ON sql_drop
    EXECUTE FUNCTION @extschema@.forget_dropped_sets();

-- The same maintenance as run_partition_maintenance(), committing after each set, so a lock taken
-- for one set is released before the next set starts (a function cannot commit). No SET clause:
-- a procedure with one cannot commit; it runs as its caller and names pg_catalog explicitly.
CREATE PROCEDURE @extschema@.run_partition_maintenance_proc(parent regclass DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    s regclass;
    summary text;
BEGIN
    FOR s IN
        SELECT c.parent_table FROM @extschema@.part_config c JOIN pg_catalog.pg_class r ON r.oid = c.parent_table
         WHERE c.enabled AND c.strategy <> 'bucket' AND (parent IS NULL OR c.parent_table = parent)
           AND (pg_catalog.pg_has_role(r.relowner, 'USAGE') OR pg_catalog.pg_has_role('partman_ext_admin', 'MEMBER'))
         ORDER BY c.parent_table::oid
    LOOP
        SELECT pg_catalog.string_agg(n::text || ' ' || action, ', ' ORDER BY action) INTO summary
          FROM (SELECT action, pg_catalog.count(*) AS n FROM @extschema@.run_partition_maintenance(s, false) GROUP BY action) a;
        RAISE NOTICE '%: %', s, coalesce(summary, 'nothing to do');
        COMMIT;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_partition_maintenance_proc(regclass) IS
'partman_ext: run_partition_maintenance for one set or (NULL) every enabled time/integer set the caller may maintain, committing after each set so no lock outlives its set. Reports one NOTICE per set (actions and counts); details are in maintenance_log.';
-- Bucket sets: routing, bucket creation, skew, heavy keys, rebalancing advice (docs/buckets.md).

-- Routing ----------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.get_partition_for_value(parent regclass, value anyelement)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_value';
COMMENT ON FUNCTION @extschema@.get_partition_for_value(regclass, anyelement) IS
'partman_ext: the leaf partition PostgreSQL would route a row to whose key column holds value (for a key expression such as mod(hashtext(id::text), 100), value is the id), or whose whole row is value (a value of the parent''s row type). Follows RANGE, LIST, HASH, key expressions, sub-partitions and the DEFAULT partition through the relcache partition descriptor; raises SQLSTATE 23514 when no partition accepts the key.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid)
RETURNS text LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid) IS
'partman_ext: name (without schema) of the partition of table "chunks" (found through the search_path when called) that a row with this collection_id goes to, e.g. chunks_part_42.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid, parent regclass)
RETURNS text LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid, regclass) IS
'partman_ext: name (without schema) of the partition of parent that a row with this collection_id (the uuid key column) goes to.';

-- Bucket sets -------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.create_bucket_partitions(
    parent regclass,
    buckets integer,
    lock_timeout interval DEFAULT NULL,
    skew_warning double precision DEFAULT NULL,
    skew_rebalance double precision DEFAULT NULL,
    skew_critical double precision DEFAULT NULL)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_create_bucket_partitions';
COMMENT ON FUNCTION @extschema@.create_bucket_partitions(regclass, integer, interval, double precision, double precision, double precision) IS
'partman_ext: registers parent (PARTITION BY HASH (key) or LIST (bucket expression of key)) as a bucket set of N buckets and creates the missing buckets <parent>_part_00 .. (zero-padded to the width of N-1) as the parent''s owner, each under lock_timeout. Idempotent. Refuses a LIST bucket expression whose values the buckets do not cover (warns instead when a DEFAULT partition catches them). Optional per-set lock_timeout and skew thresholds (defaults 0.3 / 0.4 / 0.5). Returns one partition_action row per bucket created, skipped or failed.';

-- Skew ---------------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.analyze_partition_skew(parent regclass DEFAULT NULL, exact boolean DEFAULT false)
RETURNS TABLE (parent_table text, partition_name text, row_count bigint, bytes bigint, share double precision,
               expected_share double precision, skew_factor double precision, z_score double precision, status text)
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partition_skew';
COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts with one GROUP BY tableoid scan), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against binomial noise sqrt(n p (1-p)), and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (|skew| >= the set''s thresholds, default 0.3/0.4/0.5, and beyond noise) or INSUFFICIENT_DATA (fewer than 30 rows per bucket expected, or counts unknown). A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows.';

CREATE FUNCTION @extschema@._partition_distribution()
RETURNS TABLE (parent_table text, partitions integer, total_rows bigint, mean_rows double precision,
               stddev_rows double precision, cv double precision, max_skew double precision,
               max_mean_ratio double precision, status text, min_rows bigint, max_rows bigint,
               default_rows bigint, unanalyzed_partitions integer)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'partman_partition_distribution';
COMMENT ON FUNCTION @extschema@._partition_distribution() IS
'partman_ext internal: the rows of the partition_distribution view.';

CREATE VIEW @extschema@.partition_distribution AS SELECT * FROM @extschema@._partition_distribution();
COMMENT ON VIEW @extschema@.partition_distribution IS
'partman_ext: one row per bucket set, from catalog estimates (pg_class.reltuples, no scan): partitions (buckets, DEFAULT excluded), total_rows, mean_rows, stddev_rows (population), cv = stddev/mean, max_skew = largest |skew factor|, max_mean_ratio = largest partition / mean, status (worst partition status, CRITICAL when the DEFAULT partition holds rows), min_rows, max_rows, default_rows, unanalyzed_partitions. Row figures are NULL while a partition has never been analyzed.';
GRANT SELECT ON @extschema@.partition_distribution TO PUBLIC;

-- Heavy keys -----------------------------------------------------------------------------------------
CREATE TABLE @extschema@.key_statistics (
    parent_table    regclass NOT NULL REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    key_value       text,                        -- the key column as text (NULL for a NULL key)
    partition_name  text NOT NULL,               -- top-level partition of the set
    row_count       bigint NOT NULL,             -- exact count, or sampled rows / sampling fraction
    share           double precision NOT NULL,   -- of all rows of the set
    partition_share double precision NOT NULL,   -- of the rows of its partition
    rank            integer NOT NULL,            -- 1 = heaviest key of its partition
    sampled         boolean NOT NULL,            -- false: exact GROUP BY over the whole set
    sample_percent  double precision,            -- TABLESAMPLE BERNOULLI percentage (NULL when exact)
    rows_examined   bigint NOT NULL,             -- rows counted (the sample size when sampled)
    error_bound     double precision NOT NULL,   -- 95 % half-width on share (0 when exact)
    refreshed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (parent_table, partition_name, rank)
);
COMMENT ON TABLE @extschema@.key_statistics IS
'partman_ext: the heaviest keys of each partition of a bucket set (top N per partition), from refresh_key_statistics(): exact counts on small sets, a TABLESAMPLE BERNOULLI row sample with a 95% error bound on share on large ones. Rows are visible only to roles that may SELECT the parent table; they go away with the set''s part_config row (unregister, DROP TABLE).';
REVOKE ALL ON @extschema@.key_statistics FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics TO PUBLIC;
ALTER TABLE @extschema@.key_statistics ENABLE ROW LEVEL SECURITY;
CREATE POLICY key_statistics_readers ON @extschema@.key_statistics FOR SELECT
    USING (pg_catalog.has_table_privilege(parent_table, 'SELECT'));

CREATE FUNCTION @extschema@.refresh_key_statistics(
    parent regclass DEFAULT NULL,
    top_keys integer DEFAULT 10,
    exact_below_rows bigint DEFAULT 200000,
    sample_rows bigint DEFAULT 200000)
RETURNS TABLE (parent_table text, partitions integer, keys integer, sampled boolean, sample_percent double precision,
               rows_examined bigint, estimated_rows bigint, max_error_bound double precision, duration_ms double precision)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_refresh_key_statistics';
COMMENT ON FUNCTION @extschema@.refresh_key_statistics(regclass, integer, bigint, bigint) IS
'partman_ext: recomputes key_statistics for parent (or every bucket set the caller may maintain): the top_keys heaviest keys of each partition. Sets estimated (pg_class.reltuples) at or below exact_below_rows rows are counted exactly in one GROUP BY scan; larger ones are sampled with TABLESAMPLE BERNOULLI sized for about sample_rows rows, and each share carries a 95% error bound 1.96*sqrt(p(1-p)/n). Reads the table as its owner.';

CREATE FUNCTION @extschema@.rebalancing_recommendations(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table text, partition_name text, recommendation text, kind text, status text,
               skew_factor double precision, keys text[])
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_rebalancing_recommendations';
COMMENT ON FUNCTION @extschema@.rebalancing_recommendations(regclass) IS
'partman_ext: readable advice per bucket set (or for parent) from the skew estimates and key_statistics: fix_bucket_expression, empty_default, analyze, insufficient_data, split_hot_key (one key makes a partition hot: sub-partition it or give the key its own table), more_buckets (several large keys collide), refresh_key_statistics, use_hash, investigate_cold_bucket, none.';
-- The in-database scheduler (docs/scheduler.md): jobs, their run history, health alerts.
-- The background worker (shared_preload_libraries = 'partman_ext', partman_ext.databases) reads
-- partman_ext.job and writes partman_ext.job_run and partman_ext.alert_state.

CREATE TABLE @extschema@.job (
    job_id               bigserial PRIMARY KEY,
    kind                 text NOT NULL CHECK (kind IN ('maintenance', 'analyze', 'vacuum', 'health', 'sampling')),
    parent_table         regclass,                       -- NULL: every registered partition set
    schedule_interval    interval CHECK (schedule_interval > interval '0'),  -- NULL: run once
    next_run             timestamptz NOT NULL DEFAULT now(),
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
'partman_ext: adds a job (kind maintenance/analyze/vacuum for one set or all; health; sampling). schedule_interval NULL runs it once. Defaults: next_run now, max_runtime 1 hour, 3 retries, backoff 1 minute (doubling). Returns the job.';

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
    UPDATE @extschema@.job j SET next_run = least(j.next_run, now()), requested = true
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
-- Monitoring (issue 4, items 5-8): the per-partition catalog layer every monitoring view is built on,
-- and the statistics views partition_stats, partition_size_distribution, partition_chunk_distribution,
-- partition_metadata, v_partition_sizes, partition_health. See docs/monitoring.md.
--
-- Everything here reads the catalog and the statistics system only (pg_class.reltuples,
-- pg_stat_get_* counters behind pg_stat_user_tables, relation sizes, pg_inherits,
-- pg_partitioned_table.partdefid); no table is scanned. A "partition" is a direct child of a
-- registered parent; when it is itself partitioned, its figures are the sums over its leaves.
-- Bounds come from partman_ext.list_partitions() (the relcache partition descriptor).
-- _partitions and _partition_overview run without JIT (SET jit = off, which also keeps them from
-- being inlined): with thousands of partitions the planner's estimates pass jit_above_cost, and
-- compiling (50-100 ms) would cost more than the whole query.

-- Row estimate of one relation, the way the planner makes it (estimate_rel_size): reltuples per
-- page at the last ANALYZE/VACUUM times the pages the relation has now. 0 when it has no blocks at
-- all (certainly empty, analyzed or not); NULL (unknown) when it was never analyzed, or was empty
-- then and has grown since. When its size cannot be read now (locked), reltuples as it is.
CREATE FUNCTION @extschema@._row_estimate(relkind "char", reltuples real, relpages integer, heap_bytes bigint)
RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN relkind <> 'r' OR heap_bytes IS NULL THEN CASE WHEN reltuples >= 0 THEN reltuples::bigint END
                WHEN heap_bytes = 0 THEN 0
                WHEN reltuples < 0 OR relpages <= 0 THEN NULL
                ELSE round(reltuples::numeric / relpages
                           * (heap_bytes / current_setting('block_size')::bigint))::bigint END
$$;
COMMENT ON FUNCTION @extschema@._row_estimate("char", real, integer, bigint) IS
'partman_ext internal: row estimate of a relation: pg_class.reltuples / relpages scaled to its current size (as the planner does), 0 when it has no blocks, NULL when never analyzed or analyzed while empty.';

-- Lock-free reads (src/pg/monitoring.cpp): a relation locked by another session is skipped.
CREATE FUNCTION @extschema@._rel_sizes(relid oid, OUT heap_bytes bigint, OUT total_bytes bigint, OUT index_bytes bigint)
RETURNS record LANGUAGE c VOLATILE STRICT AS 'MODULE_PATHNAME', 'partman_monitoring_rel_sizes';
COMMENT ON FUNCTION @extschema@._rel_sizes(oid) IS
'partman_ext internal: heap (main fork), total and index bytes of a relation (pg_relation_size, pg_total_relation_size, pg_indexes_size); NULLs when another session holds a lock that conflicts with reading it, instead of waiting.';
CREATE FUNCTION @extschema@._lockable(relid oid)
RETURNS boolean LANGUAGE c VOLATILE STRICT AS 'MODULE_PATHNAME', 'partman_monitoring_lockable';
COMMENT ON FUNCTION @extschema@._lockable(oid) IS
'partman_ext internal: takes AccessShareLock on a relation if it is free at once (kept to the end of the transaction) and says whether it could.';

-- Descendants of a partitioned partition (sub-partitions). Not inlined (SET), so that the planner
-- takes its ROWS estimate instead of pg_partition_tree's 1000.
CREATE FUNCTION @extschema@._subpartitions(rel oid)
RETURNS SETOF oid LANGUAGE sql STABLE ROWS 4 SET search_path = pg_catalog AS $$
    SELECT t.relid::oid FROM pg_catalog.pg_partition_tree(rel::regclass) t WHERE t.relid::oid <> rel
$$;
COMMENT ON FUNCTION @extschema@._subpartitions(oid) IS
'partman_ext internal: every relation below a partitioned partition (pg_partition_tree).';

-- Every relation below each registered parent, tagged with the direct child (the "partition") it
-- belongs to: depth 1 is the partition itself, depth 2 any of its sub-partitions.
CREATE FUNCTION @extschema@._partition_tree(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, relid oid, depth integer)
LANGUAGE sql STABLE AS $$
    WITH top AS (
        SELECT c.parent_table::oid AS parent_relid, i.inhrelid AS partition_relid, r.relkind
          FROM @extschema@.part_config c
          JOIN pg_catalog.pg_inherits i ON i.inhparent = c.parent_table::oid
          JOIN pg_catalog.pg_class r ON r.oid = i.inhrelid
         WHERE parent IS NULL OR c.parent_table = parent
    )
    SELECT t.parent_relid, t.partition_relid, t.partition_relid, 1 FROM top t
    UNION ALL
    SELECT t.parent_relid, t.partition_relid, d.relid, 2
      FROM top t CROSS JOIN LATERAL @extschema@._subpartitions(t.partition_relid) d(relid)
     WHERE t.relkind = 'p'
$$;
COMMENT ON FUNCTION @extschema@._partition_tree(regclass) IS
'partman_ext internal: each partition (direct child) of the registered sets (depth 1) and all its sub-partitions (depth 2), from pg_inherits.';

-- One row per partition with catalog and statistics figures, summed over its leaves.
CREATE FUNCTION @extschema@._partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, parent_table text, partition_relid oid, partition_name text,
               is_default boolean, leaves integer, est_rows bigint, unanalyzed_leaves integer,
               total_bytes bigint, table_bytes bigint, index_bytes bigint,
               n_tup_ins bigint, n_tup_upd bigint, n_tup_del bigint, n_live_tup bigint, n_dead_tup bigint,
               seq_scan bigint, idx_scan bigint,
               last_vacuum timestamptz, last_autovacuum timestamptz,
               last_analyze timestamptz, last_autoanalyze timestamptz, xid_age integer)
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH leaf AS (
        SELECT t.parent_relid, t.partition_relid, r.oid, r.relkind, r.reltuples, r.relpages, r.relfrozenxid,
               sz.heap_bytes, sz.total_bytes, sz.index_bytes
          FROM @extschema@._partition_tree(parent) t
          JOIN pg_catalog.pg_class r ON r.oid = t.relid
         CROSS JOIN LATERAL @extschema@._rel_sizes(r.oid) sz
    )
    SELECT l.parent_relid,
           format('%I.%I', pn.nspname, pc.relname),
           l.partition_relid,
           format('%I.%I', n.nspname, c.relname),
           coalesce(pt.partdefid = l.partition_relid, false),
           (count(*) FILTER (WHERE l.relkind <> 'p'))::integer,
           CASE WHEN bool_and(@extschema@._row_estimate(l.relkind, l.reltuples, l.relpages, l.heap_bytes) IS NOT NULL)
                         FILTER (WHERE l.relkind <> 'p') IS NOT FALSE
                THEN coalesce(sum(@extschema@._row_estimate(l.relkind, l.reltuples, l.relpages, l.heap_bytes))
                                  FILTER (WHERE l.relkind <> 'p'), 0)::bigint END,
           (count(*) FILTER (WHERE l.relkind <> 'p'
                             AND @extschema@._row_estimate(l.relkind, l.reltuples, l.relpages, l.heap_bytes) IS NULL))::integer,
           sum(l.total_bytes)::bigint, sum(l.heap_bytes)::bigint, sum(l.index_bytes)::bigint,
           sum(pg_catalog.pg_stat_get_tuples_inserted(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_tuples_updated(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_tuples_deleted(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_live_tuples(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_dead_tuples(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_numscans(l.oid))::bigint,
           sum(ix.idx_scan)::bigint,
           min(pg_catalog.pg_stat_get_last_vacuum_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           min(pg_catalog.pg_stat_get_last_autovacuum_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           min(pg_catalog.pg_stat_get_last_analyze_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           min(pg_catalog.pg_stat_get_last_autoanalyze_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           max(pg_catalog.age(l.relfrozenxid)) FILTER (WHERE l.relkind IN ('r', 'm', 't'))
      FROM leaf l
      JOIN pg_catalog.pg_class c ON c.oid = l.partition_relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_class pc ON pc.oid = l.parent_relid
      JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
      LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = l.parent_relid
      LEFT JOIN (SELECT x.indrelid, sum(pg_catalog.pg_stat_get_numscans(x.indexrelid)) AS idx_scan
                   FROM pg_catalog.pg_index x GROUP BY x.indrelid) ix ON ix.indrelid = l.oid
     GROUP BY l.parent_relid, pn.nspname, pc.relname, l.partition_relid, n.nspname, c.relname, pt.partdefid
$$;
COMMENT ON FUNCTION @extschema@._partitions(regclass) IS
'partman_ext internal: one row per partition of the registered sets with row estimate, sizes and pg_stat counters summed over its leaves (catalog and statistics only).';

-- Bounds of every partition of the given parents (src/pg/monitoring.cpp: relcache partition
-- descriptor, printed by the key type's output function; MINVALUE / MAXVALUE when open). A parent
-- locked by another session has no rows.
CREATE FUNCTION @extschema@._bounds(parents oid[])
RETURNS TABLE (parent_relid oid, partition_relid oid, is_default boolean, lower_bound text, upper_bound text)
LANGUAGE c STABLE STRICT AS 'MODULE_PATHNAME', 'partman_monitoring_bounds';
COMMENT ON FUNCTION @extschema@._bounds(oid[]) IS
'partman_ext internal: bounds of each partition of the given parents from the relcache partition descriptor (no sizes, unlike list_partitions).';

-- A time-set bound as local time of the set's time zone, the way maintenance counts slots:
-- timestamptz keys converted to that zone; timestamp and date keys hold local values already.
CREATE FUNCTION @extschema@._bound_local(bound text, keytype regtype, time_zone text)
RETURNS timestamp LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN bound IS NULL OR bound IN ('MINVALUE', 'MAXVALUE') THEN NULL
                WHEN keytype = 'timestamptz'::regtype THEN bound::timestamptz AT TIME ZONE time_zone
                WHEN keytype = 'timestamp'::regtype THEN bound::timestamp
                WHEN keytype = 'date'::regtype THEN bound::date::timestamp END
$$;
COMMENT ON FUNCTION @extschema@._bound_local(text, regtype, text) IS
'partman_ext internal: a time-set bound as local time of the set''s time zone (timestamptz keys converted, timestamp and date keys as stored).';

-- Bounds of every partition of the registered sets, typed: local time of the set's time zone, the
-- instant (timestamptz) and "now" in the same local time for time sets; numeric for integer sets.
CREATE FUNCTION @extschema@._partition_bounds(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, key_type regtype, lower_bound text, upper_bound text,
               lower_local timestamp, upper_local timestamp, now_local timestamp,
               lower_time timestamptz, upper_time timestamptz, lower_value numeric, upper_value numeric)
LANGUAGE sql STABLE AS $$
    WITH sets AS (
        SELECT c.parent_table::oid AS relid, c.strategy, c.time_zone, a.atttypid::regtype AS keytype
          FROM @extschema@.part_config c
          LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.parent_table AND a.attname = c.control_column
         WHERE parent IS NULL OR c.parent_table = parent
    ), b AS (
        SELECT s.*, b.partition_relid, b.lower_bound, b.upper_bound,
               CASE WHEN s.strategy = 'time' THEN @extschema@._bound_local(b.lower_bound, s.keytype, s.time_zone) END AS lower_local,
               CASE WHEN s.strategy = 'time' THEN @extschema@._bound_local(b.upper_bound, s.keytype, s.time_zone) END AS upper_local
          FROM sets s
          JOIN @extschema@._bounds((SELECT array_agg(relid) FROM sets)) b ON b.parent_relid = s.relid
         WHERE NOT b.is_default
    )
    SELECT b.relid, b.partition_relid, b.keytype, b.lower_bound, b.upper_bound, b.lower_local, b.upper_local,
           CASE WHEN b.strategy = 'time' THEN now() AT TIME ZONE b.time_zone END,
           b.lower_local AT TIME ZONE b.time_zone,
           b.upper_local AT TIME ZONE b.time_zone,
           CASE WHEN b.strategy = 'integer' AND b.lower_bound ~ '^-?[0-9]+$' THEN b.lower_bound::numeric END,
           CASE WHEN b.strategy = 'integer' AND b.upper_bound ~ '^-?[0-9]+$' THEN b.upper_bound::numeric END
      FROM b
$$;
COMMENT ON FUNCTION @extschema@._partition_bounds(regclass) IS
'partman_ext internal: bounds of each partition of the registered sets (relcache partition descriptor), typed for comparisons: local time and timestamptz for time sets, numeric for integer sets.';

-- One partition as the health check sees it (the rows of _partition_overview). A type of its own so
-- that one computation can be handed to several consumers (partition_health_summary).
CREATE TYPE @extschema@._overview_row AS (
    parent_relid oid, parent_table text, strategy text, partition_relid oid, partition_name text,
    is_default boolean, key_type regtype, lower_bound text, upper_bound text, lower_time timestamptz,
    upper_time timestamptz, lower_value numeric, upper_value numeric, period text,
    beyond_retention boolean, est_rows bigint, unanalyzed_leaves integer, total_bytes bigint,
    table_bytes bigint, index_bytes bigint, xid_age integer,
    last_vacuum timestamptz, last_autovacuum timestamptz,
    last_analyze timestamptz, last_autoanalyze timestamptz,
    max_partition_bytes bigint, max_partition_rows bigint, time_zone text);
COMMENT ON TYPE @extschema@._overview_row IS
'partman_ext internal: one partition with its figures, bounds, period and retention state (see _partition_overview).';

-- Per partition: figures, bounds, and where it stands in its set (current / future / past /
-- default; beyond retention). Time sets: the slots maintenance counts, in local time (a partition
-- is past when its upper bound is at or before now, beyond retention when at or before
-- now - retention, future when its lower bound is after now). Integer sets have no clock: their
-- "current" partition is the highest one holding rows (catalog estimate), or the lowest when none
-- does. Maintenance drops an integer partition whose upper bound is at most max(control) -
-- retention; without reading the table, max(control) is taken as the current partition's lower
-- bound (a lower limit of it), so a partition reported beyond retention is one maintenance will
-- retire (it may be reported one step late).
CREATE FUNCTION @extschema@._partition_overview(parent regclass DEFAULT NULL)
RETURNS SETOF @extschema@._overview_row
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH p AS (
        SELECT p.*, c.strategy, c.retention, c.time_zone, c.max_partition_bytes, c.max_partition_rows,
               b.key_type, b.lower_bound, b.upper_bound, b.lower_local, b.upper_local, b.now_local,
               b.lower_time, b.upper_time, b.lower_value, b.upper_value
          FROM @extschema@._partitions(parent) p
          JOIN @extschema@.part_config c ON c.parent_table::oid = p.parent_relid
          LEFT JOIN @extschema@._partition_bounds(parent) b ON b.partition_relid = p.partition_relid
    ), cur AS (
        SELECT p.parent_relid,
               coalesce(max(p.lower_value) FILTER (WHERE coalesce(p.est_rows, 1) > 0), min(p.lower_value)) AS cur_lower
          FROM p WHERE p.strategy = 'integer' AND NOT p.is_default
         GROUP BY p.parent_relid
    )
    SELECT p.parent_relid, p.parent_table, p.strategy, p.partition_relid, p.partition_name, p.is_default,
           p.key_type, p.lower_bound, p.upper_bound, p.lower_time, p.upper_time, p.lower_value, p.upper_value,
           CASE WHEN p.is_default THEN 'default'
                WHEN p.strategy = 'time' THEN
                    CASE WHEN p.upper_local <= p.now_local THEN 'past'
                         WHEN p.lower_local > p.now_local THEN 'future'
                         WHEN p.upper_bound IS NOT NULL THEN 'current' END
                WHEN p.strategy = 'integer' THEN
                    CASE WHEN p.lower_value = cur.cur_lower THEN 'current'
                         WHEN p.lower_value > cur.cur_lower THEN 'future'
                         WHEN p.lower_value < cur.cur_lower THEN 'past' END
           END,
           CASE WHEN p.is_default OR p.retention IS NULL THEN false
                WHEN p.strategy = 'time' THEN coalesce(p.upper_local <= p.now_local - p.retention::interval, false)
                WHEN p.strategy = 'integer' AND btrim(p.retention) ~ '^[0-9]+$' THEN
                    coalesce(p.upper_value <= cur.cur_lower - btrim(p.retention)::numeric, false)
                ELSE false END,
           p.est_rows, p.unanalyzed_leaves, p.total_bytes, p.table_bytes, p.index_bytes, p.xid_age,
           p.last_vacuum, p.last_autovacuum, p.last_analyze, p.last_autoanalyze,
           p.max_partition_bytes, p.max_partition_rows, p.time_zone
      FROM p
      LEFT JOIN cur ON cur.parent_relid = p.parent_relid
$$;
COMMENT ON FUNCTION @extschema@._partition_overview(regclass) IS
'partman_ext internal: each partition with its figures, bounds, period (current / future / past / default) and whether it is beyond the set''s retention.';

-- Skew of bucket sets, from analyze_partition_skew() (bound at run time).
CREATE FUNCTION @extschema@._bucket_skew(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, share double precision, expected_share double precision,
               skew_factor double precision, z_score double precision, status text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
    set_oid oid;
BEGIN
    IF to_regprocedure('@extschema@.analyze_partition_skew(regclass, boolean)') IS NULL THEN
        RETURN;  -- bucket analysis not installed
    END IF;
    FOR set_oid IN
        SELECT c.parent_table::oid FROM @extschema@.part_config c
         WHERE c.strategy = 'bucket' AND (parent IS NULL OR c.parent_table = parent)
           AND @extschema@._lockable(c.parent_table::oid)  -- locked by another session: skipped
         ORDER BY 1
    LOOP
        RETURN QUERY
        SELECT set_oid, to_regclass(s.partition_name)::oid, s.share, s.expected_share, s.skew_factor, s.z_score, s.status
          FROM @extschema@.analyze_partition_skew(set_oid::regclass, false) s;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@._bucket_skew(regclass) IS
'partman_ext internal: analyze_partition_skew() (catalog estimates) for every registered bucket set.';
-- Monitoring views, one row per partition of every registered set (docs/monitoring.md).
-- Row counts are catalog estimates (pg_class.reltuples): NULL when a partition holding data was
-- never analyzed. Sizes are pg_total_relation_size / pg_relation_size / pg_indexes_size.

CREATE VIEW @extschema@.partition_stats AS
SELECT p.parent_table, p.partition_name, c.strategy, p.is_default,
       p.est_rows AS row_estimate,
       CASE WHEN count(*) FILTER (WHERE p.est_rows IS NULL) OVER w = 0
            THEN round(100.0 * p.est_rows / nullif(sum(p.est_rows) OVER w, 0), 2) END AS row_percentage,
       p.total_bytes,
       pg_catalog.pg_size_pretty(p.total_bytes) AS total_size,
       round(100.0 * p.total_bytes / nullif(sum(p.total_bytes) OVER w, 0), 2) AS byte_percentage,
       p.n_live_tup AS live_tuples, p.n_dead_tup AS dead_tuples,
       p.n_tup_ins AS inserts, p.n_tup_upd AS updates, p.n_tup_del AS deletes,
       p.seq_scan AS seq_scans, p.idx_scan AS index_scans,
       greatest(p.last_analyze, p.last_autoanalyze) AS last_analyze,
       greatest(p.last_vacuum, p.last_autovacuum) AS last_vacuum
  FROM @extschema@._partitions(NULL) p
  JOIN @extschema@.part_config c ON c.parent_table::oid = p.parent_relid
WINDOW w AS (PARTITION BY p.parent_relid);
COMMENT ON VIEW @extschema@.partition_stats IS
'partman_ext: one row per partition: estimated rows (pg_class.reltuples, NULL = never analyzed) and their share of the set, total bytes and share, pg_stat_user_tables counters (live/dead tuples, inserts/updates/deletes since the last stats reset, scans), last ANALYZE and VACUUM. Catalog and statistics only.';

CREATE VIEW @extschema@.partition_size_distribution AS
SELECT p.parent_table, p.partition_name, p.is_default,
       p.total_bytes, p.table_bytes, p.index_bytes,
       p.total_bytes - p.table_bytes - p.index_bytes AS toast_bytes,
       pg_catalog.pg_size_pretty(p.total_bytes) AS total_size,
       round(100.0 * p.total_bytes / nullif(sum(p.total_bytes) OVER w, 0), 2) AS byte_percentage,
       round(p.total_bytes / nullif(avg(p.total_bytes) OVER w, 0), 2) AS size_vs_mean,
       (rank() OVER (PARTITION BY p.parent_relid ORDER BY p.total_bytes DESC))::integer AS size_rank
  FROM @extschema@._partitions(NULL) p
WINDOW w AS (PARTITION BY p.parent_relid);
COMMENT ON VIEW @extschema@.partition_size_distribution IS
'partman_ext: physical size of each partition: total, heap, index and TOAST bytes (relation sizes), its percentage of the set, its ratio to the set''s mean partition size and its rank (1 = largest).';

CREATE VIEW @extschema@.partition_chunk_distribution AS
SELECT o.parent_table, o.partition_name, o.strategy, o.is_default,
       o.est_rows AS row_estimate,
       CASE WHEN count(*) FILTER (WHERE o.est_rows IS NULL) OVER w = 0
            THEN round(100.0 * o.est_rows / nullif(sum(o.est_rows) OVER w, 0), 2) END AS row_percentage,
       round(100.0 / nullif(count(*) FILTER (WHERE NOT o.is_default) OVER w, 0), 2) AS expected_percentage,
       round(o.table_bytes::numeric / nullif(o.est_rows, 0), 1) AS avg_row_bytes,
       CASE WHEN o.lower_time IS NOT NULL THEN date_trunc('second', now() - o.lower_time) END AS data_age,
       o.xid_age
  FROM @extschema@._partition_overview(NULL) o
WINDOW w AS (PARTITION BY o.parent_relid);
COMMENT ON VIEW @extschema@.partition_chunk_distribution IS
'partman_ext: rows per partition (catalog estimate), their percentage of the set against the even share (100 / partitions), average row size in bytes (heap bytes / rows), age of the partition''s range (now - lower bound, time sets) and its transaction-ID age (age(relfrozenxid)).';

CREATE VIEW @extschema@.partition_metadata AS
SELECT o.parent_table, o.partition_name, o.is_default,
       (o.lower_time AT TIME ZONE o.time_zone)::date AS partition_date,
       o.lower_bound, o.upper_bound,
       o.est_rows AS row_count, o.total_bytes AS size_bytes,
       greatest(o.last_analyze, o.last_autoanalyze) AS last_analyze,
       greatest(o.last_vacuum, o.last_autovacuum) AS last_vacuum,
       o.last_analyze AS last_manual_analyze, o.last_autoanalyze,
       o.last_vacuum AS last_manual_vacuum, o.last_autovacuum
  FROM @extschema@._partition_overview(NULL) o;
COMMENT ON VIEW @extschema@.partition_metadata IS
'partman_ext: per partition: partition_date (first day of its range in the set''s time zone, time sets), bounds, row count (catalog estimate), size in bytes, last ANALYZE and last VACUUM (manual or auto, from pg_stat_user_tables).';

CREATE VIEW @extschema@.v_partition_sizes AS
SELECT o.partition_name, o.lower_time AS start_date, o.upper_time AS end_date,
       o.est_rows AS row_count,
       round(o.total_bytes / 1048576.0, 2) AS size_mb,
       o.parent_table, o.total_bytes AS bytes
  FROM @extschema@._partition_overview(NULL) o;
COMMENT ON VIEW @extschema@.v_partition_sizes IS
'partman_ext: partition_name, start_date and end_date (range of a time set''s partition, NULL otherwise), row_count (catalog estimate, NULL = never analyzed), size_mb (total relation size in MiB), parent_table, bytes.';

CREATE VIEW @extschema@.partition_health AS
SELECT o.parent_table, o.partition_name, o.strategy, o.is_default, o.period,
       o.lower_bound, o.upper_bound, o.est_rows AS row_estimate, o.total_bytes,
       s.skew_factor,
       CASE WHEN o.is_default AND coalesce(o.est_rows > 0, o.total_bytes > 0) THEN 'DEFAULT_HAS_ROWS'
            WHEN o.total_bytes > o.max_partition_bytes THEN 'TOO_LARGE'
            WHEN o.est_rows > o.max_partition_rows THEN 'TOO_MANY_ROWS'
            WHEN s.status IN ('WARNING', 'REBALANCE_RECOMMENDED', 'CRITICAL') THEN 'SKEW_' || s.status
            WHEN o.beyond_retention THEN 'PENDING_CLEANUP'
            ELSE 'NORMAL' END AS partition_status,
       CASE WHEN o.is_default AND coalesce(o.est_rows > 0, o.total_bytes > 0) THEN
                 'default partition holds ' || coalesce(o.est_rows || ' rows (estimate)', 'data (not analyzed since it grew)')
            WHEN o.total_bytes > o.max_partition_bytes THEN
                 format('%s exceeds the limit of %s', pg_catalog.pg_size_pretty(o.total_bytes),
                        pg_catalog.pg_size_pretty(o.max_partition_bytes))
            WHEN o.est_rows > o.max_partition_rows THEN
                 format('%s rows (estimate) exceed the limit of %s', o.est_rows, o.max_partition_rows)
            WHEN s.status IN ('WARNING', 'REBALANCE_RECOMMENDED', 'CRITICAL') THEN
                 format('share %s%% against an even %s%% (skew %s)', round((100 * s.share)::numeric, 2),
                        round((100 * s.expected_share)::numeric, 2), round(s.skew_factor::numeric, 2))
            WHEN o.beyond_retention THEN 'older than the set''s retention'
       END AS status_reason
  FROM @extschema@._partition_overview(NULL) o
  LEFT JOIN @extschema@._bucket_skew(NULL) s ON s.partition_relid = o.partition_relid;
COMMENT ON VIEW @extschema@.partition_health IS
'partman_ext: per-partition status: NORMAL, DEFAULT_HAS_ROWS (default partition not empty, estimate), TOO_LARGE / TOO_MANY_ROWS (above part_config.max_partition_bytes / max_partition_rows), SKEW_WARNING / SKEW_REBALANCE_RECOMMENDED / SKEW_CRITICAL (bucket sets, analyze_partition_skew), PENDING_CLEANUP (beyond retention); with period (current / future / past / default), bounds, estimated rows, bytes and the reason.';

GRANT SELECT ON @extschema@.partition_stats, @extschema@.partition_size_distribution,
    @extschema@.partition_chunk_distribution, @extschema@.partition_metadata,
    @extschema@.v_partition_sizes, @extschema@.partition_health TO PUBLIC;
-- Activity and hot spots (issue 4, item 5; docs/monitoring.md).
-- The worker's sampling job calls sample_partition_activity() every few minutes; each call stores
-- every partition's cumulative n_tup_ins / n_tup_upd / n_tup_del (pg_stat_user_tables, summed over
-- sub-partitions) and, per sample, a running total of the writes that survives counter resets.
-- partition_hot_spots subtracts running totals: a few index probes per partition, whatever the
-- history kept.

CREATE TABLE @extschema@.partition_activity_samples (
    sampled_at      timestamptz NOT NULL,
    parent_relid    oid NOT NULL,
    partition_relid oid NOT NULL,
    n_tup_ins       bigint NOT NULL,
    n_tup_upd       bigint NOT NULL,
    n_tup_del       bigint NOT NULL,
    writes_total    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (partition_relid, sampled_at)
);
CREATE INDEX ON @extschema@.partition_activity_samples (sampled_at);
COMMENT ON TABLE @extschema@.partition_activity_samples IS
'partman_ext: samples of each partition''s cumulative write counters (n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables) taken by sample_partition_activity(), and writes_total: the writes since the partition''s first sample, counted across counter resets (set by a trigger). Full resolution for 2 hours, one per hour after that, kept for partman_ext.activity_retention (default 8 days).';

-- writes_total = the previous sample's writes_total + the writes since it: the increase of
-- ins + upd + del, or, when the counters went down (pg_stat_reset, crash recovery, a sub-partition
-- dropped), their new value: the writes since the reset. A partition's first sample is its baseline.
CREATE FUNCTION @extschema@._activity_writes_total()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prev record;
    cur bigint := NEW.n_tup_ins + NEW.n_tup_upd + NEW.n_tup_del;
BEGIN
    SELECT s.n_tup_ins + s.n_tup_upd + s.n_tup_del AS counters, s.writes_total INTO prev
      FROM @extschema@.partition_activity_samples s
     WHERE s.partition_relid = NEW.partition_relid AND s.sampled_at < NEW.sampled_at
     ORDER BY s.sampled_at DESC LIMIT 1;
    NEW.writes_total := CASE WHEN prev.counters IS NULL THEN 0
                             WHEN cur >= prev.counters THEN prev.writes_total + cur - prev.counters
                             ELSE prev.writes_total + cur END;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@._activity_writes_total() IS
'partman_ext internal: trigger computing partition_activity_samples.writes_total from the partition''s previous sample (a counter that went down was reset: the writes since are its new value).';
CREATE TRIGGER writes_total BEFORE INSERT OR UPDATE OF n_tup_ins, n_tup_upd, n_tup_del
    ON @extschema@.partition_activity_samples
    FOR EACH ROW EXECUTE FUNCTION @extschema@._activity_writes_total();
REVOKE ALL ON @extschema@.partition_activity_samples FROM PUBLIC;
GRANT SELECT ON @extschema@.partition_activity_samples TO PUBLIC;
GRANT INSERT, DELETE, UPDATE ON @extschema@.partition_activity_samples TO partman_ext_admin;

CREATE FUNCTION @extschema@.sample_partition_activity(keep interval DEFAULT NULL)
RETURNS TABLE (sampled_at timestamptz, sets integer, partitions integer,
               samples_thinned bigint, samples_pruned bigint, kept_for interval)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    at timestamptz := now();
    n_sets integer;
    n_parts integer;
    thinned bigint;
    pruned bigint;
    retention interval;
BEGIN
    retention := coalesce(keep, nullif(current_setting('partman_ext.activity_retention', true), '')::interval,
                          interval '8 days');
    IF retention < interval '1 hour' THEN
        RAISE EXCEPTION 'activity retention must be at least 1 hour'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('The retention given is %s.', retention),
                    HINT = 'Hot spots need a week of samples: keep them for 8 days (the default) or more.';
    END IF;
    -- Counters as of now, not as of an earlier snapshot taken in this transaction.
    PERFORM pg_catalog.pg_stat_clear_snapshot();

    INSERT INTO @extschema@.partition_activity_samples AS s
           (sampled_at, parent_relid, partition_relid, n_tup_ins, n_tup_upd, n_tup_del)
    SELECT at, t.parent_relid, t.partition_relid,
           sum(pg_catalog.pg_stat_get_tuples_inserted(t.relid)),
           sum(pg_catalog.pg_stat_get_tuples_updated(t.relid)),
           sum(pg_catalog.pg_stat_get_tuples_deleted(t.relid))
      FROM @extschema@._partition_tree(NULL) t
     GROUP BY t.parent_relid, t.partition_relid
    ON CONFLICT (partition_relid, sampled_at) DO UPDATE
       SET n_tup_ins = EXCLUDED.n_tup_ins, n_tup_upd = EXCLUDED.n_tup_upd, n_tup_del = EXCLUDED.n_tup_del;
    GET DIAGNOSTICS n_parts = ROW_COUNT;

    SELECT count(*) INTO n_sets FROM @extschema@.part_config c
     WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = c.parent_table::oid);

    -- Older than 2 hours (and younger than a day: older ones were thinned already): keep the last
    -- sample of each hour.
    DELETE FROM @extschema@.partition_activity_samples s
     USING (SELECT x.partition_relid, x.sampled_at,
                   row_number() OVER (PARTITION BY x.partition_relid, date_trunc('hour', x.sampled_at)
                                      ORDER BY x.sampled_at DESC) AS rn
              FROM @extschema@.partition_activity_samples x
             WHERE x.sampled_at < at - interval '2 hours'
               AND x.sampled_at >= date_trunc('hour', at - interval '1 day')) d
     WHERE d.rn > 1 AND s.partition_relid = d.partition_relid AND s.sampled_at = d.sampled_at;
    GET DIAGNOSTICS thinned = ROW_COUNT;

    DELETE FROM @extschema@.partition_activity_samples s WHERE s.sampled_at < at - retention;
    GET DIAGNOSTICS pruned = ROW_COUNT;

    RETURN QUERY SELECT at, n_sets, n_parts, thinned, pruned, retention;
END
$$;
COMMENT ON FUNCTION @extschema@.sample_partition_activity(interval) IS
'partman_ext: stores one sample of the cumulative write counters (n_tup_ins/upd/del) of every partition of every registered set, thins samples older than 2 hours to one per hour, deletes samples older than keep (default: setting partman_ext.activity_retention, else 8 days); returns the sample time, sets and partitions sampled, samples thinned and pruned.';
REVOKE ALL ON FUNCTION @extschema@.sample_partition_activity(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.sample_partition_activity(interval) TO partman_ext_admin;

-- Writes in a window = the latest sample's writes_total minus that of the last sample taken at or
-- before the window began (or of the partition's earliest sample when it is younger): five index
-- probes per partition.
-- (A function without JIT: the estimate of five probes per partition passes jit_above_cost at a
-- few thousand partitions.)
CREATE FUNCTION @extschema@._hot_spots()
RETURNS TABLE (parent_table text, partition_name text, writes_hour bigint, writes_day bigint, writes_week bigint,
               hour_percentage numeric, day_percentage numeric, week_percentage numeric,
               expected_percentage numeric, is_default boolean, first_sampled_at timestamptz,
               last_sampled_at timestamptz)
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH p AS (
        SELECT t.parent_relid, t.partition_relid,
               format('%I.%I', pn.nspname, pc.relname) AS parent_table,
               format('%I.%I', n.nspname, c.relname) AS partition_name,
               coalesce(pt.partdefid = t.partition_relid, false) AS is_default,
               l.writes_total - coalesce(h.writes_total, f.writes_total) AS writes_hour,
               l.writes_total - coalesce(d.writes_total, f.writes_total) AS writes_day,
               l.writes_total - coalesce(w.writes_total, f.writes_total) AS writes_week,
               f.sampled_at AS first_sampled_at, l.sampled_at AS last_sampled_at
          FROM @extschema@._partition_tree(NULL) t
          JOIN pg_catalog.pg_class c ON c.oid = t.partition_relid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_class pc ON pc.oid = t.parent_relid
          JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
          LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = t.parent_relid
          LEFT JOIN LATERAL (SELECT s.writes_total, s.sampled_at FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid ORDER BY s.sampled_at DESC LIMIT 1) l ON true
          LEFT JOIN LATERAL (SELECT s.writes_total, s.sampled_at FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid ORDER BY s.sampled_at LIMIT 1) f ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= now() - interval '1 hour'
                              ORDER BY s.sampled_at DESC LIMIT 1) h ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= now() - interval '1 day'
                              ORDER BY s.sampled_at DESC LIMIT 1) d ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= now() - interval '7 days'
                              ORDER BY s.sampled_at DESC LIMIT 1) w ON true
         WHERE t.depth = 1
    )
    SELECT p.parent_table, p.partition_name, p.writes_hour, p.writes_day, p.writes_week,
           round(100.0 * p.writes_hour / nullif(sum(p.writes_hour) OVER set, 0), 2) AS hour_percentage,
           round(100.0 * p.writes_day / nullif(sum(p.writes_day) OVER set, 0), 2) AS day_percentage,
           round(100.0 * p.writes_week / nullif(sum(p.writes_week) OVER set, 0), 2) AS week_percentage,
           round(100.0 / nullif(count(*) FILTER (WHERE NOT p.is_default) OVER set, 0), 2) AS expected_percentage,
           p.is_default, p.first_sampled_at, p.last_sampled_at
      FROM p
    WINDOW set AS (PARTITION BY p.parent_relid)
$$;
COMMENT ON FUNCTION @extschema@._hot_spots() IS
'partman_ext internal: the rows of the partition_hot_spots view.';

CREATE VIEW @extschema@.partition_hot_spots AS SELECT * FROM @extschema@._hot_spots();
COMMENT ON VIEW @extschema@.partition_hot_spots IS
'partman_ext: writes (inserted + updated + deleted rows) per partition in the last hour, day and week, counted from the last sample taken before the window began to the latest sample (last_sampled_at; the oldest kept is first_sampled_at) in partition_activity_samples (a counter that went down was reset: counted from its new value), and each partition''s percentage of its set''s writes (NULL when the set had none), against the even share 100 / partitions. NULL without samples.';
GRANT SELECT ON @extschema@.partition_hot_spots TO PUBLIC;
-- Health check and per-set summary (issue 4, items 6-7; docs/monitoring.md lists the alert codes).

-- Does a default partition hold rows? Empty heap: no. probe: EXISTS (SELECT 1 FROM ..), a read of
-- the first live tuple, when the caller may read it and nobody holds a conflicting lock; else the
-- estimate.
CREATE FUNCTION @extschema@._default_has_rows(part regclass, est_rows bigint, heap_bytes bigint, probe boolean)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    found boolean := coalesce(est_rows > 0, heap_bytes > 0);
BEGIN
    IF heap_bytes = 0 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = part) THEN
        RETURN false;
    END IF;
    IF probe AND pg_catalog.has_table_privilege(part, 'SELECT') AND @extschema@._lockable(part)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = part) THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', part) INTO found;
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION @extschema@._default_has_rows(regclass, bigint, bigint, boolean) IS
'partman_ext internal: whether a default partition holds rows: false without blocks; with probe an EXISTS (SELECT 1 ..) read when it is readable at once, else the catalog estimate.';

-- All alerts. probe_default: look into non-empty default partitions (EXISTS .. LIMIT 1) instead
-- of trusting the estimate; the views pass false (catalog only).
CREATE FUNCTION @extschema@._health_alerts(parent regclass, probe_default boolean,
                                           overview @extschema@._overview_row[] DEFAULT NULL)
RETURNS TABLE (severity text, code text, parent_table text, partition_name text, message text,
               recommendation text, parent_relid oid)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    job_parent text;
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
           AND m1.month = date_trunc('month', now() AT TIME ZONE s.time_zone) - interval '1 month'
          JOIN months m2 ON m2.relid = s.relid AND m2.known
           AND m2.month = date_trunc('month', now() AT TIME ZONE s.time_zone) - interval '2 months'
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
                  to_char(now() AT TIME ZONE s.time_zone, 'YYYY-MM-DD HH24:MI'),
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

    -- Failing jobs of the scheduler (when installed): the latest finished run of a job failed or
    -- was cancelled. A job of one set concerns that set; a job of every set (parent_table NULL)
    -- concerns them all.
    IF to_regclass('@extschema@.job_runs') IS NOT NULL THEN
        job_parent := CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                         WHERE a.attrelid = to_regclass('@extschema@.job_runs')
                                           AND a.attname = 'parent_table' AND NOT a.attisdropped)
                           THEN 'r.parent_table::text' ELSE 'NULL::text' END;
        RETURN QUERY EXECUTE format($q$
            WITH runs AS (
                SELECT r.job_id, r.kind, r.started_at, r.status, r.sqlstate, r.message,
                       to_regclass(%s)::oid AS set_oid,
                       row_number() OVER (PARTITION BY r.job_id ORDER BY r.started_at DESC) AS rn
                  FROM @extschema@.job_runs r
                 WHERE r.status IN ('succeeded', 'failed', 'cancelled')
            ), last AS (
                SELECT r.*, (SELECT count(*) FROM runs f
                              WHERE f.job_id = r.job_id AND f.status <> 'succeeded'
                                AND f.started_at > coalesce((SELECT max(ok.started_at) FROM runs ok
                                                              WHERE ok.job_id = r.job_id AND ok.status = 'succeeded'),
                                                            '-infinity')) AS failures
                  FROM runs r WHERE r.rn = 1 AND r.status <> 'succeeded'
            )
            SELECT CASE WHEN l.kind = 'maintenance' THEN 'critical' ELSE 'warning' END,
                   CASE WHEN l.kind = 'maintenance' THEN 'MAINTENANCE_JOB_FAILING' ELSE 'JOB_FAILING' END,
                   CASE WHEN l.set_oid IS NOT NULL THEN format('%%I.%%I', n.nspname, c.relname) END, NULL::text,
                   format('%%s job %%s%%s: %%s run(s) in a row %%s, the last at %%s: %%s%%s', l.kind, l.job_id,
                          CASE WHEN l.set_oid IS NOT NULL THEN ' of ' || format('%%I.%%I', n.nspname, c.relname) ELSE ' (every set)' END,
                          l.failures, l.status, to_char(l.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                          coalesce('[' || l.sqlstate || '] ', ''), coalesce(l.message, 'no message')),
                   'Read the error in partman_ext.job_runs, fix its cause, then run the job''s function by hand to check.'::text,
                   l.set_oid
              FROM last l
              LEFT JOIN pg_catalog.pg_class c ON c.oid = l.set_oid
              LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE $1 IS NULL OR l.set_oid IS NULL OR l.set_oid = $1::oid
             ORDER BY l.job_id
        $q$, job_parent) USING parent;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@._health_alerts(regclass, boolean, @extschema@._overview_row[]) IS
'partman_ext internal: every health alert of one set (or all sets); probe_default looks into non-empty default partitions instead of trusting the catalog estimate; overview: the partitions when already computed.';

CREATE FUNCTION @extschema@.check_partition_health(parent regclass DEFAULT NULL)
RETURNS TABLE (severity text, code text, parent_table text, partition_name text, message text,
               recommendation text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    IF parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'check_partition_health() checks the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL to check every set.';
    END IF;
    RETURN QUERY
    SELECT a.severity, a.code, a.parent_table, a.partition_name, a.message, a.recommendation
      FROM @extschema@._health_alerts(parent, true) a
     ORDER BY CASE a.severity WHEN 'critical' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
              a.parent_table NULLS FIRST, a.code, a.partition_name;
END
$$;
COMMENT ON FUNCTION @extschema@.check_partition_health(regclass) IS
'partman_ext: health alerts of one set (or of all sets with NULL), most severe first: severity (critical / warning / info), a stable code (see docs/monitoring.md), set, partition, message and recommendation. Catalog and statistics only, except a LIMIT 1 probe of non-empty default partitions.';
-- partition_health_summary: one row per set (issue 4, item 6; docs/monitoring.md).

-- The rows of partition_health_summary: the partitions are read once and shared by the alerts and
-- the per-set figures.
CREATE FUNCTION @extschema@._health_summary()
RETURNS TABLE (parent_table text, strategy text, status text, alerts text[], partitions integer,
               future_coverage integer, premake integer, partitions_pending_cleanup integer,
               rows_in_default bigint, total_rows bigint, partitions_unanalyzed integer, total_bytes bigint,
               total_size text, oldest_partition text, newest_partition text, oldest_start timestamptz,
               newest_end timestamptz, max_skew double precision)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    overview @extschema@._overview_row[] := ARRAY(SELECT o FROM @extschema@._partition_overview(NULL) o);
BEGIN
    RETURN QUERY
    WITH ov AS MATERIALIZED (
        SELECT * FROM unnest(overview)
    ), alerts AS (
        SELECT c.parent_table::oid AS parent_relid,
               array_agg(a.severity || ': ' || a.message
                         ORDER BY CASE a.severity WHEN 'critical' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, a.code, a.partition_name) AS alerts,
               bool_or(a.severity = 'critical') AS critical,
               bool_or(a.severity = 'warning') AS warning
          FROM @extschema@.part_config c
          JOIN @extschema@._health_alerts(NULL, false, overview) a
            ON a.parent_relid = c.parent_table::oid OR a.parent_relid IS NULL  -- jobs of every set
         GROUP BY c.parent_table
    ), agg AS (
        SELECT o.parent_relid,
               count(*) FILTER (WHERE NOT o.is_default) AS partitions,
               CASE WHEN bool_or(o.lower_bound IS NOT NULL OR o.upper_bound IS NOT NULL) FILTER (WHERE NOT o.is_default)
                    THEN count(*) FILTER (WHERE o.period = 'future') END AS future_coverage,
               count(*) FILTER (WHERE o.beyond_retention) AS pending_cleanup,
               sum(o.est_rows) FILTER (WHERE o.is_default) AS rows_in_default,
               CASE WHEN count(*) FILTER (WHERE o.est_rows IS NULL) = 0 THEN sum(o.est_rows) END AS total_rows,
               count(*) FILTER (WHERE o.est_rows IS NULL) AS unanalyzed,
               sum(o.total_bytes) AS total_bytes,
               (array_agg(o.partition_name ORDER BY o.lower_time, o.lower_value)
                    FILTER (WHERE NOT o.is_default AND (o.lower_time IS NOT NULL OR o.lower_value IS NOT NULL)))[1] AS oldest,
               (array_agg(o.partition_name ORDER BY o.lower_time DESC, o.lower_value DESC)
                    FILTER (WHERE NOT o.is_default AND (o.lower_time IS NOT NULL OR o.lower_value IS NOT NULL)))[1] AS newest,
               min(o.lower_time) FILTER (WHERE NOT o.is_default) AS oldest_start,
               max(o.upper_time) FILTER (WHERE NOT o.is_default) AS newest_end
          FROM ov o GROUP BY o.parent_relid
    ), skew AS (
        SELECT s.parent_relid, max(abs(s.skew_factor)) AS max_skew
          FROM @extschema@._bucket_skew(NULL) s GROUP BY s.parent_relid
    )
    SELECT format('%I.%I', n.nspname, r.relname) AS parent_table, c.strategy,
           CASE WHEN coalesce(g.partitions, 0) = 0 THEN 'NO_PARTITIONS'
                WHEN al.critical THEN 'CRITICAL'
                WHEN al.warning THEN 'WARNING'
                WHEN g.pending_cleanup > 0 THEN 'CLEANUP_NEEDED'
                ELSE 'HEALTHY' END AS status,
           coalesce(al.alerts, '{}'::text[]) AS alerts,
           coalesce(g.partitions, 0)::integer AS partitions,
           CASE WHEN c.strategy <> 'bucket' AND (g.future_coverage IS NOT NULL OR coalesce(g.partitions, 0) = 0)
                THEN coalesce(g.future_coverage, 0)::integer END AS future_coverage,
           c.premake,
           coalesce(g.pending_cleanup, 0)::integer AS partitions_pending_cleanup,
           g.rows_in_default::bigint AS rows_in_default,
           g.total_rows::bigint AS total_rows,
           coalesce(g.unanalyzed, 0)::integer AS partitions_unanalyzed,
           coalesce(g.total_bytes, 0)::bigint AS total_bytes,
           pg_catalog.pg_size_pretty(coalesce(g.total_bytes, 0)) AS total_size,
           g.oldest AS oldest_partition, g.newest AS newest_partition,
           g.oldest_start, g.newest_end,
           sk.max_skew
      FROM @extschema@.part_config c
      JOIN pg_catalog.pg_class r ON r.oid = c.parent_table::oid
      JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
      LEFT JOIN agg g ON g.parent_relid = c.parent_table::oid
      LEFT JOIN alerts al ON al.parent_relid = c.parent_table::oid
      LEFT JOIN skew sk ON sk.parent_relid = c.parent_table::oid;
END
$$;
COMMENT ON FUNCTION @extschema@._health_summary() IS
'partman_ext internal: the rows of the partition_health_summary view.';

CREATE VIEW @extschema@.partition_health_summary AS SELECT * FROM @extschema@._health_summary();
COMMENT ON VIEW @extschema@.partition_health_summary IS
'partman_ext: one row per set: status (NO_PARTITIONS, CRITICAL, WARNING, CLEANUP_NEEDED, HEALTHY), its alerts (severity: message, from the health check using catalog estimates only), partitions, future_coverage (partitions wholly after now / above the current one; NULL when the set could not be read), premake, partitions pending cleanup (beyond retention), rows in the default partition, total rows (sum of the estimates; NULL while a partition holding data was never analyzed: partitions_unanalyzed counts them), total bytes, oldest and newest partition and the time they span, largest |skew| (bucket sets).';
GRANT SELECT ON @extschema@.partition_health_summary TO PUBLIC;

-- The call form some applications use: SELECT * FROM partman_ext.partition_health_summary();
CREATE FUNCTION @extschema@.partition_health_summary()
RETURNS SETOF @extschema@.partition_health_summary LANGUAGE sql STABLE AS $$
    SELECT * FROM @extschema@.partition_health_summary
$$;
COMMENT ON FUNCTION @extschema@.partition_health_summary() IS
'partman_ext: the rows of the partition_health_summary view, for callers that use the function form.';
-- partition_report(): the whole picture in one call (issue 4, item 8; docs/monitoring.md).
-- The document is built once as jsonb; the text form is rendered from it.

CREATE FUNCTION @extschema@._report_document(parent regclass, top integer)
RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    set_name text;
    doc jsonb;
    part jsonb;
BEGIN
    IF parent IS NOT NULL THEN
        SELECT format('%I.%I', n.nspname, r.relname) INTO set_name
          FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE r.oid = parent;
    END IF;

    doc := jsonb_build_object(
        'generated_at', now(),
        'parent_table', set_name,
        'sets', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.parent_table), '[]')
                   FROM @extschema@.partition_health_summary s
                  WHERE set_name IS NULL OR s.parent_table = set_name),
        'alerts', (SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]')
                     FROM @extschema@.check_partition_health(parent) a),
        'sizes', (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.bytes DESC, v.partition_name), '[]')
                    FROM (SELECT * FROM @extschema@.v_partition_sizes z
                           WHERE set_name IS NULL OR z.parent_table = set_name
                           ORDER BY z.bytes DESC, z.partition_name LIMIT top) v),
        'hot_spots', (SELECT coalesce(jsonb_agg(to_jsonb(h) ORDER BY h.writes_hour DESC, h.writes_day DESC, h.partition_name), '[]')
                        FROM (SELECT * FROM @extschema@.partition_hot_spots z
                               WHERE (set_name IS NULL OR z.parent_table = set_name) AND z.writes_week > 0
                               ORDER BY z.writes_hour DESC, z.writes_day DESC, z.partition_name LIMIT top) h),
        'skew', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'parent_table', o.parent_table, 'partition_name', o.partition_name,
                            'share', s.share, 'expected_share', s.expected_share,
                            'skew_factor', s.skew_factor, 'z_score', s.z_score, 'status', s.status)
                        ORDER BY abs(s.skew_factor) DESC NULLS LAST, o.partition_name), '[]')
                   FROM @extschema@._bucket_skew(parent) s
                   JOIN @extschema@._partitions(parent) o ON o.partition_relid = s.partition_relid
                  WHERE s.status NOT IN ('HEALTHY', 'INSUFFICIENT_DATA')));

    -- The bucket helpers' relations, when installed.
    part := '[]';
    IF to_regclass('@extschema@.partition_distribution') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.parent_table), ''[]'')
                   FROM @extschema@.partition_distribution d WHERE $1 IS NULL OR d.parent_table = $1'
           INTO part USING set_name;
    END IF;
    doc := doc || jsonb_build_object('distribution', part);
    part := '[]';
    IF to_regclass('@extschema@.key_statistics') IS NOT NULL THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(k)), ''[]'') FROM (SELECT * FROM @extschema@.key_statistics k %s LIMIT %s) k',
                       CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                          WHERE a.attrelid = to_regclass('@extschema@.key_statistics')
                                            AND a.attname = 'row_count' AND NOT a.attisdropped)
                            THEN 'ORDER BY k.row_count DESC' ELSE '' END, top)
           INTO part;
    END IF;
    RETURN doc || jsonb_build_object('heavy_keys', part);
END
$$;
COMMENT ON FUNCTION @extschema@._report_document(regclass, integer) IS
'partman_ext internal: the partition_report() document (sets, alerts, distribution, sizes, hot spots, skew, heavy keys) as jsonb.';

-- One line per element of a jsonb array, through a format with the named keys.
CREATE FUNCTION @extschema@._report_lines(items jsonb, title text, fmt text, VARIADIC keys text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT E'\n== ' || title || E' ==\n' ||
           coalesce(string_agg(format(fmt, VARIADIC ARRAY(SELECT coalesce(i.e ->> k, '-') FROM unnest(keys) k)),
                               E'\n' ORDER BY i.n),
                    '(none)')
      FROM jsonb_array_elements(coalesce(items, '[]')) WITH ORDINALITY i(e, n)
$$;
COMMENT ON FUNCTION @extschema@._report_lines(jsonb, text, text, text[]) IS
'partman_ext internal: a titled section of the text report, one formatted line per array element.';

CREATE FUNCTION @extschema@.partition_report(format text DEFAULT 'text', parent regclass DEFAULT NULL,
                                             top integer DEFAULT 20)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    doc jsonb;
BEGIN
    IF format IS NULL OR lower(format) NOT IN ('text', 'json') THEN
        RAISE EXCEPTION 'unknown report format "%"', coalesce(format, 'NULL')
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() writes text for people or json for machines.',
                    HINT = 'Use format => ''text'' or format => ''json''.';
    END IF;
    IF top IS NULL OR top < 1 THEN
        RAISE EXCEPTION 'top must be at least 1'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('top was %s.', coalesce(top::text, 'NULL')),
                    HINT = 'top is how many partitions the size, hot-spot and heavy-key sections list (default 20).';
    END IF;
    IF parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() reports on the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL for every set.';
    END IF;

    doc := @extschema@._report_document(parent, top);
    IF lower(format) = 'json' THEN
        RETURN doc::text;
    END IF;
    RETURN 'partman_ext partition report, ' || to_char(now(), 'YYYY-MM-DD HH24:MI:SS TZ') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'ahead', CASE WHEN e ->> 'strategy' = 'bucket' THEN 'bucket set'
                                      ELSE format('%s ahead (premake %s)', e ->> 'future_coverage', e ->> 'premake') END,
                        'dflt', CASE WHEN e ->> 'rows_in_default' IS NOT NULL
                                     THEN format(', default partition ~%s rows', e ->> 'rows_in_default') ELSE '' END)
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sets') WITH ORDINALITY x(e, n)),
            'Partition sets', '%s (%s): %s; %s partitions, %s, %s pending cleanup, ~%s rows, %s%s',
            'parent_table', 'strategy', 'status', 'partitions', 'ahead', 'partitions_pending_cleanup',
            'total_rows', 'total_size', 'dflt') ||
        @extschema@._report_lines(doc -> 'alerts', 'Alerts', E'%s %s %s %s: %s\n    -> %s',
            'severity', 'code', 'parent_table', 'partition_name', 'message', 'recommendation') ||
        @extschema@._report_lines(doc -> 'distribution', 'Distribution (bucket sets)',
            '%s: %s partitions, ~%s rows, mean %s, stddev %s, cv %s, max skew %s: %s',
            'parent_table', 'partitions', 'total_rows', 'mean_rows', 'stddev_rows', 'cv', 'max_skew', 'status') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object('range', CASE WHEN e ->> 'start_date' IS NOT NULL
                                                                    THEN format(', %s .. %s', e ->> 'start_date', e ->> 'end_date') ELSE '' END)
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sizes') WITH ORDINALITY x(e, n)),
            'Largest partitions', '%s: %s MB, ~%s rows%s', 'partition_name', 'size_mb', 'row_count', 'range') ||
        @extschema@._report_lines(doc -> 'hot_spots', 'Hot spots (writes)',
            '%s: hour %s (%s%%), day %s (%s%%), week %s (%s%%)', 'partition_name', 'writes_hour', 'hour_percentage',
            'writes_day', 'day_percentage', 'writes_week', 'week_percentage') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'share_pct', round((e ->> 'share')::numeric * 100, 2),
                        'expected_pct', round((e ->> 'expected_share')::numeric * 100, 2),
                        'skew', round((e ->> 'skew_factor')::numeric, 2)) ORDER BY n)
               FROM jsonb_array_elements(doc -> 'skew') WITH ORDINALITY x(e, n)),
            'Skewed partitions', '%s: %s%% of the rows against %s%%, skew %s: %s',
            'partition_name', 'share_pct', 'expected_pct', 'skew', 'status') ||
        @extschema@._report_lines((SELECT jsonb_agg(jsonb_build_object('row', e::text)) FROM jsonb_array_elements(doc -> 'heavy_keys') e),
            'Heavy keys', '%s', 'row') || E'\n';
END
$$;
COMMENT ON FUNCTION @extschema@.partition_report(text, regclass, integer) IS
'partman_ext: the whole picture in one call: set health summary, alerts, distribution of bucket sets, largest partitions, hot spots, skewed partitions and heavy keys. format ''text'' gives lines for psql, ''json'' one JSON document (cast it to jsonb); parent limits it to one set; top caps the per-partition lists. An unknown format raises SQLSTATE 22023.';
