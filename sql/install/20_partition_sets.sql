-- Partition sets: registration, premake, retention, default-partition relocation, listing.
-- Implemented in C++ (src/sql/ entry points, src/engine/); see docs/reference.md for arguments, rows and errors.

-- One row per action taken or planned.
CREATE TYPE @extschema@.partition_action AS (
    parent_table   regclass, -- the set's parent
    partition_name text,    -- schema-qualified partition (text: it may not exist yet, dry run, or any more, dropped)
    lower_bound    text,    -- inclusive lower bound as the key type prints it
    upper_bound    text,    -- exclusive upper bound
    est_rows       bigint,  -- catalog estimate (pg_class.reltuples; NULL = never analyzed)
    bytes          bigint,  -- retention rows: pg_class.relpages x 8 kB of table, TOAST and indexes (catalog estimate)
    rows_moved     bigint,  -- rows moved out of the default partition by this action
    action         text,    -- created / would create / dropped / would drop / detached / would detach /
                            -- archived / would archive / moved / would move / retention pending /
                            -- granted / would grant / skipped / failed / would fail /
                            -- deferred (left for the next transaction or run; see message)
    message        text,    -- why it was skipped or failed (with SQLSTATE), or other detail
    sqlstate       text     -- the SQLSTATE of a skipped or failed step; NULL when it succeeded
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
    lock_timeout interval DEFAULT '2s',
    enabled boolean DEFAULT true,
    dry_run boolean DEFAULT false,
    naming text DEFAULT NULL)
RETURNS TABLE (parent_table regclass, strategy text, control_column text, partition_interval text,
               premake integer, retention text, retention_mode text, time_zone text,
               adopted_partitions integer, default_partition regclass,
               created_partitions integer, rows_moved bigint, retention_not_before timestamptz, enabled boolean,
               naming text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_register_partition_set';

CREATE FUNCTION @extschema@.update_partition_set(
    parent regclass,
    premake integer DEFAULT NULL,
    retention text DEFAULT 'unchanged',
    retention_mode text DEFAULT NULL,
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT NULL,
    time_zone text DEFAULT NULL,
    lock_timeout interval DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    clear_retention boolean DEFAULT false,
    naming text DEFAULT NULL,
    skew_warning double precision DEFAULT NULL,
    skew_rebalance double precision DEFAULT NULL,
    skew_critical double precision DEFAULT NULL,
    max_partition_bytes bigint DEFAULT NULL,
    max_partition_rows bigint DEFAULT NULL,
    max_monthly_growth double precision DEFAULT NULL,
    min_future_partitions integer DEFAULT NULL,
    reset text[] DEFAULT NULL,
    partition_interval text DEFAULT NULL)
RETURNS SETOF @extschema@.part_config
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_update_partition_set_v2';

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

CREATE FUNCTION @extschema@.reapply_privileges(parent regclass, revoke_extra boolean DEFAULT false, dry_run boolean DEFAULT false)
RETURNS TABLE (parent_table regclass, partition_name regclass, action text, privileges text, grantee text, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_reapply_privileges';

CREATE FUNCTION @extschema@.list_partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, partition_name regclass, lower_bound text, upper_bound text,
               est_rows bigint, bytes bigint, is_default boolean, status text, retention_at timestamptz)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_list_partitions';

COMMENT ON TYPE @extschema@.partition_action IS
'partman_ext: one action taken or planned on a partition (bounds, catalog row estimate, catalog size estimate in bytes, rows moved out of the default partition, action, message). action deferred: work left for a new transaction (lock budget) or a later run (partman_ext.max_gap_fill), with the range and count in message; skipped and failed rows carry their SQLSTATE in sqlstate (and at the start of message); sqlstate is NULL for a step that succeeded.';
COMMENT ON FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval, boolean, boolean, text) IS
'partman_ext: register a RANGE-partitioned parent as a time or integer partition set. partition_interval and retention are intervals (time sets) or integers (integer sets); premake counts intervals after the current one. Adopts existing partitions from the catalog, then (when enabled) creates the current and premake partitions, the gap fill and the default partition in the caller''s transaction, moving rows of their ranges out of the default partition; removes nothing. A retention first acts at the next regular maintenance run (retention_not_before); a NOTICE says what it will remove and when. enabled => false registers without creating anything or maintaining the set. dry_run => true changes nothing and says in a NOTICE what registration would create. naming: the names of new partitions, a template of tokens (PARENT, YYYY, MM, DD, HH24, MI; LOWER for integer sets; "quoted" text is literal; docs/reference.md); NULL: the style every adopted partition follows when they all follow one (e.g. events_YYYY_MM), else the default <parent>_pYYYY_MM-style names. Returns the set with parent_table and default_partition as regclass and the naming in use (NULL: default). Errors: 22004 NULL argument, 42809 not RANGE-partitioned, 0A000 multi-column/expression key, 42703/22023 wrong control column, 42804 unsupported type, 22023 bad interval/premake/retention/mode/zone/misaligned bounds, 3F000 missing archive schema, 42710 already registered, 42501 not the owner or the owner cannot create tables in the parent''s schema.';
COMMENT ON FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean, text, double precision, double precision, double precision, bigint, bigint, double precision, integer, text[], text) IS
'partman_ext: change a partition set''s settings, as its owner (or a member of partman_ext_admin): NULL = keep; retention: ''unchanged'' = keep, NULL = remove retention, as does clear_retention => true. naming: the template of new partitions'' names (time and integer sets). The health thresholds: skew_warning, skew_rebalance, skew_critical (|skew factor|, 0 < warning <= rebalance <= critical), max_partition_bytes, max_partition_rows (> 0), max_monthly_growth (fraction, > 0: HIGH_GROWTH above it), min_future_partitions (>= 0; NULL follows premake). reset: names of settings to put back to their defaults (naming, skew_warning, skew_rebalance, skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth, min_future_partitions). A new retention or retention_mode, or enabling a set with retention, removes nothing before the next regular maintenance run; a NOTICE says what will be removed and when. partition_interval changes the interval of partitions created from now on (e.g. ''1 month'' to ''7 days''): the grid continues from the upper bound of the highest partition; 22023 when it cannot (months must start on the 1st) or premake would reach beyond the key type. Returns the new configuration row. Existing partitions keep their bounds and names. Errors: 22023 bad value, 42501 not the owner.';
COMMENT ON FUNCTION @extschema@.unregister_partition_set(regclass) IS
'partman_ext: forget a partition set. Its parent, partitions and data are not touched. Returns the configuration row removed.';
COMMENT ON FUNCTION @extschema@.create_future_partitions(regclass, integer, boolean) IS
'partman_ext: make sure partitions exist from the start of coverage (first partition, or where retention starts) through the current interval + premake (default: the set''s premake), relative to now in the set''s time zone (integer sets: max(control)). Rows of a new partition''s range are moved out of the default partition in the same transaction. Each DDL statement runs under the set''s lock_timeout; a statement that cannot get its lock is reported as skipped. dry_run => true returns what would be created and how many rows would move. Bounded: the current interval and premake first, then at most partman_ext.max_gap_fill gap-fill partitions (nearest to now first), all within the transaction''s lock budget (max_locks_per_transaction); the rest is reported as deferred. 22023 when premake reaches beyond the key type''s range.';
COMMENT ON FUNCTION @extschema@.drop_old_partitions(regclass, integer, boolean) IS
'partman_ext: retention on request, at once (the set''s retention_not_before does not apply). Removes (per the set''s retention_mode: drop, detach, or archive) partitions whose upper bound is at or before now - retention months (time sets) or max(control) - retention (integer sets). Never the default partition or the current one. dry_run => true returns exactly what a real run would remove, with row estimates and bytes.';
COMMENT ON FUNCTION @extschema@.drop_old_partitions(regclass, interval, boolean) IS
'partman_ext: retention with an interval (time sets), e.g. interval ''90 days''. See the integer form.';
COMMENT ON FUNCTION @extschema@.run_partition_maintenance(regclass, boolean) IS
'partman_ext: full maintenance of one set or (NULL) every enabled time/integer set the caller may maintain: premake and gap fill, retention (rows ''retention pending'' until the set''s retention_not_before), default partition, the parent''s grants on partitions missing them. Each set runs in its own subtransaction under its lock_timeout and an advisory lock, planned from a snapshot taken once that lock is held; one failing set never stops the others. Bounded per call: the current interval and premake first, then the default partition and retention, then at most partman_ext.max_gap_fill gap-fill partitions (nearest to now first), all within the transaction''s lock budget (max_locks_per_transaction); what is left comes back as deferred rows (run_partition_maintenance_proc continues at once in new transactions).';
COMMENT ON FUNCTION @extschema@.empty_default_partition(regclass, boolean) IS
'partman_ext: move every row of the default partition into a partition of its own interval, creating partitions as needed (even outside premake and retention). Rows with a NULL control value stay and are reported. A key no partition can hold (-infinity, infinity, beyond the key type''s range) is reported as skipped with its SQLSTATE (22008 time keys, 22003 integer keys) and the other rows move; a slot whose partition cannot be created is that slot''s failed row. Within the transaction''s lock budget; rows left for the next call come back as a deferred row. dry_run => true counts instead.';
COMMENT ON FUNCTION @extschema@.list_partitions(regclass) IS
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog (MINVALUE / MAXVALUE, or -infinity / infinity as written), est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size (for a Citus table est_rows and bytes come from its shards, bytes NULL while a shard cannot be read now; docs/citus.md), status past / current / future / beyond retention / default, retention_at: the first maintenance run at or after it removes the partition (NULL = never: no retention, set disabled, current or open-ended partition; integer sets: only partitions already behind retention).';
COMMENT ON FUNCTION @extschema@.reapply_privileges(regclass, boolean, boolean) IS
'partman_ext: give every partition (all levels, default included) the privileges its parent grants and it lacks; revoke_extra => true also revokes privileges a partition grants and the parent does not. Runs as the parent''s owner; partitions owned by another role are skipped. One row per partition and grantee: privileges, action granted / revoked / would grant / would revoke / skipped / failed, the statement and any error. dry_run => true changes nothing.';

-- Dropping a registered parent forgets its partition set (the configuration would be dangling).
CREATE FUNCTION @extschema@.forget_dropped_sets()
RETURNS event_trigger LANGUAGE c AS 'MODULE_PATHNAME', 'partman_forget_dropped_sets';
COMMENT ON FUNCTION @extschema@.forget_dropped_sets() IS
'partman_ext: sql_drop event trigger function; removes the part_config row of a parent table that was dropped.';
REVOKE ALL ON FUNCTION @extschema@.forget_dropped_sets() FROM PUBLIC;
CREATE EVENT TRIGGER partman_ext_forget_dropped_sets ON sql_drop
    EXECUTE FUNCTION @extschema@.forget_dropped_sets();

-- "Is this a registered partition set": the one lookup (C++ pg::load_set), for the functions
-- written in SQL.
CREATE FUNCTION @extschema@._is_registered(parent regclass)
RETURNS boolean LANGUAGE c STABLE STRICT AS 'MODULE_PATHNAME', 'partman_is_registered';
COMMENT ON FUNCTION @extschema@._is_registered(regclass) IS
'partman_ext internal: true when parent is a registered partition set (has a row in partman_ext.part_config, of any strategy, enabled or not). The same lookup every C function makes.';

-- Who may maintain or change a partition set: the one rule (C++ pg::owner_or_admin), for the
-- procedures and views written in SQL.
CREATE FUNCTION @extschema@._may_maintain(parent regclass)
RETURNS boolean LANGUAGE c STABLE STRICT AS 'MODULE_PATHNAME', 'partman_may_maintain';
COMMENT ON FUNCTION @extschema@._may_maintain(regclass) IS
'partman_ext internal: true when the caller may maintain or change the set of parent: it has the privileges of the parent''s owner or of partman_ext_admin (PostgreSQL''s has_privs_of_role: a NOINHERIT member of partman_ext_admin must SET ROLE partman_ext_admin first), or is a superuser. False when parent no longer exists. The same rule every C function applies.';

-- One transaction's share of one set's maintenance run (run_partition_maintenance_proc loops over
-- it, committing in between): full maintenance with at most gap_fill_limit gap-fill partitions.
CREATE FUNCTION @extschema@._maintenance_chunk(parent regclass, gap_fill_limit bigint)
RETURNS TABLE (actions text[], gap_created bigint, more_now boolean, progress bigint)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_maintenance_chunk';
COMMENT ON FUNCTION @extschema@._maintenance_chunk(regclass, bigint) IS
'partman_ext internal: one transaction of a maintenance run of one set (run_partition_maintenance_proc): at most gap_fill_limit gap-fill partitions, within the transaction''s lock budget. One row: the action of every row (also in maintenance_log), gap-fill partitions created, more_now (the lock budget stopped it: continue in a new transaction), progress (actions that changed something).';

-- Gap fill still to do, per set (catalog only; a set locked by another session is left out).
CREATE FUNCTION @extschema@.gap_fill_status(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, missing_partitions bigint, lower_bound text, upper_bound text,
               per_run integer, runs_needed bigint)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_gap_fill_status';
COMMENT ON FUNCTION @extschema@.gap_fill_status(regclass) IS
'partman_ext: for each time/integer set (or one) with gap fill left to do: how many partitions are missing between the start of its coverage and now (the current interval and premake not counted), the range they span (lower_bound of the first, upper_bound of the last), partman_ext.max_gap_fill (per_run) and the maintenance runs that takes (NULL when gap fill is off). Catalog only: integer sets take the highest partition''s lower bound as now.';

-- The same maintenance as run_partition_maintenance(), committing after each set and, within a
-- set, after each chunk its lock budget allows, until the run's gap fill (partman_ext.max_gap_fill)
-- is done. So no transaction holds more locks than max_locks_per_transaction and no lock taken for
-- one set outlives it (a function cannot commit). No SET clause: a procedure with one cannot
-- commit; it runs as its caller and names pg_catalog explicitly.
CREATE PROCEDURE @extschema@.run_partition_maintenance_proc(parent regclass DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    s regclass;
    summary text;
    chunk record;
    gap_left bigint;
    done text[];
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded), which defines partman_ext.max_gap_fill
    FOR s IN
        SELECT c.parent_table FROM @extschema@.part_config c JOIN pg_catalog.pg_class r ON r.oid = c.parent_table
         WHERE c.enabled AND c.strategy <> 'bucket' AND (parent IS NULL OR c.parent_table = parent)
           AND (parent IS NOT NULL OR @extschema@._may_maintain(c.parent_table))  -- one set: 42501 from the chunk
         ORDER BY c.parent_table::oid
    LOOP
        gap_left := pg_catalog.current_setting('partman_ext.max_gap_fill')::bigint;
        done := '{}';
        LOOP
            SELECT * INTO chunk FROM @extschema@._maintenance_chunk(s, gap_left);
            gap_left := GREATEST(gap_left - chunk.gap_created, 0);
            COMMIT;
            -- Rows deferred to the next chunk are counted only when no chunk follows.
            EXIT WHEN NOT chunk.more_now OR chunk.progress = 0;
            done := done || ARRAY(SELECT a FROM pg_catalog.unnest(chunk.actions) a WHERE a <> 'deferred');
        END LOOP;
        done := done || chunk.actions;
        SELECT pg_catalog.string_agg(n::text || ' ' || action, ', ' ORDER BY action) INTO summary
          FROM (SELECT a AS action, pg_catalog.count(*) AS n FROM pg_catalog.unnest(done) a GROUP BY a) x;
        RAISE NOTICE '%: %', s, coalesce(summary, 'nothing to do');
    END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_partition_maintenance_proc(regclass) IS
'partman_ext: run_partition_maintenance for one set or (NULL) every enabled time/integer set the caller may maintain, committing after each set and after each chunk of work its transaction''s lock budget allows (max_locks_per_transaction), until the run''s gap fill (at most partman_ext.max_gap_fill partitions per set) is done. Reports one NOTICE per set (actions and counts); details are in maintenance_log.';
