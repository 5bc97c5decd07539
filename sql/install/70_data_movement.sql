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
RETURNS TABLE (pid integer, parent_table oid, movement_id bigint, step text, target_table text,
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
            RAISE NOTICE 'dry run: % % rows%: %', s.action, s.est_rows,
                coalesce(' [' || s.lower_bound || ', ' || coalesce(s.upper_bound, '') || ')', ''), s.message;
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
