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
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog, est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size, status past / current / future / beyond retention / default. For a Citus table est_rows and bytes come from its shards (bytes NULL while a shard cannot be read now; docs/citus.md).';

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
