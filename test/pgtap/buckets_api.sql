-- pgTAP: bucket sets end to end — creation, routing against tableoid, skew against independent
-- counts, heavy keys, the seed-style expression, comments and privileges of every object.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS partman_ext;
BEGIN;
SELECT plan(32);

CREATE SCHEMA tap_bk;
SET search_path = tap_bk, public;

-- A 100-bucket HASH set loaded with uniform keys and a heavy-tailed one.
CREATE TABLE chunks (collection_id uuid NOT NULL, chunk int NOT NULL) PARTITION BY HASH (collection_id);
SELECT is((SELECT count(*)::int FROM partman_ext.create_bucket_partitions('chunks', 100) WHERE action = 'created'), 100,
          'create_bucket_partitions creates 100 buckets');
SELECT is((SELECT count(*)::int FROM partman_ext.create_bucket_partitions('chunks', 100)), 0, 'a second call creates nothing');
SELECT set_eq($$SELECT relname::text FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid WHERE i.inhparent = 'chunks'::regclass$$,
              $$SELECT 'chunks_part_' || lpad(g::text, 2, '0') FROM generate_series(0, 99) g$$, 'buckets are named chunks_part_00 .. chunks_part_99');
SELECT is((SELECT format('%s/%s/%s', strategy, control_column, buckets) FROM partman_ext.part_config WHERE parent_table = 'chunks'::regclass),
          'bucket/collection_id/100', 'the set is registered as a bucket set');

INSERT INTO chunks SELECT md5('u' || g)::uuid, 1 FROM generate_series(1, 30000) g;              -- uniform
INSERT INTO chunks SELECT md5('heavy')::uuid, c FROM generate_series(1, 6000) c;                -- one heavy key
ANALYZE chunks;

SELECT is((SELECT count(*)::int FROM chunks WHERE partman_ext.get_partition_for_value('chunks', collection_id) <> tableoid), 0,
          'get_partition_for_value agrees with tableoid for every row');
SELECT is((SELECT count(*)::int FROM chunks WHERE partman_ext.get_partition_for_collection(collection_id) <> tableoid::regclass), 0,
          'get_partition_for_collection agrees with tableoid for every row');
SELECT is(partman_ext.get_partition_for_value('chunks', md5('heavy')), partman_ext.get_partition_for_value('chunks', md5('heavy')::uuid),
          'a text value is cast to the uuid key');
SELECT throws_ok($$SELECT partman_ext.get_partition_for_value('chunks', now())$$, '42804', NULL, 'a value of the wrong type is refused');

-- Skew against counts computed here.
CREATE TEMP TABLE ref AS
  SELECT tableoid::regclass AS partition_name, count(*) AS n, count(*)::float8 / sum(count(*)) OVER () AS share
  FROM chunks GROUP BY 1;
SELECT is((SELECT count(*)::int FROM partman_ext.analyze_partition_skew('chunks', true) a JOIN ref r USING (partition_name)
           WHERE a.row_count = r.n AND abs(a.share - r.share) < 1e-12 AND abs(a.skew_factor - (r.share - 0.01) / 0.01) < 1e-9), 100,
          'exact counts, shares and skew factors match an independent count');
SELECT is((SELECT count(*)::int FROM partman_ext.analyze_partition_skew('chunks') a JOIN ref r USING (partition_name) WHERE a.row_count = r.n), 100,
          'estimates equal the counts after ANALYZE of small partitions');
SELECT results_eq($$SELECT status, heavy_key_rows FROM partman_ext.analyze_partition_skew('chunks')
                    WHERE partition_name = partman_ext.get_partition_for_value('chunks', md5('heavy')::uuid)$$,
                  $$VALUES ('HEALTHY', 6000::bigint)$$,
                  'the partition of the heavy key is HEALTHY: one key that hashing cannot split is set aside');
SELECT is((SELECT count(*)::int FROM partman_ext.analyze_partition_skew('chunks') WHERE status <> 'HEALTHY'), 0,
          'every partition is HEALTHY (deviations within the key-level noise)');
SELECT results_eq($$SELECT partitions, total_rows, status, method FROM partman_ext.partition_distribution WHERE parent_table = 'chunks'::regclass$$,
                  $$VALUES (100, 36000::bigint, 'HEALTHY', 'key statistics')$$, 'partition_distribution summarises the set');

-- Every key, and advice.
SELECT results_eq($$SELECT refreshed_partitions, keys, rows_counted FROM partman_ext.refresh_key_statistics('chunks')$$,
                  $$VALUES (100, 30001::bigint, 36000::bigint)$$, 'refresh_key_statistics counts every key of every partition');
SELECT results_eq($$SELECT key_value, row_count FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass ORDER BY row_count DESC LIMIT 1$$,
                  $$VALUES (md5('heavy')::uuid::text, 6000::bigint)$$, 'the heavy key is found with its exact count');
SELECT results_eq($$SELECT kind, status, keys FROM partman_ext.rebalancing_recommendations('chunks')$$,
                  $$VALUES ('split_hot_key', 'HEALTHY', ARRAY[md5('heavy')::uuid::text])$$, 'the advice is about the hot key, not the hash');
-- 6000 more keys of one row each, all in one bucket: a hot bucket hashing did not make.
INSERT INTO chunks SELECT k, 1 FROM (SELECT md5('p' || g)::uuid AS k FROM generate_series(1, 700000) g) s
WHERE partman_ext.get_partition_for_value('chunks', k) = 'chunks_part_13'::regclass LIMIT 6000;
SELECT results_eq($$SELECT partition_name, status FROM partman_ext.analyze_partition_skew('chunks', true) WHERE status <> 'HEALTHY'$$,
                  $$VALUES ('chunks_part_13'::regclass, 'CRITICAL')$$, 'a planted hot bucket of many keys is CRITICAL');

-- The seed-style bucket expression.
CREATE TABLE seed (collection_id uuid NOT NULL) PARTITION BY LIST (mod(hashtext(collection_id::text), 100));
SELECT throws_ok($$SELECT * FROM partman_ext.create_bucket_partitions('seed', 100)$$, '42P17',
                 'bucket expression of seed yields values -99..-1 that no partition accepts', 'the signed expression is refused');
SELECT is((SELECT count(*)::int FROM pg_inherits WHERE inhparent = 'seed'::regclass), 0, 'and nothing was created');
CREATE TABLE good (collection_id uuid NOT NULL) PARTITION BY LIST (((hashtext(collection_id::text)::bigint & 2147483647) % 100));
SELECT is((SELECT count(*)::int FROM partman_ext.create_bucket_partitions('good', 100)), 100, 'the non-negative expression is accepted');
INSERT INTO good SELECT md5('g' || g)::uuid FROM generate_series(1, 5000) g;
SELECT is((SELECT count(*)::int FROM good WHERE partman_ext.get_partition_for_value('good', collection_id) <> tableoid), 0,
          'routing through the LIST expression agrees with tableoid');

-- Every object has a comment; functions are SECURITY INVOKER; key_statistics is not writable by PUBLIC.
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'partman_ext'::regnamespace
           AND proname IN ('create_bucket_partitions', 'get_partition_for_value', 'get_partition_for_collection', 'analyze_partition_skew',
                           'refresh_key_statistics', 'rebalancing_recommendations', '_partition_distribution')
           AND obj_description(oid, 'pg_proc') IS NOT NULL), 8, 'every bucket function has a comment');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'partman_ext'::regnamespace AND prosecdef
           AND proname IN ('create_bucket_partitions', 'get_partition_for_value', 'get_partition_for_collection', 'analyze_partition_skew',
                           'refresh_key_statistics', 'rebalancing_recommendations', '_partition_distribution')), 0,
          'the bucket functions are SECURITY INVOKER');
SELECT is((SELECT count(*)::int FROM partman_ext.unregister_partition_set('chunks')), 1, 'the set can be unregistered');
SELECT is((SELECT count(*)::int FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass), 0,
          'unregistering a set removes its key statistics');
SELECT throws_ok($$SELECT * FROM partman_ext.refresh_key_statistics('chunks')$$, '42704', NULL, 'an unregistered table has no key statistics');
SELECT isnt(obj_description('partman_ext.key_statistics'::regclass, 'pg_class'), NULL, 'key_statistics has a comment');
SELECT isnt(obj_description('partman_ext.partition_distribution'::regclass, 'pg_class'), NULL, 'partition_distribution has a comment');
SELECT ok(NOT has_table_privilege('public', 'partman_ext.key_statistics', 'INSERT, UPDATE, DELETE'), 'PUBLIC cannot write key_statistics');
SELECT ok(has_table_privilege('public', 'partman_ext.key_statistics', 'SELECT'), 'PUBLIC reads key_statistics (rows filtered by RLS)');
SELECT ok(NOT has_table_privilege('public', 'partman_ext.key_statistics_partitions', 'INSERT, UPDATE, DELETE')
          AND NOT has_table_privilege('public', 'partman_ext.key_statistics_settings', 'INSERT, UPDATE, DELETE'),
          'PUBLIC cannot write key_statistics_partitions nor key_statistics_settings');
SELECT is((SELECT count(*)::int FROM pg_class WHERE oid IN ('partman_ext.key_statistics_partitions'::regclass, 'partman_ext.key_statistics_settings'::regclass)
           AND obj_description(oid, 'pg_class') IS NOT NULL), 2, 'key_statistics_partitions and key_statistics_settings have comments');

SELECT * FROM finish();
ROLLBACK;
