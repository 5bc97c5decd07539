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
    retention_not_before timestamptz,
    naming              text,
    max_monthly_growth  double precision NOT NULL DEFAULT 0.5 CHECK (max_monthly_growth > 0),
    min_future_partitions integer CHECK (min_future_partitions >= 0),
    CHECK (retention_mode <> 'archive' OR archive_schema IS NOT NULL)
);
COMMENT ON TABLE @extschema@.part_config IS
'partman_ext: one row per partition set (parent, control column, strategy, interval, premake, retention, default partition, time zone, lock_timeout, skew thresholds). Change it with update_partition_set(), not by hand.';
COMMENT ON COLUMN @extschema@.part_config.retention_not_before IS
'partman_ext: destructive retention (drop, detach, archive) waits until this instant: the next regular run of the maintenance job after the set was registered with a retention or its retention, retention_mode or enabled changed. NULL: no wait.';
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
    run_by          name NOT NULL DEFAULT session_user,
    parent_relid    regclass
);
CREATE INDEX ON @extschema@.maintenance_log (logged_at);
CREATE INDEX ON @extschema@.maintenance_log (parent_table, logged_at);
COMMENT ON TABLE @extschema@.maintenance_log IS
'partman_ext: every maintenance action with its outcome: operation, parent, partition, success, SQLSTATE, message, rows moved out of the default partition, duration (ms), time.';
REVOKE ALL ON @extschema@.maintenance_log FROM PUBLIC;
GRANT SELECT ON @extschema@.maintenance_log TO PUBLIC;
