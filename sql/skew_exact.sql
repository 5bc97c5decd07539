-- analyze_partition_skew(exact => true) counts exactly the rows SELECT count(*) returns per
-- partition (issue 11 item 7): after deletes and updates (dead rows, HOT chains, pages not
-- all-visible), after VACUUM (all-visible pages), for the transaction's own uncommitted and
-- rolled-back rows, in a sub-partitioned bucket, with a default partition, under row-level
-- security and for roles that may read only the partitions.
CREATE EXTENSION IF NOT EXISTS partman_ext;
CREATE SCHEMA skx;
SET search_path = skx, public;

-- Exact counts against count(*) of every partition, each run as a statement of its own.
CREATE FUNCTION mismatches(parent regclass) RETURNS TABLE (partitions bigint, rows_counted numeric, mismatched bigint)
LANGUAGE plpgsql AS $$
DECLARE r record; n bigint;
BEGIN
  partitions := 0; rows_counted := 0; mismatched := 0;
  FOR r IN SELECT a.partition_name, a.row_count FROM partman_ext.analyze_partition_skew(parent, exact => true) a LOOP
    EXECUTE format('SELECT count(*) FROM %s', r.partition_name) INTO n;
    partitions := partitions + 1;
    rows_counted := rows_counted + coalesce(r.row_count, 0);
    IF r.row_count IS DISTINCT FROM n THEN mismatched := mismatched + 1; END IF;
  END LOOP;
  RETURN NEXT;
END $$;

CREATE TABLE ev (k bigint NOT NULL, v int, pad text) PARTITION BY HASH (k);
SELECT count(*) FROM partman_ext.create_bucket_partitions('ev', 8);
INSERT INTO ev SELECT g, g % 7, repeat('x', 40) FROM generate_series(1, 20000) g;
SELECT * FROM mismatches('ev');
-- dead rows, HOT updates, non-HOT updates (the key moves rows between partitions)
DELETE FROM ev WHERE k % 5 = 0;
UPDATE ev SET v = v + 1 WHERE k % 3 = 0;
UPDATE ev SET k = k + 100000 WHERE k % 11 = 0;
SELECT * FROM mismatches('ev');
VACUUM ev;   -- pages all-visible (unless an older snapshot is still open somewhere)
SELECT * FROM mismatches('ev');
DELETE FROM ev WHERE k % 7 = 0;   -- those pages no longer all-visible
SELECT * FROM mismatches('ev');

-- The transaction's own rows count; rolled-back ones do not; the figures match count(*) inside
-- the transaction and after it.
BEGIN;
INSERT INTO ev SELECT g, 0, 'own' FROM generate_series(200001, 203000) g;
SAVEPOINT s;
INSERT INTO ev SELECT g, 0, 'gone' FROM generate_series(300001, 305000) g;
DELETE FROM ev WHERE k < 1000;
ROLLBACK TO SAVEPOINT s;
SELECT * FROM mismatches('ev');
SELECT sum(row_count) = (SELECT count(*) FROM ev) AS total_matches FROM partman_ext.analyze_partition_skew('ev', true);
ROLLBACK;
SELECT * FROM mismatches('ev');

-- A sub-partitioned bucket: every leaf is counted.
CREATE TABLE sub (k int NOT NULL, g int NOT NULL) PARTITION BY HASH (k);
CREATE TABLE sub_part_0 PARTITION OF sub FOR VALUES WITH (MODULUS 3, REMAINDER 0) PARTITION BY LIST (g);
CREATE TABLE sub_part_0_a PARTITION OF sub_part_0 FOR VALUES IN (0);
CREATE TABLE sub_part_0_b PARTITION OF sub_part_0 DEFAULT;
SELECT count(*) FROM partman_ext.create_bucket_partitions('sub', 3);
INSERT INTO sub SELECT g, g % 4 FROM generate_series(1, 9000) g;
DELETE FROM sub WHERE k % 4 = 1;
SELECT * FROM mismatches('sub');
-- A LIST bucket set with a default partition holding the rows of no bucket.
CREATE TABLE ls (k int NOT NULL) PARTITION BY LIST (mod(k, 4));
CREATE TABLE ls_default PARTITION OF ls DEFAULT;
SELECT count(*) FROM partman_ext.create_bucket_partitions('ls', 3);
INSERT INTO ls SELECT g FROM generate_series(1, 4000) g;
SELECT * FROM mismatches('ls');
SELECT partition_name, row_count FROM partman_ext.analyze_partition_skew('ls', true) WHERE partition_name = 'ls_default'::regclass;

-- A set larger than a quarter of shared_buffers is read through a ring of buffers, as a
-- sequential scan of one table that large would be (fillfactor 10 keeps the rows few).
CREATE TABLE big (k int NOT NULL, pad text) PARTITION BY HASH (k);
SELECT count(*) FROM partman_ext.create_bucket_partitions('big', 4);
DO $$ DECLARE p regclass; BEGIN
  FOR p IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'skx.big'::regclass LOOP
    EXECUTE format('ALTER TABLE %s SET (fillfactor = 10)', p);
  END LOOP;
END $$;
SELECT least(pg_size_bytes(current_setting('shared_buffers')) / 4 / 8192 * 13 / 10, 200000) * 20 AS big_rows \gset
INSERT INTO big SELECT g, repeat('b', 20) FROM generate_series(1, :big_rows) g;
DELETE FROM big WHERE k % 10 = 0;
SELECT sum(pg_relation_size(inhrelid)) > pg_size_bytes(current_setting('shared_buffers')) / 4 AS over_a_quarter_of_shared_buffers
FROM pg_inherits WHERE inhparent = 'big'::regclass;
SELECT partitions, rows_counted = :big_rows * 9 / 10 AS all_rows, mismatched FROM mismatches('big');

-- Row-level security on the parent: a role that reads the set through it sees only the rows the
-- policy lets through, and so do the exact counts (they come from the parent then).
CREATE ROLE skx_reader;
CREATE ROLE skx_leaves;
GRANT USAGE ON SCHEMA skx TO skx_reader, skx_leaves;
GRANT SELECT ON ev TO skx_reader;
ALTER TABLE ev ENABLE ROW LEVEL SECURITY;
CREATE POLICY even ON ev FOR SELECT USING (k % 2 = 0);
SELECT count(*) AS ev_rows FROM ev \gset
SET ROLE skx_reader;
SELECT sum(row_count) = (SELECT count(*) FROM ev) AS counts_what_the_role_sees,
       sum(row_count) < :ev_rows AS fewer_than_all
FROM partman_ext.analyze_partition_skew('ev', true);
RESET ROLE;
ALTER TABLE ev DISABLE ROW LEVEL SECURITY;
-- Policies of a partition do not apply through the parent: all its rows count for this role.
ALTER TABLE ev_part_0 ENABLE ROW LEVEL SECURITY;
CREATE POLICY none ON ev_part_0 FOR SELECT USING (false);
SET ROLE skx_reader;
SELECT count(*) AS partitions, count(*) FILTER (WHERE a.row_count IS DISTINCT FROM coalesce(c.n, 0)) AS mismatched,
       sum(a.row_count) AS rows_counted
FROM partman_ext.analyze_partition_skew('ev', true) a
LEFT JOIN (SELECT tableoid::regclass AS p, count(*) AS n FROM ev GROUP BY 1) c ON c.p = a.partition_name;
RESET ROLE;
ALTER TABLE ev_part_0 DISABLE ROW LEVEL SECURITY;
-- A role with SELECT on every partition but not on the parent counts them directly.
DO $$ DECLARE p regclass; BEGIN
  FOR p IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'skx.ev'::regclass LOOP
    EXECUTE format('GRANT SELECT ON %s TO skx_leaves', p);
  END LOOP;
END $$;
SET ROLE skx_leaves;
SELECT sum(row_count) AS rows_counted FROM partman_ext.analyze_partition_skew('ev', true);
RESET ROLE;
SELECT count(*) AS rows_in_ev FROM ev;
-- A role that may read neither: the parent's permission error, nothing counted.
REVOKE SELECT ON ev FROM skx_reader;
SET ROLE skx_reader;
SELECT count(*) FROM partman_ext.analyze_partition_skew('ev', true);
RESET ROLE;

-- Leave the shared regression database as we found it.
DELETE FROM partman_ext.part_config WHERE parent_table::text LIKE 'skx.%';
DELETE FROM partman_ext.maintenance_log WHERE operation = 'create_bucket_partitions';
RESET search_path;
DROP SCHEMA skx CASCADE;
DROP ROLE skx_reader;
DROP ROLE skx_leaves;
