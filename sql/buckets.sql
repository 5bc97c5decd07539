-- create_bucket_partitions: HASH and LIST sets, idempotence, coverage check of bucket expressions.
CREATE EXTENSION IF NOT EXISTS partman_ext;
CREATE SCHEMA bk;
SET search_path = bk, public;
\set VERBOSITY default

-- HASH on a uuid: 100 buckets named chunks_part_00 .. chunks_part_99.
CREATE TABLE chunks (collection_id uuid NOT NULL, body text) PARTITION BY HASH (collection_id);
SELECT count(*) AS created, min(partition_name), max(partition_name), min(action), max(action)
FROM partman_ext.create_bucket_partitions('chunks', 100);
SELECT partition_name, lower_bound, action, message FROM partman_ext.create_bucket_partitions('chunks', 100);  -- nothing left to do
SELECT strategy, control_column, buckets, skew_warning, skew_rebalance, skew_critical
FROM partman_ext.part_config WHERE parent_table = 'chunks'::regclass;
SELECT count(*) AS partitions, count(*) FILTER (WHERE pg_get_expr(c.relpartbound, c.oid) ~* 'modulus 100, remainder') AS modulus_100
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'chunks'::regclass;
-- every key has a bucket
INSERT INTO chunks SELECT md5(g::text)::uuid, 'x' FROM generate_series(1, 3000) g;
SELECT count(DISTINCT tableoid) > 90 AS spread FROM chunks;

-- Idempotent after a bucket is dropped: only the missing one is created.
DROP TABLE chunks_part_42;
SELECT partition_name, lower_bound, action, message FROM partman_ext.create_bucket_partitions('chunks', 100);
-- a different bucket count is refused
SELECT * FROM partman_ext.create_bucket_partitions('chunks', 64);

-- Widths follow N-1: 10 buckets are _part_0 .. _part_9, 1000 would be _part_000 ..
CREATE TABLE small (id bigint) PARTITION BY HASH (id);
SELECT string_agg(partition_name, ' ' ORDER BY partition_name) FROM partman_ext.create_bucket_partitions('small', 10);

-- Adopting hash partitions with another modulus is refused.
CREATE TABLE h4 (id int) PARTITION BY HASH (id);
CREATE TABLE h4_a PARTITION OF h4 FOR VALUES WITH (MODULUS 4, REMAINDER 0);
SELECT * FROM partman_ext.create_bucket_partitions('h4', 8);

-- The classic signed expression without a DEFAULT partition: refused, nothing created.
CREATE TABLE seed (collection_id uuid NOT NULL, n int) PARTITION BY LIST (mod(hashtext(collection_id::text), 100));
SELECT * FROM partman_ext.create_bucket_partitions('seed', 100);
SELECT count(*) AS partitions FROM pg_inherits WHERE inhparent = 'seed'::regclass;
SELECT count(*) AS registered FROM partman_ext.part_config WHERE parent_table = 'seed'::regclass;

-- ... the same with a DEFAULT partition: registered, with a loud warning.
CREATE TABLE seed_default PARTITION OF seed DEFAULT;
SELECT count(*) AS created FROM partman_ext.create_bucket_partitions('seed', 100);

-- The correct non-negative expression: accepted silently; existing buckets are adopted.
CREATE TABLE good (collection_id uuid NOT NULL) PARTITION BY LIST (((hashtext(collection_id::text)::bigint & 2147483647) % 16));
CREATE TABLE good_first PARTITION OF good FOR VALUES IN (0);
SELECT count(*) AS created, min(lower_bound::int), max(lower_bound::int) FROM partman_ext.create_bucket_partitions('good', 16);
INSERT INTO good SELECT md5(g::text)::uuid FROM generate_series(1, 2000) g;
SELECT count(*) FROM good;

-- Rows already in the DEFAULT partition are moved into their new buckets (nothing is lost);
-- rows whose value has no bucket (the negative half of the signed expression) stay there.
CREATE TABLE loaded (k text NOT NULL, n int) PARTITION BY LIST (mod(hashtext(k), 8));
CREATE TABLE loaded_default PARTITION OF loaded DEFAULT;
INSERT INTO loaded SELECT 'key' || g, g FROM generate_series(1, 2000) g;
SELECT action, count(*), sum(rows_moved) = (SELECT count(*) FROM loaded WHERE mod(hashtext(k), 8) >= 0) AS all_moved
FROM partman_ext.create_bucket_partitions('loaded', 8) GROUP BY 1;
SELECT count(*) AS total, count(*) FILTER (WHERE tableoid = 'loaded_default'::regclass) = count(*) FILTER (WHERE mod(hashtext(k), 8) < 0) AS only_negatives_left,
       count(*) FILTER (WHERE partman_ext.get_partition_for_value('loaded', k) <> tableoid) AS mismatches FROM loaded;

-- abs(hashtext(x)) % N covers 0..N-1 but overflows on hashtext() = INT_MIN.
CREATE TABLE absb (k text) PARTITION BY LIST ((abs(hashtext(k)) % 8));
SELECT count(*) AS created FROM partman_ext.create_bucket_partitions('absb', 8);

-- An expression partman_ext cannot see into: a warning, not an error.
CREATE FUNCTION my_bucket(text) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT length($1) % 4';
CREATE TABLE opaque (k text) PARTITION BY LIST (my_bucket(k));
SELECT count(*) AS created FROM partman_ext.create_bucket_partitions('opaque', 4);

-- Bad input.
SELECT * FROM partman_ext.create_bucket_partitions(NULL, 10);
SELECT * FROM partman_ext.create_bucket_partitions('chunks', 0);
CREATE TABLE plain (id int);
SELECT * FROM partman_ext.create_bucket_partitions('plain', 4);
CREATE TABLE ranged (id int) PARTITION BY RANGE (id);
SELECT * FROM partman_ext.create_bucket_partitions('ranged', 4);
CREATE TABLE twocol (a int, b int) PARTITION BY HASH (a, b);
SELECT * FROM partman_ext.create_bucket_partitions('twocol', 4);
CREATE TABLE textlist (k text) PARTITION BY LIST (k);
SELECT * FROM partman_ext.create_bucket_partitions('textlist', 4);
SELECT * FROM partman_ext.create_bucket_partitions('small', 10, skew_warning => 0.6, skew_rebalance => 0.4);

-- Per-set thresholds and lock_timeout are kept.
SELECT count(*) FROM partman_ext.create_bucket_partitions('small', 10, lock_timeout => '5s', skew_warning => 0.2, skew_rebalance => 0.25, skew_critical => 0.35);
SELECT buckets, lock_timeout, skew_warning, skew_rebalance, skew_critical FROM partman_ext.part_config WHERE parent_table = 'small'::regclass;

-- Long names keep their suffix within 63 bytes; quoted names work.
CREATE TABLE "A table; with ""quotes"" and a name long enough to be cut short" (id int) PARTITION BY HASH (id);
SELECT action, count(*) FROM partman_ext.create_bucket_partitions('"A table; with ""quotes"" and a name long enough to be cut short"', 2) GROUP BY 1;
SELECT relname, octet_length(relname) FROM pg_class WHERE relname LIKE 'A table;%part%' ORDER BY 1;

-- Another role may not register someone else's table.
CREATE ROLE bk_other;
GRANT USAGE ON SCHEMA bk TO bk_other;
SET ROLE bk_other;
SELECT * FROM partman_ext.create_bucket_partitions('bk.small', 10);
RESET ROLE;

-- The actions are logged.
SELECT operation, count(*), bool_and(success) FROM partman_ext.maintenance_log WHERE operation = 'create_bucket_partitions' GROUP BY 1;

-- Leave the shared regression database as we found it (other tests count these tables' rows).
DELETE FROM partman_ext.part_config WHERE strategy = 'bucket';
DELETE FROM partman_ext.maintenance_log WHERE operation = 'create_bucket_partitions';
DELETE FROM partman_ext.key_statistics;
RESET search_path;
DROP SCHEMA bk CASCADE;
DROP ROLE bk_other;
