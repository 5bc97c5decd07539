-- Bounded work and isolated failures (issue 9): one stray old row never makes maintenance create
-- thousands of partitions in one transaction; the present comes first; a key or slot that cannot
-- be placed is its own skipped/failed row; settings that can never work are refused; infinite
-- bounds are shown as such and count as coverage. The test clock says 2026-06-15 12:00 UTC.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET TimeZone = 'UTC';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';

-- 1. An hourly set and one row dated 2024-01-01 in its default partition. (Registered disabled, so
-- that registration itself creates nothing and the runs below show the order of the work.)
CREATE TABLE hr (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE hr_default PARTITION OF hr DEFAULT;
SELECT parent_table, default_partition FROM partman_ext.register_partition_set('hr', 'ts', '1 hour', premake => 4, enabled => false);
SELECT enabled FROM partman_ext.update_partition_set('hr', enabled => true);
INSERT INTO hr VALUES ('2024-01-01 00:30+00');
-- empty_default_partition creates that one partition (and nothing else).
SELECT partition_name, lower_bound, rows_moved, action FROM partman_ext.empty_default_partition('hr');
-- The next maintenance creates the present first, then at most max_gap_fill gap partitions, nearest
-- to now first; the rest of the ~21,500 hours is one deferred row.
SET partman_ext.max_gap_fill = 3;
SELECT partition_name, lower_bound, action, message FROM partman_ext.run_partition_maintenance('hr', true)
 ORDER BY lower_bound::timestamptz, action;
SELECT partition_name, lower_bound, action, message FROM partman_ext.run_partition_maintenance('hr')
 ORDER BY lower_bound::timestamptz, action;
SELECT count(*) AS partitions FROM partman_ext.list_partitions('hr') WHERE NOT is_default;
-- What is left, and the health check says what will be created and when.
SELECT * FROM partman_ext.gap_fill_status('hr');
SELECT severity, code, split_part(message, ': about', 1) AS message FROM partman_ext.check_partition_health('hr')
 WHERE code = 'GAP_FILL_PENDING';
-- The procedure continues in new transactions until the run's gap fill is done.
SET client_min_messages = notice;
SET partman_ext.max_gap_fill = 25;
CALL partman_ext.run_partition_maintenance_proc('hr');
SET client_min_messages = warning;
SELECT missing_partitions, upper_bound FROM partman_ext.gap_fill_status('hr');
-- Gap fill off: only the present is kept.
SET partman_ext.max_gap_fill = 0;
SELECT action, split_part(message, ' (', 1) AS message FROM partman_ext.run_partition_maintenance('hr');
RESET partman_ext.max_gap_fill;

-- 2. A wide table (20 indexes, TOAST): one transaction never holds more locks than its budget, an
-- eighth of the shared lock table that max_locks_per_transaction sizes; the present is there even
-- when the budget stops the gap fill.
CREATE TABLE wide (ts timestamptz NOT NULL, a text) PARTITION BY RANGE (ts);
DO $$ BEGIN FOR i IN 1..20 LOOP EXECUTE format('CREATE INDEX wide_i%s ON wide (ts, a) WHERE length(a) > %s', i, i); END LOOP; END $$;
CREATE TABLE wide_default PARTITION OF wide DEFAULT;
SELECT parent_table FROM partman_ext.register_partition_set('wide', 'ts', '1 hour', premake => 4, enabled => false);
SELECT enabled FROM partman_ext.update_partition_set('wide', enabled => true);
INSERT INTO wide VALUES ('2025-01-01 00:30+00', 'x');
SELECT action, rows_moved FROM partman_ext.empty_default_partition('wide');
-- 40 tables locked first: the budget counts the locks this transaction already holds.
DO $$ BEGIN FOR i IN 1..40 LOOP EXECUTE format('CREATE TABLE held_%s ()', i); END LOOP; END $$;
BEGIN;
DO $$ BEGIN FOR i IN 1..40 LOOP EXECUTE format('LOCK TABLE held_%s IN ACCESS SHARE MODE', i); END LOOP; END $$;
CREATE TEMP TABLE wide_run ON COMMIT DROP AS SELECT * FROM partman_ext.run_partition_maintenance('wide');
SELECT count(*) <= current_setting('max_locks_per_transaction')::int
         * (current_setting('max_connections')::int + current_setting('autovacuum_max_workers')::int + 1
            + current_setting('max_worker_processes')::int + current_setting('max_wal_senders')::int
            + current_setting('max_prepared_transactions')::int) / 8 AS within_lock_budget
  FROM pg_locks WHERE pid = pg_backend_pid();
SELECT count(*) FILTER (WHERE action = 'created') < 105 AS stopped_by_lock_budget,
       bool_or(action = 'deferred' AND message LIKE '%lock budget is used up%') AS says_why,
       count(*) FILTER (WHERE action = 'created' AND lower_bound::timestamptz >= '2026-06-15 12:00+00') AS present_created
  FROM wide_run;
-- "N held before": at least the 40 tables; never more lock objects than pg_locks lists now.
SELECT held >= 40 AS counts_held_locks,
       held <= (SELECT count(*) FROM (SELECT DISTINCT locktype, database, relation, page, tuple, virtualxid,
                                             transactionid, classid, objid, objsubid
                                        FROM pg_locks WHERE pid = pg_backend_pid()) o) AS not_more_than_pg_locks
  FROM (SELECT substring(message FROM '(\d+) held before')::int AS held FROM wide_run
         WHERE action = 'deferred' AND message LIKE '%lock budget is used up%') d;
COMMIT;
DO $$ BEGIN FOR i IN 1..40 LOOP EXECUTE format('DROP TABLE held_%s', i); END LOOP; END $$;

-- 3. Keys no partition can hold stay in the default partition, each reported with its SQLSTATE;
-- every other row moves (dry run and real run).
CREATE TABLE dk (ts timestamptz NOT NULL, v int) PARTITION BY RANGE (ts);
SELECT parent_table FROM partman_ext.register_partition_set('dk', 'ts', '1 day', premake => 1);
INSERT INTO dk VALUES ('-infinity', 1), ('infinity', 2), ('4000-01-01 00:00+00 BC', 3), ('9999-12-31 23:00+00', 4),
                      ('2026-03-01 10:00+00', 5), ('2026-03-01 11:00+00', 6), ('2026-03-03 10:00+00', 7);
SELECT lower_bound, upper_bound, est_rows, rows_moved, action, message FROM partman_ext.empty_default_partition('dk', true);
SELECT lower_bound, upper_bound, est_rows, rows_moved, action, message FROM partman_ext.empty_default_partition('dk');
SELECT v FROM ONLY dk_default ORDER BY v;
SELECT sqlstate, success, partition_name FROM partman_ext.maintenance_log
 WHERE parent_table = 'public.dk' AND operation = 'empty_default' ORDER BY log_id;
-- timestamp and date keys: -infinity / infinity are out of range, too.
CREATE TABLE tk (ts timestamp NOT NULL) PARTITION BY RANGE (ts);
SELECT parent_table FROM partman_ext.register_partition_set('tk', 'ts', '1 month', premake => 1);
INSERT INTO tk VALUES ('-infinity'), ('infinity'), ('2026-01-15'), ('1000-01-01');
SELECT lower_bound, upper_bound, est_rows, action, message FROM partman_ext.empty_default_partition('tk');
CREATE TABLE datek (d date NOT NULL) PARTITION BY RANGE (d);
SELECT parent_table FROM partman_ext.register_partition_set('datek', 'd', '1 year', premake => 1);
INSERT INTO datek VALUES ('-infinity'), ('infinity'), ('2020-05-05');
SELECT lower_bound, upper_bound, est_rows, action, message FROM partman_ext.empty_default_partition('datek');
-- bigint near +-2^63 with a width of 10^12.
CREATE TABLE ik (id bigint NOT NULL) PARTITION BY RANGE (id);
SELECT parent_table FROM partman_ext.register_partition_set('ik', 'id', '1000000000000', premake => 1);
INSERT INTO ik VALUES (-9223372036854775808), (-9223372036854775000), (9223372036854775000), (9223372036854775807), (42);
SELECT lower_bound, upper_bound, est_rows, rows_moved, action, message FROM partman_ext.empty_default_partition('ik');
SELECT count(*) AS left_in_default FROM ONLY ik_default;
-- integer (int4) keys above the last interval the type holds.
CREATE TABLE i4 (id int NOT NULL) PARTITION BY RANGE (id);
SELECT parent_table FROM partman_ext.register_partition_set('i4', 'id', '1000000', premake => 1);
INSERT INTO i4 VALUES (2147483000), (-2147483648), (5);
SELECT lower_bound, upper_bound, est_rows, action, message FROM partman_ext.empty_default_partition('i4');

-- 4. Name squatting: every name for 2026-12-05 is taken by other tables. That slot fails alone
-- (42P07); the other partitions are created and retention runs in the same call. (Registered
-- disabled; its retention may act from the maintenance job's next regular run, pinned to 13:00,
-- and the clock is at that run.)
SET partman_ext.mock_now = '2026-12-03 12:00:00+00';
UPDATE partman_ext.job SET next_run = '2026-12-03 13:00:00+00' WHERE kind = 'maintenance' AND builtin;
CREATE TABLE ev (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE ev_old PARTITION OF ev FOR VALUES FROM ('2026-11-01 00:00+00') TO ('2026-11-02 00:00+00');
SELECT parent_table, retention_not_before FROM partman_ext.register_partition_set('ev', 'ts', '1 day', premake => 3, retention => '10 days', default_partition => false, enabled => false);
SELECT enabled FROM partman_ext.update_partition_set('ev', enabled => true);
CREATE TABLE ev_p2026_12_05 (x int);
DO $$ BEGIN FOR i IN 1..9 LOOP EXECUTE format('CREATE TABLE %I (x int)', 'ev_p2026_12_05_' || i); END LOOP; END $$;
SET partman_ext.mock_now = '2026-12-03 13:00:00+00';
SELECT partition_name, lower_bound, action, message FROM partman_ext.run_partition_maintenance('ev', true)
 ORDER BY lower_bound::timestamptz, partition_name;
SELECT partition_name, lower_bound, action, message FROM partman_ext.run_partition_maintenance('ev')
 ORDER BY lower_bound::timestamptz, partition_name;
SELECT sqlstate, success FROM partman_ext.maintenance_log WHERE parent_table = 'public.ev' AND NOT success;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';

-- 5. Settings that can never be maintained are refused with 22023 and a HINT; nothing changes.
-- (Time bounds reach PostgreSQL's timestamp range, 4713 BC .. 294276 AD: premake 8000 on a yearly
-- set ends in 10026 and is allowed; on a set of 100-year intervals it would end 800,000 years on.)
CREATE TABLE yr (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT * FROM partman_ext.register_partition_set('yr', 'ts', '100 years', premake => 8000);
SELECT * FROM partman_ext.register_partition_set('yr', 'ts', '178000000 years');
SELECT * FROM partman_ext.register_partition_set('yr', 'ts', '2562047788 hours');
CREATE TABLE i4b (id int NOT NULL) PARTITION BY RANGE (id);
SELECT * FROM partman_ext.register_partition_set('i4b', 'id', '10000000000');
SELECT count(*) AS registered FROM partman_ext.part_config WHERE parent_table = 'yr'::regclass;
SELECT parent_table, premake FROM partman_ext.register_partition_set('yr', 'ts', '100 years', premake => 2);
SELECT premake FROM partman_ext.update_partition_set('yr', premake => 8000);
SELECT count(*) FROM partman_ext.create_future_partitions('yr', 8000);
SELECT premake FROM partman_ext.part_config WHERE parent_table = 'yr'::regclass;
SELECT premake FROM partman_ext.update_partition_set('yr', premake => 2922);
-- A set configured before this check (an upgrade) is not retried slot by slot: one row says how
-- many intervals lie beyond the range.
SET partman_ext.mock_now = '290000-06-15 12:00:00+00';
UPDATE partman_ext.part_config SET premake = 8000 WHERE parent_table = 'yr'::regclass;
SELECT action, count(*), min(lower_bound::timestamptz) AS first, max(upper_bound::timestamptz) AS last, min(message) FROM partman_ext.run_partition_maintenance('yr')
 GROUP BY action ORDER BY action;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';

-- 6. Infinite bounds: list_partitions shows -infinity / infinity (MINVALUE / MAXVALUE only for
-- those); a partition open at the top counts as future coverage (no INSUFFICIENT_PREMAKE).
CREATE TABLE inf (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE inf_low PARTITION OF inf FOR VALUES FROM ('-infinity') TO ('2026-06-01 00:00+00');
CREATE TABLE inf_cur PARTITION OF inf FOR VALUES FROM ('2026-06-01 00:00+00') TO ('2026-07-01 00:00+00');
CREATE TABLE inf_top PARTITION OF inf FOR VALUES FROM ('2026-07-01 00:00+00') TO ('infinity');
SELECT parent_table FROM partman_ext.register_partition_set('inf', 'ts', '1 month', premake => 6, default_partition => false);
SELECT partition_name, lower_bound, upper_bound, status FROM partman_ext.list_partitions('inf');
SELECT code FROM partman_ext.check_partition_health('inf');
CREATE TABLE mx (id int NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE mx_low PARTITION OF mx FOR VALUES FROM (MINVALUE) TO (0);
CREATE TABLE mx_0 PARTITION OF mx FOR VALUES FROM (0) TO (100);
CREATE TABLE mx_top PARTITION OF mx FOR VALUES FROM (100) TO (MAXVALUE);
SELECT parent_table FROM partman_ext.register_partition_set('mx', 'id', '100', premake => 4, default_partition => false);
SELECT partition_name, lower_bound, upper_bound FROM partman_ext.list_partitions('mx');
SELECT code FROM partman_ext.check_partition_health('mx');

DELETE FROM partman_ext.maintenance_log
 WHERE parent_table IN ('public.hr', 'public.wide', 'public.dk', 'public.tk', 'public.datek', 'public.ik', 'public.i4',
                        'public.ev', 'public.yr', 'public.inf', 'public.mx');
DROP TABLE hr, wide, dk, tk, datek, ik, i4, i4b, ev, ev_p2026_12_05, yr, inf, mx;
DO $$ BEGIN FOR i IN 1..9 LOOP EXECUTE format('DROP TABLE %I', 'ev_p2026_12_05_' || i); END LOOP; END $$;
