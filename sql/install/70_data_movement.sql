-- Moving data without stalling the application (issue 10; docs/data-movement.md): the default
-- partition emptied in batches, progress, plain tables converted into partition sets and back,
-- ranges on demand, a change of interval, and advice on which tables to partition.

-- One row per data movement in progress (written by partman_ext as the extension owner).
CREATE TABLE @extschema@.data_movement (
    movement_id    bigserial PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('relocate', 'partition_table', 'undo_partition_table')),
    parent_table   oid NOT NULL,
    source_table   oid NOT NULL,
    target_table   oid NOT NULL,
    owner_role     oid NOT NULL,
    lo_units       bigint,
    hi_units       bigint,
    lower_bound    text,
    upper_bound    text,
    key_columns    text[],
    last_key       text[],
    next_block     bigint NOT NULL DEFAULT 0,
    phase          text NOT NULL DEFAULT 'copy' CHECK (phase IN ('copy', 'swap')),
    batch_size     bigint NOT NULL DEFAULT 0,
    rows_done      bigint NOT NULL DEFAULT 0,
    rows_estimated bigint,
    batches        bigint NOT NULL DEFAULT 0,
    options        jsonb NOT NULL DEFAULT '{}',
    started_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    pid            integer,
    message        text
);
COMMENT ON TABLE @extschema@.data_movement IS
'partman_ext: one row per data movement in progress (a range of a default partition relocated in batches, partition_table, undo_partition_table): where it stands, so that a crash or cancel loses nothing and the next step resumes. Removed when the movement is done (maintenance_log keeps what it did). Read it through partman_ext.progress.';
COMMENT ON COLUMN @extschema@.data_movement.movement_id IS 'Identifies the movement (partman_ext.progress.movement_id).';
COMMENT ON COLUMN @extschema@.data_movement.kind IS 'relocate (a range of a default partition), partition_table or undo_partition_table.';
COMMENT ON COLUMN @extschema@.data_movement.parent_table IS 'OID of the partitioned parent concerned (relocate, undo: the set; partition_table: the new parent).';
COMMENT ON COLUMN @extschema@.data_movement.source_table IS 'OID of the table rows come from (the default partition, the plain table, or the parent being undone).';
COMMENT ON COLUMN @extschema@.data_movement.target_table IS 'OID of the table rows go to (the partition being filled, the new parent, or the new plain table).';
COMMENT ON COLUMN @extschema@.data_movement.owner_role IS 'OID of the role the work runs as (the owner of the source).';
COMMENT ON COLUMN @extschema@.data_movement.lo_units IS 'relocate: lower bound of the range in the set''s units (µs of local time since 2000, or the integer).';
COMMENT ON COLUMN @extschema@.data_movement.hi_units IS 'relocate: upper bound of the range in the set''s units.';
COMMENT ON COLUMN @extschema@.data_movement.lower_bound IS 'relocate: lower bound of the range as people read it.';
COMMENT ON COLUMN @extschema@.data_movement.upper_bound IS 'relocate: upper bound of the range as people read it.';
COMMENT ON COLUMN @extschema@.data_movement.key_columns IS 'partition_table, undo_partition_table: the unique key rows are copied in order of.';
COMMENT ON COLUMN @extschema@.data_movement.last_key IS 'partition_table, undo_partition_table: the key of the last row copied (NULL: none yet).';
COMMENT ON COLUMN @extschema@.data_movement.next_block IS 'relocate: the next block of the default partition a batch reads.';
COMMENT ON COLUMN @extschema@.data_movement.phase IS 'copy (batches) or swap (the final short transaction).';
COMMENT ON COLUMN @extschema@.data_movement.batch_size IS 'Rows per batch asked for (0: the setting partman_ext.batch_size).';
COMMENT ON COLUMN @extschema@.data_movement.rows_done IS 'Rows moved or copied so far.';
COMMENT ON COLUMN @extschema@.data_movement.rows_estimated IS 'Rows to move or copy, counted or estimated when the movement started.';
COMMENT ON COLUMN @extschema@.data_movement.batches IS 'Batches (transactions) done so far.';
COMMENT ON COLUMN @extschema@.data_movement.options IS 'The call''s options (partition_table: the set''s settings, applied at the swap).';
COMMENT ON COLUMN @extschema@.data_movement.started_at IS 'When the movement started (wall clock).';
COMMENT ON COLUMN @extschema@.data_movement.updated_at IS 'When its last batch committed (wall clock).';
COMMENT ON COLUMN @extschema@.data_movement.pid IS 'Backend that committed the last batch.';
COMMENT ON COLUMN @extschema@.data_movement.message IS 'Why the movement waits, when it does (a failed swap, a check that did not add up).';
COMMENT ON SEQUENCE @extschema@.data_movement_movement_id_seq IS 'partman_ext: ids of data_movement.movement_id.';
REVOKE ALL ON @extschema@.data_movement FROM PUBLIC;

CREATE FUNCTION @extschema@._progress()
RETURNS TABLE (pid integer, parent_table regclass, movement_id bigint, step text, target_table text,
               rows_done bigint, rows_estimated bigint, started timestamptz, updated timestamptz)
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'partman_progress';
COMMENT ON FUNCTION @extschema@._progress() IS
'partman_ext internal: the data movements running in this database now, from shared memory (needs shared_preload_libraries = ''partman_ext''); partman_ext.progress reads it.';

CREATE VIEW @extschema@.progress AS
WITH live AS (SELECT * FROM @extschema@._progress())
SELECT l.parent_table::regclass AS parent_table, l.step, l.rows_done, l.rows_estimated, l.started,
       round(l.rows_done / greatest(extract(epoch FROM l.updated - l.started), 0.001))::bigint AS rate,
       'running'::text AS state, l.pid, l.movement_id, l.target_table, l.updated
  FROM live l
UNION ALL
SELECT m.parent_table::regclass, m.kind || coalesce(' [' || m.lower_bound || ', ' || m.upper_bound || ')', '')
           || CASE WHEN m.phase = 'swap' THEN ': swap' ELSE '' END,
       m.rows_done, m.rows_estimated, m.started_at,
       round(m.rows_done / greatest(extract(epoch FROM m.updated_at - m.started_at), 0.001))::bigint,
       CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.pid = m.pid AND a.state <> 'idle')
            THEN 'running' ELSE 'waiting' END,
       m.pid, m.movement_id, m.target_table::regclass::text, m.updated_at
  FROM @extschema@.data_movement m
 WHERE NOT EXISTS (SELECT 1 FROM live l WHERE l.movement_id = m.movement_id);
COMMENT ON VIEW @extschema@.progress IS
'partman_ext: data movements at work or waiting: parent_table (the set), step (what is moved: a range of the default partition, partition_table, undo_partition_table), rows_done, rows_estimated, started (wall clock), rate (rows per second since started), state (running, or waiting: resumed by the next step of its procedure or by the scheduler), pid, movement_id (partman_ext.data_movement), target_table (the table being filled), updated (last progress). Running work comes from shared memory and is visible while its transaction is open.';
GRANT SELECT ON @extschema@.progress TO PUBLIC;

CREATE FUNCTION @extschema@._relocate_step(parent regclass, batch_size integer, all_ranges boolean)
RETURNS TABLE (done boolean, action text, partition_name text, lower_bound text, upper_bound text,
               rows_moved bigint, message text, movement_id bigint)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_relocate_step';
COMMENT ON FUNCTION @extschema@._relocate_step(regclass, integer, boolean) IS
'partman_ext internal: one transaction of emptying a set''s default partition in batches (empty_default_partition_proc, the scheduler): the next batch of the range in progress, its final ATTACH, or the start of the next range. done: nothing more to do now. action waiting: a lock stayed busy for lock_timeout (55P03), try again.';

CREATE FUNCTION @extschema@.default_relocation_plan(parent regclass, all_ranges boolean DEFAULT false)
RETURNS TABLE (action text, partition_name text, lower_bound text, upper_bound text, est_rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_relocate_plan';
COMMENT ON FUNCTION @extschema@.default_relocation_plan(regclass, boolean) IS
'partman_ext: what emptying the set''s default partition in batches would do, changing nothing: one row per range that would move (action would relocate, rows counted, the partition it becomes), per range that stays and why (stays: older than retention, beyond premake, an existing partition covers part of it, no partition can hold the value, NULL control value), and a range in progress. all_ranges => false (default): the scheduler''s choice (ranges retention keeps, up to premake); true: empty_default_partition_proc''s (every range a partition can hold).';

-- Empties the default partition in batches, committing after each one, so that no lock or row
-- lock is held longer than a batch. No SET clause: a procedure with one cannot commit.
CREATE PROCEDURE @extschema@.empty_default_partition_proc(parent regclass, batch_size integer DEFAULT NULL,
                                                          dry_run boolean DEFAULT false)
LANGUAGE plpgsql AS $$
DECLARE
    s record;
    total bigint := 0;
    waits integer := 0;
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded)
    IF dry_run THEN
        FOR s IN SELECT * FROM @extschema@.default_relocation_plan(parent, true) LOOP
            RAISE NOTICE 'dry run: % % rows%', s.action, s.est_rows,
                coalesce(' [' || s.lower_bound || ', ' || coalesce(s.upper_bound, '') || ')', '') || coalesce(': ' || s.message, '');
        END LOOP;
        RETURN;
    END IF;
    LOOP
        SELECT * INTO s FROM @extschema@._relocate_step(parent, batch_size, true);
        COMMIT;
        total := total + s.rows_moved;
        IF s.action = 'waiting' THEN
            waits := waits + 1;
            IF waits > 30 THEN
                RAISE EXCEPTION 'partman_ext: % still waits for a lock after % attempts', parent, waits
                    USING ERRCODE = '55P03', DETAIL = s.message,
                          HINT = 'Nothing is lost: CALL it again (or let the scheduler) to resume.';
            END IF;
            PERFORM pg_catalog.pg_sleep(1);
            CONTINUE;
        END IF;
        waits := 0;
        IF s.message IS NOT NULL THEN RAISE NOTICE '%', s.message; END IF;
        EXIT WHEN s.done;
    END LOOP;
    RAISE NOTICE '%: % rows relocated from the default partition', parent, total;
END
$$;
COMMENT ON PROCEDURE @extschema@.empty_default_partition_proc(regclass, integer, boolean) IS
'partman_ext: empties the set''s default partition range by range in batches of about batch_size rows (default partman_ext.batch_size), committing after each batch: writers are never held longer than a batch, and only the final ATTACH of a range holds the default partition (polled within the set''s lock_timeout, retried). A NOTICE per batch; partman_ext.progress shows the work from other sessions. Resumes where it stopped after a crash or cancel (CALL it again). While a range moves, its rows already moved are in the partition being filled and not yet visible through the parent. Rows no partition can hold stay, with a NOTICE. dry_run => true: NOTICEs of default_relocation_plan(parent, true), nothing changed.';

-- Ranges on demand (seed 002's --create-partitions 2024-01 2024-12).
CREATE FUNCTION @extschema@.create_partitions(parent regclass, "from" text, "to" text, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_create_partitions';
COMMENT ON FUNCTION @extschema@.create_partitions(regclass, text, text, boolean) IS
'partman_ext: creates the partitions of every interval that overlaps [from, to) of a time or integer set, also before its oldest partition or beyond premake (never ones that exist). from and to are values of the control column''s type, or for time sets a month ''YYYY-MM'' or a year ''YYYY'' in the set''s time zone (as to, a month or year is included: (''2024-01'', ''2024-12'') is January through December 2024). Rows of a new range waiting in the default partition move into it in the same transaction. At most 10000 partitions per call; within the transaction''s lock budget (the rest comes back as a deferred row). Errors 22023 (bad value, from not before to, too many), 42704, 42501, 42809 (bucket set). dry_run => true returns what would be created and the rows that would move.';

-- Converting a plain table into a partition set online, and back.
CREATE FUNCTION @extschema@.partition_table(
    source regclass,
    control name,
    partition_interval text,
    premake integer DEFAULT 4,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT 'drop',
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT true,
    time_zone text DEFAULT 'UTC',
    lock_timeout interval DEFAULT '2s',
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false,
    dry_run boolean DEFAULT false)
RETURNS TABLE (movement_id bigint, step text, object text, action text, rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_partition_table';
COMMENT ON FUNCTION @extschema@.partition_table(regclass, name, text, integer, text, text, name, boolean, text, interval, integer, boolean, boolean) IS
'partman_ext: starts converting the plain table source into a partition set of control ranges (options as register_partition_set) while the application keeps using it: creates beside it a partitioned table shaped like it (columns, defaults, constraints, indexes (unique keys get the control column, which PostgreSQL requires), foreign keys, grants, owner) with the partitions its rows need and a default partition, registered disabled, and a trigger on the source that mirrors every write into it. The rows are then copied in batches of batch_size (partman_ext.batch_size) in the order of a unique key by the scheduler, or at once by CALL partition_table_proc(...); when both tables hold the same rows one short transaction (polled within lock_timeout, retried) renames the source to <name>_old (drop_source => true drops it), gives the partitioned table its name, index and constraint names, serial and identity sequences, points dependent views at it, creates the source''s triggers on it and enables the set. One row per step (movement_id in partman_ext.progress and data_movement). Calling it again for the same source resumes. dry_run => true: every check and step, blockers as action blocked, nothing changed. Errors: 0A000 with the blockers (no primary key or unique index on NOT NULL columns, a foreign key referencing it, row-level security, rules, inheritance, a partition or unlogged or temporary table, views of other owners), 42703, 42804, 42809 (already a set), 22023, 42501.';

CREATE FUNCTION @extschema@.undo_partition_table(
    parent regclass,
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false,
    lock_timeout interval DEFAULT '2s',
    dry_run boolean DEFAULT false)
RETURNS TABLE (movement_id bigint, step text, object text, action text, rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_undo_partition_table';
COMMENT ON FUNCTION @extschema@.undo_partition_table(regclass, integer, boolean, interval, boolean) IS
'partman_ext: starts moving a partitioned table back into one plain table while the application keeps using it (pg_partman''s undo_partition): a plain table shaped like the parent (columns, defaults, constraints, indexes, foreign keys, grants, owner) beside it, a trigger on the parent mirroring every write, the rows copied in batches in the order of a unique key (scheduler, or CALL undo_partition_table_proc(...)), maintenance of the set paused meanwhile; then one short transaction renames the parent to <name>_partitioned (kept with its partitions; drop_source => true drops it), gives the plain table its name, index names and sequences, points dependent views at it, creates the parent''s triggers on it and unregisters the set. One row per step; calling it again resumes; dry_run => true changes nothing.';

CREATE FUNCTION @extschema@._movement_step(movement_id bigint, batch_size integer DEFAULT NULL)
RETURNS TABLE (done boolean, action text, rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_movement_step';
COMMENT ON FUNCTION @extschema@._movement_step(bigint, integer) IS
'partman_ext internal: one transaction of a conversion (partition_table, undo_partition_table): a batch of the copy (action copied; verified when the copy is complete and both tables hold the same rows), or the swap (done). action waiting: a lock stayed busy for lock_timeout (55P03), try again.';

CREATE FUNCTION @extschema@._sync_row() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'partman_sync_row';
COMMENT ON FUNCTION @extschema@._sync_row() IS
'partman_ext internal: trigger of a table being converted (partition_table, undo_partition_table) that mirrors each INSERT, UPDATE, DELETE (and TRUNCATE) into its replacement, as the conversion''s owner. Serves only the triggers partman_ext creates (the firing table must be the movement''s source).';

-- Runs movements to the end, committing after each step; a step that meets a busy lock waits a
-- second and tries again. No SET clause: a procedure with one cannot commit.
CREATE PROCEDURE @extschema@.run_data_movement(movement_id bigint DEFAULT NULL, batch_size integer DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    m record;
    s record;
    waits integer;
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded)
    FOR m IN SELECT p.movement_id AS id, p.parent_table, p.step FROM @extschema@.progress p
              WHERE p.movement_id IS NOT NULL AND p.step NOT LIKE 'relocate%'
                AND (run_data_movement.movement_id IS NULL OR p.movement_id = run_data_movement.movement_id)
                AND (run_data_movement.movement_id IS NOT NULL
                     OR @extschema@._may_maintain(p.parent_table))
              ORDER BY p.movement_id LOOP
        waits := 0;
        LOOP
            SELECT * INTO s FROM @extschema@._movement_step(m.id, batch_size);
            COMMIT;
            IF s.action = 'waiting' THEN
                waits := waits + 1;
                IF waits > 30 THEN
                    RAISE EXCEPTION 'partman_ext: movement % still waits for a lock after % attempts', m.id, waits
                        USING ERRCODE = '55P03', DETAIL = s.message,
                              HINT = 'Nothing is lost: CALL partman_ext.run_data_movement() again (or let the scheduler) to resume.';
                END IF;
                PERFORM pg_catalog.pg_sleep(1);
                CONTINUE;
            END IF;
            waits := 0;
            RAISE NOTICE '%', s.message;
            EXIT WHEN s.done;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_data_movement(bigint, integer) IS
'partman_ext: carries conversions (partition_table, undo_partition_table) to their end now, one movement or (NULL) every one the caller may run, committing after each batch (batch_size overrides the movement''s), with a NOTICE per step; the swap is retried while its locks stay busy (30 attempts a second apart). Resumes where a crash or cancel stopped them. Default-partition relocations have their own procedure, empty_default_partition_proc.';

CREATE PROCEDURE @extschema@.partition_table_proc(
    source regclass,
    control name,
    partition_interval text,
    premake integer DEFAULT 4,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT 'drop',
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT true,
    time_zone text DEFAULT 'UTC',
    lock_timeout interval DEFAULT '2s',
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false)
LANGUAGE plpgsql AS $$
DECLARE
    id bigint;
    s record;
BEGIN
    FOR s IN SELECT * FROM @extschema@.partition_table(source, control, partition_interval, premake, retention,
                                                         retention_mode, archive_schema, default_partition, time_zone,
                                                         lock_timeout, batch_size, drop_source) LOOP
        id := s.movement_id;
        RAISE NOTICE '% %: %', s.step, s.action, s.message;
    END LOOP;
    COMMIT;
    CALL @extschema@.run_data_movement(id, batch_size);
END
$$;
COMMENT ON PROCEDURE @extschema@.partition_table_proc(regclass, name, text, integer, text, text, name, boolean, text, interval, integer, boolean) IS
'partman_ext: partition_table(...) carried out now: starts (or resumes) the conversion, then copies in batches committing after each one and swaps (run_data_movement), with a NOTICE per step. CALL it again after a crash or cancel to resume. The dry run is partition_table(..., dry_run => true).';

CREATE PROCEDURE @extschema@.undo_partition_table_proc(
    parent regclass,
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false,
    lock_timeout interval DEFAULT '2s')
LANGUAGE plpgsql AS $$
DECLARE
    id bigint;
    s record;
BEGIN
    FOR s IN SELECT * FROM @extschema@.undo_partition_table(parent, batch_size, drop_source, lock_timeout) LOOP
        id := s.movement_id;
        RAISE NOTICE '% %: %', s.step, s.action, s.message;
    END LOOP;
    COMMIT;
    CALL @extschema@.run_data_movement(id, batch_size);
END
$$;
COMMENT ON PROCEDURE @extschema@.undo_partition_table_proc(regclass, integer, boolean, interval) IS
'partman_ext: undo_partition_table(...) carried out now: starts (or resumes) it, then copies in batches committing after each one and swaps (run_data_movement), with a NOTICE per step. CALL it again after a crash or cancel to resume. The dry run is undo_partition_table(..., dry_run => true).';
