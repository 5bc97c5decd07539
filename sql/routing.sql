-- get_partition_for_value against PostgreSQL's own tuple routing (tableoid), every strategy.
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = warning;
CREATE SCHEMA rt;
SET search_path = rt, public;

-- RANGE on bigint, with a DEFAULT partition.
CREATE TABLE r (id bigint, v text) PARTITION BY RANGE (id);
CREATE TABLE r_1 PARTITION OF r FOR VALUES FROM (MINVALUE) TO (1000);
CREATE TABLE r_2 PARTITION OF r FOR VALUES FROM (1000) TO (2500);
CREATE TABLE r_3 PARTITION OF r FOR VALUES FROM (2500) TO (4000);
CREATE TABLE r_d PARTITION OF r DEFAULT;
INSERT INTO r SELECT g, 'x' FROM generate_series(-500, 5000) g;
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('r', id) <> tableoid) AS mismatches FROM r;
SELECT partman_ext.get_partition_for_value('r', 999), partman_ext.get_partition_for_value('r', 1000),
       partman_ext.get_partition_for_value('r', 4000), partman_ext.get_partition_for_value('r', NULL::bigint);
-- an int4 argument and a text literal are cast to the key column's type
SELECT partman_ext.get_partition_for_value('r', 2600::int), partman_ext.get_partition_for_value('r', '2600'::text);

-- RANGE on two columns (a whole row routes: the key uses two columns).
CREATE TABLE r2 (a int, b date) PARTITION BY RANGE (a, b);
CREATE TABLE r2_1 PARTITION OF r2 FOR VALUES FROM (0, '2020-01-01') TO (5, '2021-01-01');
CREATE TABLE r2_2 PARTITION OF r2 FOR VALUES FROM (5, '2021-01-01') TO (10, '2030-01-01');
INSERT INTO r2 SELECT g % 10, date '2020-06-01' + (g % 9) * 30 FROM generate_series(1, 2000) g
  WHERE (g % 10, date '2020-06-01' + (g % 9) * 30) >= (0, date '2020-01-01') AND (g % 10, date '2020-06-01' + (g % 9) * 30) < (10, date '2030-01-01');
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('r2', r2) <> tableoid) AS mismatches FROM r2;
SELECT partman_ext.get_partition_for_value('r2', 3);

-- LIST on text, with NULL and a DEFAULT partition.
CREATE TABLE l (code text, n int) PARTITION BY LIST (code);
CREATE TABLE l_ab PARTITION OF l FOR VALUES IN ('a', 'b');
CREATE TABLE l_cn PARTITION OF l FOR VALUES IN ('c', NULL);
CREATE TABLE l_d PARTITION OF l DEFAULT;
INSERT INTO l SELECT (ARRAY['a','b','c','d',NULL,'zz'])[1 + g % 6], g FROM generate_series(1, 3000) g;
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('l', code) IS DISTINCT FROM tableoid::regclass) AS mismatches FROM l;
SELECT partman_ext.get_partition_for_value('l', NULL::text), partman_ext.get_partition_for_value('l', 'b'::text);

-- HASH on uuid and on int (native hash support functions, not hashtext).
CREATE TABLE h (id uuid, n int) PARTITION BY HASH (id);
DO $$ BEGIN FOR i IN 0..15 LOOP EXECUTE format('CREATE TABLE h_%s PARTITION OF h FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i); END LOOP; END $$;
INSERT INTO h SELECT md5(g::text)::uuid, g FROM generate_series(1, 5000) g;
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('h', id) <> tableoid) AS mismatches FROM h;
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('h', id::text) <> tableoid) AS mismatches_text FROM h;
CREATE TABLE hi (id int) PARTITION BY HASH (id);
CREATE TABLE hi_0 PARTITION OF hi FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE hi_1 PARTITION OF hi FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE hi_3 PARTITION OF hi FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO hi SELECT g FROM generate_series(1, 4000) g;
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('hi', id) <> tableoid) AS mismatches FROM hi;

-- LIST on the classic signed bucket expression: negative buckets land in the DEFAULT partition.
CREATE TABLE c (collection_id uuid, n int) PARTITION BY LIST (mod(hashtext(collection_id::text), 100));
DO $$ BEGIN FOR i IN 0..99 LOOP EXECUTE format('CREATE TABLE c_part_%s PARTITION OF c FOR VALUES IN (%s)', lpad(i::text, 2, '0'), i); END LOOP; END $$;
CREATE TABLE c_default PARTITION OF c DEFAULT;
INSERT INTO c SELECT md5('c' || g)::uuid, g FROM generate_series(1, 5000) g;
SELECT count(*) AS rows, count(*) FILTER (WHERE tableoid = 'c_default'::regclass) > 1000 AS many_in_default,
       count(*) FILTER (WHERE partman_ext.get_partition_for_value('c', collection_id) <> tableoid) AS mismatches FROM c;

-- LIST on the correct non-negative form (bigint expression).
CREATE TABLE m (collection_id uuid, n int) PARTITION BY LIST (((hashtext(collection_id::text)::bigint & 2147483647) % 100));
DO $$ BEGIN FOR i IN 0..99 LOOP EXECUTE format('CREATE TABLE m_part_%s PARTITION OF m FOR VALUES IN (%s)', lpad(i::text, 2, '0'), i); END LOOP; END $$;
INSERT INTO m SELECT md5('m' || g)::uuid, g FROM generate_series(1, 5000) g;
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('m', collection_id) <> tableoid) AS mismatches,
       count(*) FILTER (WHERE partman_ext.get_partition_for_collection(collection_id, 'm') <> tableoid::regclass::text) AS name_mismatches FROM m;
SELECT partman_ext.get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000', 'm') =
       'm_part_' || lpad(((hashtext('550e8400-e29b-41d4-a716-446655440000')::bigint & 2147483647) % 100)::text, 2, '0') AS matches_expression;

-- Multi-level: LIST (mod(id, 4)) -> HASH (id) for some children, RANGE (id) with a default for another.
CREATE TABLE ml (id int, note text) PARTITION BY LIST (mod(id, 4));
CREATE TABLE ml_0 PARTITION OF ml FOR VALUES IN (0) PARTITION BY HASH (id);
CREATE TABLE ml_0_a PARTITION OF ml_0 FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE ml_0_b PARTITION OF ml_0 FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE ml_0_c PARTITION OF ml_0 FOR VALUES WITH (MODULUS 3, REMAINDER 2);
CREATE TABLE ml_1 PARTITION OF ml FOR VALUES IN (1, -1);
CREATE TABLE ml_2 (note text, id int) PARTITION BY RANGE (id);   -- other column order
ALTER TABLE ml ATTACH PARTITION ml_2 FOR VALUES IN (2, -2);
CREATE TABLE ml_2_lo PARTITION OF ml_2 FOR VALUES FROM (MINVALUE) TO (1000);
CREATE TABLE ml_2_d PARTITION OF ml_2 DEFAULT;
CREATE TABLE ml_d PARTITION OF ml DEFAULT;
INSERT INTO ml SELECT g, 'n' FROM generate_series(-2000, 3000) g;
SELECT count(*) AS rows, count(DISTINCT tableoid) AS leaves,
       count(*) FILTER (WHERE partman_ext.get_partition_for_value('ml', id) <> tableoid) AS mismatches,
       count(*) FILTER (WHERE partman_ext.get_partition_for_value('ml', ml) <> tableoid) AS row_mismatches FROM ml;

-- Multi-level on different columns: only a whole row can be routed.
CREATE TABLE mc (ts date, id int) PARTITION BY RANGE (ts);
CREATE TABLE mc_2024 PARTITION OF mc FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (id);
CREATE TABLE mc_2024_0 PARTITION OF mc_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE mc_2024_1 PARTITION OF mc_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE mc_2025 PARTITION OF mc FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO mc SELECT date '2024-01-01' + g % 700, g FROM generate_series(1, 3000) g;
SELECT count(*) AS rows, count(*) FILTER (WHERE partman_ext.get_partition_for_value('mc', mc) <> tableoid) AS mismatches FROM mc;
SELECT partman_ext.get_partition_for_value('mc', ROW('2024-03-01', 7)::mc) IN ('mc_2024_0'::regclass, 'mc_2024_1'::regclass) AS routed;

-- The cache follows DDL within a session.
CREATE TABLE r_4 (LIKE r);
ALTER TABLE r DETACH PARTITION r_d;
ALTER TABLE r ATTACH PARTITION r_4 FOR VALUES FROM (4000) TO (10000);
SELECT partman_ext.get_partition_for_value('r', 4500);

-- Errors: a key no partition accepts, a value that cannot be cast, a table that is not partitioned.
\set VERBOSITY default
SELECT partman_ext.get_partition_for_value('r', 20000);
CREATE TABLE hh (id int) PARTITION BY HASH (id);
CREATE TABLE hh_0 PARTITION OF hh FOR VALUES WITH (MODULUS 2, REMAINDER 0);
SELECT g, partman_ext.get_partition_for_value('hh', g) FROM generate_series(1, 10) g;
SELECT partman_ext.get_partition_for_value('m', now());
SELECT partman_ext.get_partition_for_value('r_1', 1);
SELECT partman_ext.get_partition_for_value('mc', 5);
SELECT partman_ext.get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000');
\set VERBOSITY terse
SELECT partman_ext.get_partition_for_value(NULL, 1) IS NULL AS null_parent;

-- The short form finds "chunks" through the search_path.
CREATE TABLE chunks (collection_id uuid, body text) PARTITION BY HASH (collection_id);
DO $$ BEGIN FOR i IN 0..99 LOOP EXECUTE format('CREATE TABLE chunks_part_%s PARTITION OF chunks FOR VALUES WITH (MODULUS 100, REMAINDER %s)', lpad(i::text, 2, '0'), i); END LOOP; END $$;
INSERT INTO chunks SELECT md5('k' || g)::uuid, 'b' FROM generate_series(1, 2000) g;
SELECT count(*) FILTER (WHERE partman_ext.get_partition_for_collection(collection_id) <> tableoid::regclass::text) AS mismatches FROM chunks;
SELECT partman_ext.get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000') ~ '^chunks_part_[0-9]{2}$' AS looks_right;

RESET search_path;
DROP SCHEMA rt CASCADE;
