-- Issue 10 item 5 (docs/data-movement.md): partitioning_advice() lists the plain tables worth
-- partitioning with the column, strategy, interval and premake it recommends, and the
-- partition_table(...) call that does it. Tables of known shape, ANALYZE'd (every row sampled, so
-- the statistics are exact); sizes are not shown (they depend on the platform), only what follows
-- from them. The test clock says it is 2026-06-15 12:00 UTC.
SELECT current_database() AS regress_db \gset
CREATE DATABASE partman_advice;
ALTER DATABASE partman_advice SET partman_ext.pause_scheduler = on;  -- no scheduler in tests
\c partman_advice
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
CREATE EXTENSION partman_ext;
\set SHOW_CONTEXT never
-- Installed but not loaded (not in shared_preload_libraries): where_calls stays NULL, no error.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

-- A time series: a row every 10 minutes from 2026-01-01 (20000 rows, about 139 days), indexed,
-- default now(); an integer column beside it.
CREATE TABLE events (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), qty integer,
                     payload text);
CREATE INDEX events_created_at ON events (created_at);
INSERT INTO events (created_at, qty, payload)
SELECT '2026-01-01 00:00+00'::timestamptz + i * interval '10 minutes', (i * 7919) % 1000, repeat('x', 100)
  FROM generate_series(0, 19999) i;
-- An identity key and a date column without index: the key wins (index, sequence).
CREATE TABLE metrics (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, day date NOT NULL, value integer);
INSERT INTO metrics (day, value) SELECT '2025-01-01'::date + i / 100, (i * 31) % 97 FROM generate_series(0, 19999) i;
-- Too small to be worth it; no candidate column; no unique key (partition_table refuses it).
CREATE TABLE tiny (id integer PRIMARY KEY, at date);
INSERT INTO tiny SELECT i, '2026-01-01'::date + i FROM generate_series(1, 10) i;
CREATE TABLE notes (body text);
INSERT INTO notes SELECT repeat('y', 200) FROM generate_series(1, 3000);
CREATE TABLE logs (at timestamptz NOT NULL, msg text);
CREATE INDEX ON logs (at);
INSERT INTO logs SELECT '2026-02-01 00:00+00'::timestamptz + i * interval '5 minutes', repeat('z', 100)
  FROM generate_series(0, 9999) i;
-- Never analyzed (autovacuum kept away): no statistics.
CREATE TABLE fresh (id integer PRIMARY KEY, at timestamptz) WITH (autovacuum_enabled = off);
INSERT INTO fresh SELECT i, '2026-01-01 00:00+00'::timestamptz + i * interval '1 hour' FROM generate_series(1, 5000) i;
-- A partition set and its partition: never listed.
CREATE TABLE already (at timestamptz NOT NULL, v integer) PARTITION BY RANGE (at);
CREATE TABLE already_2026 PARTITION OF already FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO already SELECT '2026-01-01 00:00+00'::timestamptz + i * interval '1 hour', i FROM generate_series(0, 4999) i;
-- Names that need quoting.
CREATE SCHEMA "Sales Data";
CREATE TABLE "Sales Data"."Order Lines" (id serial PRIMARY KEY, "Placed At" timestamptz NOT NULL DEFAULT now(),
                                          amount integer);
CREATE INDEX ON "Sales Data"."Order Lines" ("Placed At");
INSERT INTO "Sales Data"."Order Lines" ("Placed At", amount)
SELECT '2026-03-01 00:00+00'::timestamptz + i * interval '30 minutes', i % 50 FROM generate_series(0, 2879) i;
ANALYZE events, metrics, tiny, notes, logs, already, "Sales Data"."Order Lines";

-- 1. The default threshold (1 GB) lists none of these small tables.
SELECT count(*) AS listed FROM partman_ext.partitioning_advice();

-- 2. Everything (min_bytes => 0), partitions of about 256 kB.
SELECT table_name, control, control_type, indexed, control_default, lowest_value, highest_value, strategy,
       partition_interval, premake, verdict, rows_estimated, where_calls
  FROM partman_ext.partitioning_advice(min_bytes => 0, target_partition_bytes => 262144)
 ORDER BY table_name::text;
-- Figures that follow from the data: 20000 rows over 138.9 days, about 1008 rows a week.
SELECT table_name, partitions, rows_per_partition, rows_per_day, growth_source IS NOT NULL AS growth_known,
       bytes_per_partition BETWEEN 100000 AND 400000 AS near_target, range_source
  FROM partman_ext.partitioning_advice('public', 0, 262144) WHERE table_name = 'events'::regclass;
-- Reasons in plain words, and the call.
SELECT unnest(reasons) AS reason FROM partman_ext.partitioning_advice('public', 0, 262144)
 WHERE table_name = 'events'::regclass;
SELECT table_name, call FROM partman_ext.partitioning_advice('public', 0, 262144) ORDER BY table_name::text;
-- Why the others are not recommended.
SELECT table_name, verdict, reasons[cardinality(reasons)] AS last_reason
  FROM partman_ext.partitioning_advice('public', 0, 262144) WHERE verdict <> 'recommended' ORDER BY table_name::text;

-- 3. Every candidate column, ranked.
SELECT table_name, candidate_rank, control, strategy, partition_interval, verdict
  FROM partman_ext.partitioning_advice('public', 0, 262144, all_candidates => true)
 WHERE table_name IN ('events'::regclass, 'metrics'::regclass) ORDER BY table_name::text, candidate_rank;

-- 4. exact => true reads min and max through the index; the statistics miss a row written since.
INSERT INTO events (created_at, qty, payload) VALUES ('2026-06-01 00:00+00', 1, 'late');
SELECT exact, lowest_value, highest_value, range_source
  FROM (VALUES (false), (true)) e(exact),
       LATERAL partman_ext.partitioning_advice('public', 0, 262144, exact => e.exact) a
 WHERE a.table_name = 'events'::regclass;

-- 5. Bad input: nothing listed, an error with SQLSTATE, DETAIL and HINT.
SELECT * FROM partman_ext.partitioning_advice(min_bytes => -1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.partitioning_advice(target_partition_bytes => 0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.partitioning_advice(schema_name => 'no such schema');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.partitioning_advice(exact => NULL);
\echo :LAST_ERROR_SQLSTATE

-- A role that may not read the tables: no error (pg_stats hides the columns it may not read, so
-- there is no range; exact => true needs SELECT), and data_movement is not read.
CREATE ROLE regress_advice_reader;
SET ROLE regress_advice_reader;
SELECT table_name, control, lowest_value IS NULL AS no_range, verdict, range_source
  FROM partman_ext.partitioning_advice('public', 0, 262144, exact => true) WHERE table_name = 'events'::regclass;
RESET ROLE;

-- 6. The call it gives works: the quoted table becomes a partition set with every row.
SELECT table_name, control, partition_interval, premake, verdict, call
  FROM partman_ext.partitioning_advice('Sales Data', 0, 65536);
SELECT count(*) AS rows_before FROM "Sales Data"."Order Lines" \gset
SELECT 'SELECT count(*) AS steps FROM (' || rtrim(call, ';') || ') s'
  FROM partman_ext.partitioning_advice('Sales Data', 0, 65536) \gexec
-- While the copy waits (no scheduler here), the table shows as being converted.
SELECT table_name, verdict, reasons[cardinality(reasons)] AS last_reason FROM partman_ext.partitioning_advice('Sales Data', 0, 65536);
CALL partman_ext.run_data_movement();
SELECT c.relkind, (SELECT count(*) FROM "Sales Data"."Order Lines") = :rows_before AS same_rows,
       (SELECT count(*) FROM partman_ext.list_partitions('"Sales Data"."Order Lines"')) > 10 AS partitions_created,
       (SELECT count(*) FROM ONLY "Sales Data"."Order Lines") AS rows_in_parent_itself
  FROM pg_class c WHERE c.oid = '"Sales Data"."Order Lines"'::regclass;
SELECT control_column, partition_interval, premake FROM partman_ext.part_config
 WHERE parent_table = '"Sales Data"."Order Lines"'::regclass;
-- Now a partition set: no longer listed (its old table "Order Lines_old" is, as a plain table).
SELECT table_name, verdict FROM partman_ext.partitioning_advice('Sales Data', 0, 65536);

\c :regress_db
DROP DATABASE partman_advice;
DROP ROLE regress_advice_reader;
