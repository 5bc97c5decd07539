-- Issue 10 (docs/data-movement.md): ranges on demand (create_partitions), a change of interval
-- (update_partition_set(partition_interval => ...)), the default partition emptied in batches
-- (default_relocation_plan, empty_default_partition_proc), partman_ext.progress, and a plain
-- table converted into a partition set and back (partition_table_proc, undo_partition_table_proc).
-- The test clock says it is 2026-06-15 12:00 UTC.
SELECT current_database() AS regress_db \gset
CREATE DATABASE partman_move;
ALTER DATABASE partman_move SET partman_ext.pause_scheduler = on;  -- no scheduler in tests
\c partman_move
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
CREATE EXTENSION partman_ext;

-- 1. create_partitions ---------------------------------------------------------------------------
CREATE TABLE cp (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT count(*) AS registered FROM partman_ext.register_partition_set('cp', 'ts', '1 month', premake => 2);
SELECT partition_name, lower_bound, upper_bound, status FROM partman_ext.list_partitions('cp')
 ORDER BY lower_bound::timestamptz NULLS LAST;
-- Rows of 2026-01 and 2026-02 wait in the default partition.
INSERT INTO cp SELECT g, '2026-01-01 00:00+00'::timestamptz + g * interval '12 hours' FROM generate_series(0, 99) g;
SELECT count(*) AS in_default FROM ONLY cp_default;
-- Dry run: what would be created and the rows that would move; nothing changes.
SELECT partition_name, lower_bound, upper_bound, rows_moved, action
  FROM partman_ext.create_partitions('cp', '2026-01', '2026-03', dry_run => true) ORDER BY lower_bound::timestamptz;
SELECT count(*) AS partitions FROM partman_ext.list_partitions('cp');
SELECT count(*) AS in_default FROM cp_default;
-- For real: ranges before the oldest partition; 'YYYY-MM' as to includes that month.
SELECT partition_name, lower_bound, upper_bound, rows_moved, action
  FROM partman_ext.create_partitions('cp', '2026-01', '2026-03') ORDER BY lower_bound::timestamptz;
SELECT partition_name, lower_bound, upper_bound FROM partman_ext.list_partitions('cp')
 ORDER BY lower_bound::timestamptz NULLS LAST;
SELECT tableoid::regclass AS partition, count(*), min(ts), max(ts) FROM cp GROUP BY 1 ORDER BY min(ts);
-- Again, one month more: only April is new (existing partitions are never created twice).
SELECT partition_name, action FROM partman_ext.create_partitions('cp', '2026-01', '2026-04') ORDER BY lower_bound::timestamptz;
-- Values of the column's type, to exclusive; a range beyond premake.
SELECT partition_name, lower_bound, upper_bound, action
  FROM partman_ext.create_partitions('cp', '2026-10-15 00:00+00', '2026-12-01 00:00+00') ORDER BY lower_bound::timestamptz;
-- A year.
SELECT count(*) AS would_create, min(lower_bound::timestamptz), max(upper_bound::timestamptz)
  FROM partman_ext.create_partitions('cp', '2025', '2025', dry_run => true);
-- Errors: 22023 with a HINT, nothing changed.
SELECT * FROM partman_ext.create_partitions('cp', '2026-03', '2026-02');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.create_partitions('cp', 'yesterday-ish', '2026-02');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.create_partitions('cp', '2026-13', '2027-01');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.create_partitions('cp', '1000', '2026');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.create_partitions('cp', NULL, '2026');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS partitions FROM partman_ext.list_partitions('cp');
-- Integer sets take integers.
CREATE TABLE cpi (id bigint NOT NULL) PARTITION BY RANGE (id);
SELECT count(*) AS registered FROM partman_ext.register_partition_set('cpi', 'id', '100', premake => 1, default_partition => false);
SELECT partition_name, lower_bound, upper_bound, action
  FROM partman_ext.create_partitions('cpi', '-150', '50') ORDER BY lower_bound::bigint;
SELECT * FROM partman_ext.create_partitions('cpi', '2026-01', '2026-02');
\echo :LAST_ERROR_SQLSTATE

-- 2. update_partition_set(partition_interval => ...) -------------------------------------------
CREATE TABLE ui (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT count(*) AS registered FROM partman_ext.register_partition_set('ui', 'ts', '1 month', premake => 2);
SELECT partition_interval FROM partman_ext.update_partition_set('ui', partition_interval => '7 days');
SELECT partition_interval, anchor FROM partman_ext.part_config WHERE parent_table = 'ui'::regclass;
-- Existing monthly partitions keep their bounds; the weekly grid starts at the last upper bound.
SELECT partition_name, lower_bound, upper_bound FROM partman_ext.list_partitions('ui')
 ORDER BY lower_bound::timestamptz NULLS LAST;
-- Maintenance in late August creates weekly partitions from 2026-09-01 on.
SET partman_ext.mock_now = '2026-08-28 12:00:00+00';
SELECT partition_name, lower_bound, upper_bound, action FROM partman_ext.run_partition_maintenance('ui', false)
 WHERE action = 'created' ORDER BY lower_bound::timestamptz;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
-- create_partitions follows the new grid too.
SELECT partition_name, lower_bound, upper_bound, action
  FROM partman_ext.create_partitions('ui', '2026-09-20 00:00+00', '2026-10-01 00:00+00') ORDER BY lower_bound::timestamptz;
SELECT min(upper_bound::timestamptz - lower_bound::timestamptz) AS shortest, max(upper_bound::timestamptz - lower_bound::timestamptz) AS longest,
       count(*) FILTER (WHERE lower_bound::timestamptz >= '2026-09-01') AS weekly
  FROM partman_ext.list_partitions('ui') WHERE NOT is_default;
-- Refused (22023, nothing changed): months after a weekly grid that ends mid-month ...
SELECT partition_interval FROM partman_ext.update_partition_set('ui', partition_interval => '1 month');
\echo :LAST_ERROR_SQLSTATE
-- ... a hole between partitions (the HINT names the create_partitions call that fills it) ...
CREATE TABLE uh (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE uh_p2026_04 PARTITION OF uh FOR VALUES FROM ('2026-04-01') TO ('2026-05-01');
CREATE TABLE uh_p2026_06 PARTITION OF uh FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');
SELECT count(*) AS registered FROM partman_ext.register_partition_set('uh', 'ts', '1 month', premake => 1, enabled => false);
SELECT partition_interval FROM partman_ext.update_partition_set('uh', partition_interval => '7 days');
\echo :LAST_ERROR_SQLSTATE
-- ... a bad interval.
SELECT partition_interval FROM partman_ext.update_partition_set('ui', partition_interval => 'weekly');
\echo :LAST_ERROR_SQLSTATE
SELECT partition_interval FROM partman_ext.update_partition_set('ui', partition_interval => '0 days');
\echo :LAST_ERROR_SQLSTATE
SELECT p.parent_table, p.partition_interval, p.anchor FROM partman_ext.part_config p
 WHERE p.parent_table IN ('ui'::regclass, 'uh'::regclass) ORDER BY p.parent_table::text;
-- The hole filled with the current interval, the change goes through.
SELECT partition_name, action FROM partman_ext.create_partitions('uh', '2026-05-01 00:00+00', '2026-06-01 00:00+00');
SELECT partition_interval, anchor FROM partman_ext.update_partition_set('uh', partition_interval => '7 days');

-- 3. The default partition emptied in batches --------------------------------------------------
-- A monthly set keeping 3 months (now 2026-06-15: partitions from 2026-06 to 2026-08), with rows
-- waiting in the default partition: 2026-01 (older than retention), 2026-04 and 2026-05 (kept by
-- retention, no partition yet), 2026-12 (beyond premake), NULL control values, and 2026-09-10
-- where a hand-made partition covers part of September.
-- Rows of about 1 kB (7 a block): a batch reads whole blocks of the default partition.
CREATE TABLE rel (id bigint, ts timestamptz, note text, pad text DEFAULT repeat('x', 1000)) PARTITION BY RANGE (ts);
SELECT count(*) AS registered FROM partman_ext.register_partition_set('rel', 'ts', '1 month', premake => 2, retention => '3 months');
CREATE TABLE rel_sept_end PARTITION OF rel FOR VALUES FROM ('2026-09-20 00:00+00') TO ('2026-10-01 00:00+00');
-- Never analyzed during the test, so that the rows a batch reads stay the same from run to run.
ALTER TABLE rel_default SET (autovacuum_enabled = off);
INSERT INTO rel (id, ts, note) SELECT g, '2026-01-10 00:00+00'::timestamptz + g * interval '1 minute', 'jan' FROM generate_series(1, 5) g;
INSERT INTO rel (id, ts, note) SELECT g, '2026-04-01 00:00+00'::timestamptz + g * interval '1 hour', 'apr' FROM generate_series(0, 22) g;
INSERT INTO rel (id, ts, note) SELECT g, '2026-05-31 23:59:59+00'::timestamptz - g * interval '1 hour', 'may' FROM generate_series(0, 16) g;
INSERT INTO rel (id, ts, note) SELECT g, '2026-12-24 00:00+00'::timestamptz, 'dec' FROM generate_series(1, 3) g;
INSERT INTO rel (id, ts, note) SELECT g, NULL, 'null' FROM generate_series(1, 2) g;
INSERT INTO rel (id, ts, note) SELECT g, '2026-09-10 00:00+00'::timestamptz, 'sep' FROM generate_series(1, 4) g;
INSERT INTO rel (id, ts, note) SELECT g, '2026-06-20 00:00+00'::timestamptz, 'jun' FROM generate_series(1, 6) g;  -- a partition holds these
CREATE TEMP TABLE rel_before AS SELECT id, ts, note FROM rel;
SELECT note, count(*) FROM ONLY rel_default GROUP BY note ORDER BY min(ts) NULLS LAST;
SELECT pg_relation_size('rel_default') / current_setting('block_size')::int AS default_blocks;
-- The plan changes nothing; the scheduler's choice (ranges retention keeps, up to premake) ...
SELECT action, partition_name, lower_bound, upper_bound, est_rows, message
  FROM partman_ext.default_relocation_plan('rel') ORDER BY lower_bound::timestamptz NULLS LAST, action;
-- ... and the procedure's (every range a partition can hold).
SELECT action, partition_name, lower_bound, upper_bound, est_rows, message
  FROM partman_ext.default_relocation_plan('rel', all_ranges => true) ORDER BY lower_bound::timestamptz NULLS LAST, action;
-- The dry run of the procedure: NOTICEs, nothing changed.
SET client_min_messages = notice;
CALL partman_ext.empty_default_partition_proc('rel', batch_size => 5, dry_run => true);
SET client_min_messages = warning;
SELECT count(*) AS in_default FROM ONLY rel_default;
SELECT count(*) AS partitions FROM partman_ext.list_partitions('rel');
-- For real, in batches of 5 rows, i.e. one block (one transaction each).
SET client_min_messages = notice;
CALL partman_ext.empty_default_partition_proc('rel', batch_size => 5);
SET client_min_messages = warning;
-- Every row is still there, once, with its values; the default partition keeps only what no
-- partition can hold (or, for the procedure, nothing it could move).
SELECT (SELECT count(*) FROM rel) AS rows_after, (SELECT count(*) FROM rel_before) AS rows_before,
       (SELECT count(*) FROM (SELECT id, ts, note FROM rel EXCEPT ALL SELECT * FROM rel_before) d) AS new_rows,
       (SELECT count(*) FROM (SELECT * FROM rel_before EXCEPT ALL SELECT id, ts, note FROM rel) d) AS lost_rows;
SELECT tableoid::regclass AS partition, note, count(*) FROM rel GROUP BY 1, 2 ORDER BY min(ts) NULLS LAST, 2;
SELECT partition_name, lower_bound, upper_bound FROM partman_ext.list_partitions('rel')
 ORDER BY lower_bound::timestamptz NULLS LAST;
-- The movement is done: no row in data_movement nor progress.
SELECT count(*) AS movements FROM partman_ext.data_movement;
SELECT count(*) AS in_progress FROM partman_ext.progress;
SELECT action, partition_name, message FROM partman_ext.default_relocation_plan('rel', true)
 ORDER BY lower_bound::timestamptz NULLS LAST, action;

-- 4. progress: a relocation left between batches waits, and shows -------------------------------
SELECT column_name, data_type FROM information_schema.columns
 WHERE table_schema = 'partman_ext' AND table_name = 'progress' ORDER BY ordinal_position;
-- 12 rows of March 2026 (1 kB each, 7 a block: two blocks) wait in a fresh default partition.
CREATE TABLE mv (id bigint, ts timestamptz NOT NULL, pad text DEFAULT repeat('x', 1000)) PARTITION BY RANGE (ts);
SELECT count(*) AS registered FROM partman_ext.register_partition_set('mv', 'ts', '1 month', premake => 1);
ALTER TABLE mv_default SET (autovacuum_enabled = off);
INSERT INTO mv (id, ts) SELECT g, '2026-03-20 00:00+00'::timestamptz + g * interval '1 minute' FROM generate_series(1, 12) g;
-- Two steps of the procedure (each its own transaction): the range starts, then its first batch
-- (one block, 7 rows) moves into the table that becomes its partition; the rest waits.
SELECT done, action, partition_name, lower_bound, upper_bound, rows_moved FROM partman_ext._relocate_step('mv', 5, true);
SELECT done, action, partition_name, rows_moved FROM partman_ext._relocate_step('mv', 5, true);
\c partman_move
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
SELECT parent_table, step, rows_done, rows_estimated, state, target_table, rate >= 0 AS rate_known,
       started <= updated AS started_first
  FROM partman_ext.progress;
-- The rows moved are in the table being filled, not yet visible through the parent; none is lost.
SELECT (SELECT count(*) FROM ONLY mv_default) AS in_default, (SELECT count(*) FROM mv) AS through_parent,
       (SELECT count(*) FROM mv_p2026_03) AS in_target,
       (SELECT count(*) FROM pg_inherits WHERE inhrelid = 'mv_p2026_03'::regclass) AS attached;
-- The plan shows the range in progress; the procedure resumes and finishes it.
SELECT action, lower_bound, upper_bound, est_rows, message FROM partman_ext.default_relocation_plan('mv', true)
 ORDER BY lower_bound::timestamptz NULLS LAST, action;
SET client_min_messages = notice;
CALL partman_ext.empty_default_partition_proc('mv', batch_size => 5);
SET client_min_messages = warning;
SELECT tableoid::regclass AS partition, count(*), count(DISTINCT id) AS ids FROM mv GROUP BY 1;
SELECT count(*) AS in_progress FROM partman_ext.progress;

-- 5. A plain table converted into a partition set and back --------------------------------------
-- What cannot be converted: blockers in the dry run, 0A000 for real; 42809 for a partitioned table.
CREATE TABLE nokey (ts timestamptz NOT NULL, v int);
SELECT step, object, action, message FROM partman_ext.partition_table('nokey', 'ts', '1 month', dry_run => true)
 WHERE action = 'blocked';
SELECT * FROM partman_ext.partition_table('nokey', 'ts', '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.partition_table('mv', 'ts', '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.partition_table('nokey', 'no_such_column', '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT relkind, (SELECT count(*) FROM partman_ext.data_movement) AS movements FROM pg_class WHERE oid = 'nokey'::regclass;
CREATE ROLE regress_move_reader;
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, placed timestamptz NOT NULL,
                     amount numeric NOT NULL CHECK (amount >= 0), customer text);
CREATE INDEX orders_customer ON orders (customer);
GRANT SELECT ON orders TO regress_move_reader;
INSERT INTO orders (placed, amount, customer)
SELECT '2026-03-01 00:00+00'::timestamptz + g * interval '7 hours', g % 50, 'c' || (g % 7) FROM generate_series(1, 400) g;
ANALYZE orders;  -- the estimates below come from the statistics (autovacuum may run at any time)
CREATE VIEW big_orders AS SELECT id, placed, amount FROM orders WHERE amount >= 45;
CREATE TABLE snap_orders AS SELECT * FROM orders;  -- what the set must hold (kept up to date below)
SELECT count(*) AS big FROM big_orders;
-- Dry run: every check and step, nothing changed.
SELECT step, object, action, message FROM partman_ext.partition_table('orders', 'placed', '1 month', batch_size => 50, dry_run => true);
SELECT relkind FROM pg_class WHERE oid = 'orders'::regclass;
SELECT count(*) AS movements FROM partman_ext.data_movement;
-- Started as a function: the copy waits for the scheduler (paused here) or run_data_movement.
SELECT step, object, action, rows FROM partman_ext.partition_table('orders', 'placed', '1 month', premake => 2, batch_size => 50);
\c partman_move
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
SELECT parent_table, step, rows_done, rows_estimated, state FROM partman_ext.progress;
-- The application keeps writing into the source meanwhile: the trigger mirrors every write.
INSERT INTO orders (placed, amount, customer) VALUES ('2026-06-15 11:00+00', 12, 'late'), ('2026-06-20 11:00+00', 48, 'late');
UPDATE orders SET amount = amount + 1 WHERE id IN (10, 20);
DELETE FROM orders WHERE id = 30;
INSERT INTO snap_orders SELECT * FROM orders WHERE customer = 'late';
UPDATE snap_orders SET amount = amount + 1 WHERE id IN (10, 20);
DELETE FROM snap_orders WHERE id = 30;
-- run_data_movement's batch_size (100) overrides the one the movement was started with (50).
SET client_min_messages = notice;
CALL partman_ext.run_data_movement(batch_size => 100);
SET client_min_messages = warning;
-- The name is now the partitioned table; every row is there, once.
SELECT relkind FROM pg_class WHERE oid = 'orders'::regclass;
SELECT c.relname, c.relkind FROM pg_class c WHERE c.relname LIKE 'orders%' AND c.relkind IN ('r', 'p') AND c.relispartition = false ORDER BY 1;
SELECT (SELECT count(*) FROM orders) AS rows_after, (SELECT count(*) FROM snap_orders) AS rows_expected,
       (SELECT count(*) FROM (TABLE orders EXCEPT ALL TABLE snap_orders) d) AS new_rows,
       (SELECT count(*) FROM (TABLE snap_orders EXCEPT ALL TABLE orders) d) AS lost_rows;
SELECT tableoid::regclass AS partition, count(*) FROM orders GROUP BY 1 ORDER BY min(placed);
SELECT enabled, partition_interval FROM partman_ext.part_config WHERE parent_table = 'orders'::regclass;
-- Indexes, grants and the view still work; the identity continues.
SELECT indexrelid::regclass AS index, indisunique FROM pg_index WHERE indrelid = 'orders'::regclass ORDER BY 1::text;
SELECT has_table_privilege('regress_move_reader', 'orders', 'SELECT') AS reader_can_select;
SET ROLE regress_move_reader;
SELECT count(*) FROM orders WHERE customer = 'late';
RESET ROLE;
SELECT count(*) AS big FROM big_orders;
SELECT pg_get_viewdef('big_orders')  LIKE '%FROM orders%' AS view_reads_orders;
INSERT INTO orders (placed, amount, customer) VALUES ('2026-07-01 10:00+00', 1, 'after') RETURNING id > 402 AS id_continues, tableoid::regclass;
SELECT attidentity FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'id';
SELECT count(*) AS movements FROM partman_ext.data_movement;
-- Undo: back to one plain table with every row.
ANALYZE orders;
SELECT step, object, action FROM partman_ext.undo_partition_table('orders', dry_run => true);
SET client_min_messages = notice;
CALL partman_ext.undo_partition_table_proc('orders', batch_size => 100);
SET client_min_messages = warning;
SELECT relkind FROM pg_class WHERE oid = 'orders'::regclass;
INSERT INTO snap_orders SELECT * FROM orders_partitioned WHERE customer = 'after';
SELECT (SELECT count(*) FROM orders) AS rows_after, (SELECT count(*) FROM snap_orders) AS rows_expected,
       (SELECT count(*) FROM (TABLE orders EXCEPT ALL TABLE snap_orders) d) AS new_rows,
       (SELECT count(*) FROM (TABLE snap_orders EXCEPT ALL TABLE orders) d) AS lost_rows;
SELECT c.relname, c.relkind FROM pg_class c WHERE c.relname LIKE 'orders%' AND c.relkind IN ('r', 'p') AND c.relispartition = false ORDER BY 1;
SELECT indexrelid::regclass AS index, indisunique FROM pg_index WHERE indrelid = 'orders'::regclass ORDER BY 1::text;
SELECT count(*) AS registered FROM partman_ext.part_config WHERE parent_table = 'orders'::regclass;
SELECT count(*) AS big FROM big_orders;
SET ROLE regress_move_reader;
SELECT count(*) FROM orders WHERE customer = 'after';
RESET ROLE;
INSERT INTO orders (placed, amount, customer) VALUES ('2027-01-01 10:00+00', 1, 'undone') RETURNING id > 403 AS id_continues, tableoid::regclass;
SELECT count(*) AS movements FROM partman_ext.data_movement;

-- 6. partition_table_proc: an integer set from a table with a serial key, the source dropped ------
CREATE TABLE tickets (id serial PRIMARY KEY, subject text NOT NULL);
INSERT INTO tickets (subject) SELECT 'ticket ' || g FROM generate_series(1, 250) g;
ANALYZE tickets;
SET client_min_messages = notice;
CALL partman_ext.partition_table_proc('tickets', 'id', '100', premake => 1, default_partition => false,
                                      batch_size => 100, drop_source => true);
SET client_min_messages = warning;
SELECT relkind, (SELECT count(*) FROM pg_class WHERE relname = 'tickets_old') AS old_kept FROM pg_class WHERE oid = 'tickets'::regclass;
SELECT tableoid::regclass AS partition, count(*), min(id), max(id) FROM tickets GROUP BY 1 ORDER BY min(id);
SELECT partition_name, lower_bound, upper_bound FROM partman_ext.list_partitions('tickets') ORDER BY lower_bound::bigint;
-- The serial sequence is the table's and continues.
SELECT pg_get_serial_sequence('tickets', 'id') AS sequence;
INSERT INTO tickets (subject) VALUES ('after') RETURNING id, tableoid::regclass;

\c :regress_db
DROP DATABASE partman_move;
DROP ROLE regress_move_reader;
