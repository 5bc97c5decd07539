-- Bucket sets on Citus: a HASH set and a LIST set, each partitioned on its distribution column,
-- so every bucket is a distributed table co-located with its parent. Routing
-- (get_partition_for_value) is checked against where Citus actually put each row; skew uses the
-- shards' row counts (estimates after ANALYZE, and exact counts).
SET client_min_messages = warning;
CREATE SCHEMA bk;
SET search_path = bk, public, partman_ext;  -- WHERE parent_table = 'x' resolves the name (regclass = text)

-- HASH on a uuid, distributed by the same column.
CREATE TABLE chunks (collection_id uuid NOT NULL, body text) PARTITION BY HASH (collection_id);
SELECT create_distributed_table('chunks', 'collection_id');
SELECT count(*) AS created, min(partition_name), max(partition_name), min(action)
  FROM partman_ext.create_bucket_partitions('chunks', 8);
SELECT count(*) AS buckets, count(DISTINCT d.colocationid) AS colocation_groups,
       bool_and(d.colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'chunks'::regclass)) AS colocated_with_parent,
       bool_and(column_to_column_name(d.logicalrelid, d.partkey) = 'collection_id') AS distributed_by_key
  FROM pg_inherits i JOIN pg_dist_partition d ON d.logicalrelid = i.inhrelid::regclass
 WHERE i.inhparent = 'chunks'::regclass;
INSERT INTO chunks SELECT md5(g::text)::uuid, 'x' FROM generate_series(1, 4000) g;
SELECT count(*) AS chunk_rows FROM chunks;
-- routing: every row's bucket, computed on the coordinator, is the partition Citus stored it in
-- (partition names travel as text: a regclass constant in a query pushed to the worker would be
-- resolved there, to the worker's own shell table)
SET citus.enable_ddl_propagation = off;  -- a session-local helper: Citus need not create it on the worker
CREATE FUNCTION pg_temp.placed(parent regclass, key name) RETURNS TABLE (part text, k text) LANGUAGE plpgsql AS $$
DECLARE r regclass;
BEGIN
    FOR r IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = parent LOOP
        RETURN QUERY EXECUTE format('SELECT %L, (%I)::text FROM ONLY %s', r::text, key, r);
    END LOOP;
END $$;
RESET citus.enable_ddl_propagation;
SELECT count(*) AS rows_checked,
       count(*) FILTER (WHERE partman_ext.get_partition_for_value('chunks', k::uuid) <> part::regclass) AS mismatches
  FROM pg_temp.placed('chunks', 'collection_id');
-- one key: routed, then written, then found in that bucket only
SELECT partman_ext.get_partition_for_value('chunks', '550e8400-e29b-41d4-a716-446655440000'::uuid) AS routed;
INSERT INTO chunks VALUES ('550e8400-e29b-41d4-a716-446655440000', 'probe');
SELECT (SELECT count(*) FROM ONLY chunks_part_1 WHERE collection_id = '550e8400-e29b-41d4-a716-446655440000') AS in_routed_bucket,
       (SELECT count(*) FROM chunks WHERE collection_id = '550e8400-e29b-41d4-a716-446655440000') AS in_set;

-- skew: exact counts per bucket equal count(*) of the bucket
SELECT partition_name, row_count, row_count = rows_of(partition_name::regclass) AS exact,
       bytes = citus_total_relation_size(partition_name::regclass) AS bytes_match, expected_share, status
  FROM partman_ext.analyze_partition_skew('chunks', true) ORDER BY partition_name;
-- estimates: NULL until the shards are analyzed, then the shards' counts
SELECT count(*) FILTER (WHERE row_count IS NULL) AS unknown, min(status), max(status)
  FROM partman_ext.analyze_partition_skew('chunks');
ANALYZE chunks;
SELECT partition_name, row_count = rows_of(partition_name::regclass) AS estimate_exact, status
  FROM partman_ext.analyze_partition_skew('chunks') ORDER BY partition_name;
SELECT parent_table, partitions, total_rows, total_rows = (SELECT count(*) FROM chunks) AS total_exact, status, default_rows, unanalyzed_partitions
  FROM partman_ext.partition_distribution WHERE parent_table::regclass = 'chunks'::regclass;
-- one heavy key: 3000 more rows of one key in one bucket. Rows arrive in keys, so a bucket's count
-- varies with the sum of its keys' squared row counts: one heavy key is within chance (the key
-- statistics below name it), not a skewed bucket
INSERT INTO chunks SELECT '550e8400-e29b-41d4-a716-446655440000', 'heavy' FROM generate_series(1, 3000);
SELECT count(*) AS buckets, min(status), max(status) FROM partman_ext.analyze_partition_skew('chunks', true);
-- heavy keys: counted per bucket (one scan of each bucket; tableoid would name shards)
SELECT parent_table, partitions, refreshed_partitions, keys, rows_counted FROM partman_ext.refresh_key_statistics('chunks');
SELECT partition_name, key_value, row_count FROM partman_ext.key_statistics
 WHERE parent_table = 'chunks'::regclass ORDER BY row_count DESC, key_value LIMIT 2;
-- a hot spot: 3000 rows of many ordinary keys (one row each) that all hash to one bucket
INSERT INTO chunks
SELECT k, 'hot' FROM (SELECT md5('hot' || g)::uuid AS k, g FROM generate_series(1, 40000) g) s
 WHERE partman_ext.get_partition_for_value('chunks', k) = 'chunks_part_3'::regclass
 ORDER BY g LIMIT 3000;
SELECT partition_name, row_count, row_count = rows_of(partition_name::regclass) AS exact, status
  FROM partman_ext.analyze_partition_skew('chunks', true)
 WHERE status <> 'HEALTHY' ORDER BY partition_name;

-- LIST on the non-negative bucket expression, distributed by k; rows that arrived before the
-- buckets sit in the DEFAULT partition and are moved into them (nothing is lost).
CREATE TABLE good (k text NOT NULL, n int) PARTITION BY LIST (((hashtext(k)::bigint & 2147483647) % 8));
CREATE TABLE good_default PARTITION OF good DEFAULT;
SELECT create_distributed_table('good', 'k');
INSERT INTO good SELECT 'key' || g, g FROM generate_series(1, 3000) g;
SELECT count(*) AS in_default FROM ONLY good_default;
SELECT action, count(*), sum(rows_moved) AS moved FROM partman_ext.create_bucket_partitions('good', 8) GROUP BY 1;
SELECT (SELECT count(*) FROM ONLY good_default) AS in_default, (SELECT count(*) FROM good) AS good_rows;
SELECT count(*) AS buckets,
       bool_and(d.colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'good'::regclass)) AS colocated_with_parent
  FROM pg_inherits i JOIN pg_dist_partition d ON d.logicalrelid = i.inhrelid::regclass
 WHERE i.inhparent = 'good'::regclass;
SELECT count(*) AS rows_checked,
       count(*) FILTER (WHERE partman_ext.get_partition_for_value('good', k) <> part::regclass) AS mismatches,
       count(*) FILTER (WHERE part::regclass = 'good_default'::regclass) AS in_default
  FROM pg_temp.placed('good', 'k');
ANALYZE good;
SELECT partition_name, row_count = rows_of(partition_name::regclass) AS estimate_exact, status
  FROM partman_ext.analyze_partition_skew('good') ORDER BY partition_name;
