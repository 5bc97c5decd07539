-- Registration: validation (every bad input gets SQLSTATE, message, DETAIL, HINT and changes
-- nothing), adoption of existing partitions from the catalog, hostile names.
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = notice;
SET TimeZone = 'UTC';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';  -- the test clock
-- the maintenance job's next regular run is an hour after the test clock (registration makes it due now)
UPDATE partman_ext.job SET next_run = partman_ext.clock() WHERE kind = 'maintenance' AND builtin;

CREATE TABLE ev (id bigint, ts timestamptz NOT NULL, note text) PARTITION BY RANGE (ts);
CREATE TABLE ev_list (id int, k int) PARTITION BY LIST (k);
CREATE TABLE ev_hash (id int) PARTITION BY HASH (id);
CREATE TABLE ev_two (a int, b int) PARTITION BY RANGE (a, b);
CREATE TABLE ev_expr (n int) PARTITION BY RANGE ((n + 1));
CREATE TABLE ev_text (k text) PARTITION BY RANGE (k);
CREATE TABLE plain (id int);

-- NULL arguments
SELECT * FROM partman_ext.register_partition_set(NULL, 'ts', '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', NULL, '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', premake => NULL);
\echo :LAST_ERROR_SQLSTATE
-- unknown and non-partitioned tables, wrong strategies and keys
SELECT * FROM partman_ext.register_partition_set('no_such_table', 'ts', '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('plain', 'id', '10');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev_list', 'k', '10');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev_hash', 'id', '10');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev_two', 'a', '10');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev_expr', 'n', '10');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev_text', 'k', '10');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'nope', '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'id', '1 month');
\echo :LAST_ERROR_SQLSTATE
-- bad intervals, premake, retention, modes, zones, timeouts
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '0 days');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '-1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month 2 days');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '90 minutes');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', 'fortnightly');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', premake => 0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', retention => '-3 months');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', retention_mode => 'shred');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', retention_mode => 'archive');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', retention_mode => 'archive', archive_schema => 'nowhere');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', time_zone => 'Mars/Olympus_Mons');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 month', lock_timeout => '0s');
\echo :LAST_ERROR_SQLSTATE
-- misaligned existing bounds: refused, nothing changed
CREATE TABLE ev_mis (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE ev_mis_a PARTITION OF ev_mis FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2024-02-01 00:00+00');
CREATE TABLE ev_mis_b PARTITION OF ev_mis FOR VALUES FROM ('2024-02-01 00:00+00') TO ('2024-02-15 00:00+00');
SELECT * FROM partman_ext.register_partition_set('ev_mis', 'ts', '1 month');
\echo :LAST_ERROR_SQLSTATE
-- nothing was registered or created by any of the above
SELECT count(*) AS registered FROM partman_ext.part_config WHERE parent_table::text ~ '^(ev|plain)';
SELECT count(*) AS default_partitions FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid WHERE pt.partdefid <> 0 AND c.relname ~ '^(ev|plain)';

-- A good registration, with all named parameters, and a second one refused.
SELECT * FROM partman_ext.register_partition_set(parent => 'ev', control => 'ts', partition_interval => '1 day',
    premake => 3, retention => '30 days', retention_mode => 'detach', default_partition => true,
    time_zone => 'Europe/Berlin', lock_timeout => '1s');
SELECT * FROM partman_ext.register_partition_set('ev', 'ts', '1 day');
\echo :LAST_ERROR_SQLSTATE
SELECT parent_table, control_column, strategy, partition_interval, anchor, premake, retention, retention_mode,
       default_partition, time_zone, lock_timeout FROM partman_ext.part_config WHERE parent_table = 'ev'::regclass;

-- Adoption: existing partitions keep their names and bounds; the anchor comes from the catalog.
CREATE TABLE ints (id bigint NOT NULL, v text) PARTITION BY RANGE (id);
CREATE TABLE ints_low PARTITION OF ints FOR VALUES FROM (1000) TO (2000);
CREATE TABLE ints_mid PARTITION OF ints FOR VALUES FROM (2000) TO (4000);
SELECT * FROM partman_ext.register_partition_set('ints', 'id', '1000', premake => 2, default_partition => false);
SELECT partition_name, lower_bound, upper_bound, is_default FROM partman_ext.list_partitions('ints');
SELECT anchor FROM partman_ext.part_config WHERE parent_table = 'ints'::regclass;

-- update_partition_set and unregister_partition_set (data untouched)
SELECT premake, retention, enabled FROM partman_ext.update_partition_set('ints', premake => 5, retention => '10000', enabled => false);
SELECT premake, retention FROM partman_ext.update_partition_set('ints', clear_retention => true);
SELECT * FROM partman_ext.update_partition_set('ints', premake => -1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.update_partition_set('plain');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO ints SELECT g, 'x' FROM generate_series(1000, 3999) g;
SELECT parent_table FROM partman_ext.unregister_partition_set('ints');
SELECT count(*) AS rows_kept, count(DISTINCT tableoid) AS partitions_kept FROM ints;

-- Hostile names: spaces, quotes, semicolons, mixed case; and a parent name near 63 bytes.
CREATE SCHEMA "Sales Data";
CREATE TABLE "Sales Data"."Weird ""Name""; DROP TABLE x; --" (id int, "Created At" timestamptz NOT NULL)
    PARTITION BY RANGE ("Created At");
SELECT strategy, adopted_partitions, default_partition, created_partitions
  FROM partman_ext.register_partition_set('"Sales Data"."Weird ""Name""; DROP TABLE x; --"', 'Created At', '1 month', premake => 2);
SELECT count(*) = 0 AS created_current_plus_two_at_registration
  FROM partman_ext.create_future_partitions('"Sales Data"."Weird ""Name""; DROP TABLE x; --"') WHERE action = 'created';
SELECT count(*) AS partitions, bool_and(partition_name::text LIKE '"Sales Data"."Weird ""Name""; DROP TABLE x; --%') AS names_quoted
  FROM partman_ext.list_partitions('"Sales Data"."Weird ""Name""; DROP TABLE x; --"');
INSERT INTO "Sales Data"."Weird ""Name""; DROP TABLE x; --" VALUES (1, now());
SELECT count(*) FROM "Sales Data"."Weird ""Name""; DROP TABLE x; --";

CREATE TABLE abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (ts date NOT NULL)
    PARTITION BY RANGE (ts);
SELECT length(parent_table::text) FROM partman_ext.register_partition_set('abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh', 'ts', '1 month', premake => 1);
SELECT length(partition_name::text) <= 63 AS fits,
       partition_name::text ~ '_p\d{4}_\d{2}$' OR partition_name::text ~ '_default$' AS suffix_survives
  FROM partman_ext.list_partitions('abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh');

-- New partitions (and the default partition) go to the parent's tablespace; a hostile name is quoted.
SET allow_in_place_tablespaces = on;
CREATE TABLESPACE "Fast ""Space""" LOCATION '';
CREATE TABLE in_space (ts date NOT NULL) PARTITION BY RANGE (ts) TABLESPACE "Fast ""Space""";
SELECT created_partitions FROM partman_ext.register_partition_set('in_space', 'ts', '1 month', premake => 1, default_partition => true);
SELECT count(*) AS partitions, bool_and(t.spcname = 'Fast "Space"') AS all_in_parent_tablespace
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_tablespace t ON t.oid = c.reltablespace
 WHERE i.inhparent = 'in_space'::regclass;
DROP TABLE in_space;
DROP TABLESPACE "Fast ""Space""";
RESET allow_in_place_tablespaces;

-- Dropping a registered parent forgets its set; maintenance of the others is unaffected (one of this
-- file's other sets is given work first: its premake goes from 2 to 4).
SELECT premake FROM partman_ext.update_partition_set('"Sales Data"."Weird ""Name""; DROP TABLE x; --"', premake => 4);
SELECT count(*) AS sets_before FROM partman_ext.part_config \gset
DROP TABLE abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh;
SELECT :sets_before - count(*) AS sets_forgotten FROM partman_ext.part_config;
SELECT count(*) > 0 AS other_sets_still_maintained, bool_and(sqlstate IS NULL) AS without_errors
  FROM partman_ext.run_partition_maintenance(NULL, true)
 WHERE parent_table = '"Sales Data"."Weird ""Name""; DROP TABLE x; --"'::regclass;
