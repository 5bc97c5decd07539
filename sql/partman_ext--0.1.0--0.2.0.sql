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

-- Issue 8 (items 3, 4, 8): registration creates the set's partitions; retention waits for the next
-- regular maintenance run (part_config.retention_not_before) and says what it will remove;
-- list_partitions shows when; update_partition_set(..., retention => NULL) removes retention;
-- reapply_privileges() gives partitions the parent's grants.
ALTER TABLE @extschema@.part_config ADD COLUMN retention_not_before timestamptz;
COMMENT ON COLUMN @extschema@.part_config.retention_not_before IS
'partman_ext: destructive retention (drop, detach, archive) waits until this instant: the next regular run of the maintenance job after the set was registered with a retention or its retention, retention_mode or enabled changed. NULL: no wait.';

DROP FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval);
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
    lock_timeout interval DEFAULT '2s',
    enabled boolean DEFAULT true,
    dry_run boolean DEFAULT false)
RETURNS TABLE (parent_table text, strategy text, control_column text, partition_interval text,
               premake integer, retention text, retention_mode text, time_zone text,
               adopted_partitions integer, default_partition text,
               created_partitions integer, rows_moved bigint, retention_not_before timestamptz, enabled boolean)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_register_partition_set';

COMMENT ON FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval, boolean, boolean) IS
'partman_ext: register a RANGE-partitioned parent as a time or integer partition set. partition_interval and retention are intervals (time sets) or integers (integer sets); premake counts intervals after the current one. Adopts existing partitions from the catalog, then (when enabled) creates the current and premake partitions, the gap fill and the default partition in the caller''s transaction, moving rows of their ranges out of the default partition; removes nothing. A retention first acts at the next regular maintenance run (retention_not_before); a NOTICE says what it will remove and when. enabled => false registers without creating anything or maintaining the set. dry_run => true changes nothing and says in a NOTICE what registration would create. Errors: 22004 NULL argument, 42809 not RANGE-partitioned, 0A000 multi-column/expression key, 42703/22023 wrong control column, 42804 unsupported type, 22023 bad interval/premake/retention/mode/zone/misaligned bounds, 3F000 missing archive schema, 42710 already registered, 42501 not the owner or the owner cannot create tables in the parent''s schema.';

CREATE OR REPLACE FUNCTION @extschema@.update_partition_set(
    parent regclass,
    premake integer DEFAULT NULL,
    retention text DEFAULT 'unchanged',
    retention_mode text DEFAULT NULL,
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT NULL,
    time_zone text DEFAULT NULL,
    lock_timeout interval DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    clear_retention boolean DEFAULT false)
RETURNS SETOF @extschema@.part_config
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_update_partition_set_v2';

COMMENT ON FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean) IS
'partman_ext: change a partition set''s settings (NULL = keep; retention: ''unchanged'' = keep, NULL = remove retention, as does clear_retention => true). A new retention or retention_mode, or enabling a set with retention, removes nothing before the next regular maintenance run; a NOTICE says what will be removed and when. Returns the new configuration row. Existing partitions keep their bounds.';

COMMENT ON FUNCTION @extschema@.drop_old_partitions(regclass, integer, boolean) IS
'partman_ext: retention on request, at once (the set''s retention_not_before does not apply). Removes (per the set''s retention_mode: drop, detach, or archive) partitions whose upper bound is at or before now - retention months (time sets) or max(control) - retention (integer sets). Never the default partition or the current one. dry_run => true returns exactly what a real run would remove, with row estimates and bytes.';

COMMENT ON FUNCTION @extschema@.run_partition_maintenance(regclass, boolean) IS
'partman_ext: full maintenance of one set or (NULL) every enabled time/integer set the caller may maintain: premake and gap fill, retention (rows ''retention pending'' until the set''s retention_not_before), default partition, the parent''s grants on partitions missing them. Each set runs in its own subtransaction under its lock_timeout and an advisory lock; one failing set never stops the others.';

DROP FUNCTION @extschema@.list_partitions(regclass);
CREATE FUNCTION @extschema@.list_partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table text, partition_name text, lower_bound text, upper_bound text,
               est_rows bigint, bytes bigint, is_default boolean, status text, retention_at timestamptz)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_list_partitions';

COMMENT ON FUNCTION @extschema@.list_partitions(regclass) IS
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog, est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size, status past / current / future / beyond retention / default, retention_at: the first maintenance run at or after it removes the partition (NULL = never: no retention, set disabled, current or open-ended partition; integer sets: only partitions already behind retention).';

CREATE FUNCTION @extschema@.reapply_privileges(parent regclass, revoke_extra boolean DEFAULT false, dry_run boolean DEFAULT false)
RETURNS TABLE (parent_table text, partition_name text, action text, privileges text, grantee text, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_reapply_privileges';

COMMENT ON FUNCTION @extschema@.reapply_privileges(regclass, boolean, boolean) IS
'partman_ext: give every partition (all levels, default included) the privileges its parent grants and it lacks; revoke_extra => true also revokes privileges a partition grants and the parent does not. Runs as the parent''s owner; partitions owned by another role are skipped. One row per partition and grantee: privileges, action granted / revoked / would grant / would revoke / skipped / failed, the statement and any error. dry_run => true changes nothing.';

