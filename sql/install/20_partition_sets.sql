-- Partition sets: registration, premake, retention, default-partition relocation, listing.
-- Implemented in C++ (src/pg/); see docs/reference.md for arguments, rows and errors.

-- One row per action taken or planned.
CREATE TYPE @extschema@.partition_action AS (
    parent_table   text,    -- the set's parent, schema-qualified
    partition_name text,    -- schema-qualified partition
    lower_bound    text,    -- inclusive lower bound as the key type prints it
    upper_bound    text,    -- exclusive upper bound
    est_rows       bigint,  -- catalog estimate (pg_class.reltuples; -1 = never analyzed)
    bytes          bigint,  -- pg_total_relation_size
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

CREATE FUNCTION @extschema@.create_future_partitions(parent regclass, premake integer DEFAULT NULL)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_create_future_partitions';

CREATE FUNCTION @extschema@.drop_old_partitions(parent regclass, retention integer, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_drop_old_partitions';

CREATE FUNCTION @extschema@.drop_old_partitions(parent regclass, retention interval, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_drop_old_partitions';

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
