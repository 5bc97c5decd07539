-- Issue 11: skew judged against the key-level noise of uniform hashing (rows arrive in keys),
-- key_statistics over every key (seed 000's collection_chunking_stats), the statistics job kind,
-- and expression-keyed bucket sets that equality on the key cannot prune.
CREATE EXTENSION IF NOT EXISTS partman_ext;
CREATE SCHEMA skk;
SET search_path = skk, public;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
\set VERBOSITY default

-- 1. The issue's sets: random uuid keys (seeded), 20 rows per key, 5,000 keys, 100 buckets.
-- Counted row by row (the old z-score) they look skewed; key by key they are what uniform hashing
-- gives: every bucket HEALTHY, from the planner's statistics and from exact counts alike.
CREATE FUNCTION make_set(name text, seed text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE %I (collection_id uuid NOT NULL, chunk_index int NOT NULL) PARTITION BY HASH (collection_id)', name);
  PERFORM count(*) FROM partman_ext.create_bucket_partitions(name::regclass, 100);
  EXECUTE format('INSERT INTO %I SELECT md5(%L || k)::uuid, c FROM generate_series(1, 5000) k, generate_series(1, 20) c', name, seed);
  EXECUTE format('ANALYZE %I', name);
END $$;
SELECT make_set('set_a', 'a'), make_set('set_b', 'b'), make_set('set_c', 'c');
SELECT a.parent_table, round(max(abs(a.skew_factor))::numeric, 2) >= 0.3 AS some_bucket_beyond_warning,
       round(max(abs(a.row_count - 1000) / sqrt(100000 * 0.01 * 0.99))::numeric, 1) > 4.42 AS row_level_z_would_alarm,
       round(max(abs(a.z_score))::numeric, 1) < 4 AS key_level_z_small,
       string_agg(DISTINCT a.status, ',') AS statuses, min(a.method) AS method, round(min(a.effective_keys)) AS effective_keys
FROM partman_ext.analyze_partition_skew() a WHERE a.parent_table::text LIKE 'set_%' GROUP BY 1 ORDER BY a.parent_table::text;
SELECT parent_table, string_agg(DISTINCT status, ',') AS statuses, min(method) AS method
FROM partman_ext.analyze_partition_skew('set_a', exact => true) GROUP BY 1;
SELECT parent_table, status, round(effective_keys) AS effective_keys, method, round(noise_limit::numeric, 2) AS noise_limit
FROM partman_ext.partition_distribution WHERE parent_table::text LIKE 'set_%' ORDER BY parent_table::text;

-- 2. A planted hot bucket: 50 more keys of 20 rows, all hashing to set_a's bucket 07 (its rows
-- double). Far beyond the noise: CRITICAL, and only that bucket.
INSERT INTO set_a
SELECT k, c FROM (SELECT md5('hot' || g)::uuid AS k FROM generate_series(1, 20000) g) s, generate_series(1, 20) c
WHERE k IN (SELECT md5('hot' || g)::uuid FROM generate_series(1, 20000) g
            WHERE partman_ext.get_partition_for_value('set_a', md5('hot' || g)::uuid) = 'set_a_part_07'::regclass LIMIT 50);
SELECT partition_name, row_count, round(skew_factor::numeric, 2) AS skew_factor, status, heavy_key_rows
FROM partman_ext.analyze_partition_skew('set_a', exact => true) WHERE status <> 'HEALTHY';
ANALYZE set_a;
SELECT partition_name, status, method FROM partman_ext.analyze_partition_skew('set_a') WHERE status <> 'HEALTHY';
SELECT parent_table, status FROM partman_ext.partition_distribution WHERE parent_table = 'set_a'::regclass;
-- its keys are no heavier than the others: many keys landed there (not chance), no single key to split
SELECT partition_name, kind, status FROM partman_ext.rebalancing_recommendations('set_a');
SELECT refreshed_partitions, keys FROM partman_ext.refresh_key_statistics('set_a');
SELECT partition_name, kind, status, cardinality(keys) AS keys_named FROM partman_ext.rebalancing_recommendations('set_a');

-- 3. Seed 000/001: chunks per collection, 100 LIST buckets on a hash of collection_id, a
-- collections table, and collection_chunking_stats refreshed incrementally.
CREATE TABLE collections (id uuid PRIMARY KEY, name text NOT NULL);
INSERT INTO collections SELECT md5('col' || i)::uuid, 'collection ' || i FROM generate_series(1, 300) i;
CREATE TABLE chunks (
    id bigint NOT NULL, collection_id uuid NOT NULL, document_id uuid NOT NULL, chunk_index int NOT NULL,
    token_count int, created_at timestamptz NOT NULL
) PARTITION BY LIST (((hashtext(collection_id::text)::bigint & 2147483647) % 100));
SELECT count(*) FROM partman_ext.create_bucket_partitions('chunks', 100);
-- collection i has 600 / i chunks (collection 300: 2), created one minute apart from 2026-01-01
INSERT INTO chunks
SELECT row_number() OVER (), md5('col' || i)::uuid, md5('doc' || i || '/' || (c % 5))::uuid, c, 100 + (c * 7 + i) % 400,
       '2026-01-01 00:00:00+00'::timestamptz + (i * 1000 + c) * interval '1 minute'
FROM generate_series(1, 300) i, generate_series(1, 600 / i) c;
-- (this session's write counters are flushed before each refresh: the refresh reads them)
SELECT pg_stat_force_next_flush();
SELECT parent_table, partitions, refreshed_partitions, keys, rows_counted
FROM partman_ext.refresh_key_statistics('chunks', value_column => 'token_count', time_column => 'created_at');
SELECT value_column, time_column FROM partman_ext.key_statistics_settings WHERE parent_table = 'chunks'::regclass;

-- The seed's /collections answer (collection_chunking_stats ORDER BY total_chunks DESC), one query:
SELECT c.name, k.row_count AS total_chunks, k.value_sum AS total_tokens,
       round(k.value_sum / k.row_count, 2) AS avg_tokens_per_chunk, k.first_seen AS first_chunk_created,
       k.last_seen AS last_chunk_created, k.partition_name
FROM collections c
LEFT JOIN partman_ext.key_statistics k ON k.parent_table = 'chunks'::regclass AND k.key_value = c.id::text
ORDER BY total_chunks DESC NULLS LAST, c.name LIMIT 5;
-- ... equal, for every collection, to the seed's own materialized-view query over the rows
CREATE VIEW seed_stats AS
SELECT c.id, c.name, count(ch.id) AS total_chunks, sum(ch.token_count) AS total_tokens,
       min(ch.created_at) AS first_chunk_created, max(ch.created_at) AS last_chunk_created,
       partman_ext.get_partition_for_collection(c.id, 'chunks') AS partition_name
FROM collections c LEFT JOIN chunks ch ON ch.collection_id = c.id GROUP BY c.id, c.name;
CREATE FUNCTION mismatches() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM seed_stats s
  LEFT JOIN partman_ext.key_statistics k ON k.parent_table = 'chunks'::regclass AND k.key_value = s.id::text
  WHERE coalesce(k.row_count, 0) <> s.total_chunks OR k.value_sum IS DISTINCT FROM s.total_tokens
     OR k.first_seen IS DISTINCT FROM s.first_chunk_created OR k.last_seen IS DISTINCT FROM s.last_chunk_created
     OR (k.partition_name IS NOT NULL AND k.partition_name <> s.partition_name)
$$;
SELECT mismatches(), (SELECT count(*) FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass) AS keys;
SELECT sum(bytes) = (SELECT sum(pg_column_size(id) + pg_column_size(collection_id) + pg_column_size(document_id)
                                + pg_column_size(chunk_index) + pg_column_size(token_count) + pg_column_size(created_at)) FROM chunks) AS bytes_add_up,
       min(refreshed_at) = partman_ext.clock() AS refreshed_now
FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass;

-- Incremental: nothing written, nothing counted again.
SELECT refreshed_partitions, rows_counted FROM partman_ext.refresh_key_statistics('chunks');
-- Writes to two collections (new chunks of collection 7, one chunk of collection 12 deleted):
-- only their partitions are counted again, and the answer is right again.
INSERT INTO chunks SELECT 100000 + c, md5('col7')::uuid, md5('doc7/new')::uuid, 1000 + c, 50, '2026-06-01 00:00:00+00'
FROM generate_series(1, 40) c;
DELETE FROM chunks WHERE collection_id = md5('col12')::uuid AND chunk_index = 1;
SELECT pg_stat_force_next_flush();
SELECT refreshed_partitions = (SELECT count(DISTINCT partman_ext.get_partition_for_value('chunks', md5(x)::uuid))
                               FROM unnest(ARRAY['col7', 'col12']) x) AS only_written_partitions, rows_counted < 3000 AS few_rows
FROM partman_ext.refresh_key_statistics('chunks');
SELECT mismatches();
SELECT row_count, last_seen FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass AND key_value = md5('col7')::uuid::text;
-- TRUNCATE (new storage, counters unchanged) is seen too: the keys of that partition are gone.
SELECT partman_ext.get_partition_for_collection(md5('col1')::uuid, 'chunks') AS p1 \gset
TRUNCATE :p1;
SELECT refreshed_partitions FROM partman_ext.refresh_key_statistics('chunks');
SELECT mismatches(), count(*) FILTER (WHERE key_value = md5('col1')::uuid::text) AS col1_rows
FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass;
-- full_refresh => true counts every partition again; '' clears a column.
SELECT refreshed_partitions FROM partman_ext.refresh_key_statistics('chunks', value_column => '', full_refresh => true);
SELECT count(*) FILTER (WHERE value_sum IS NOT NULL) AS with_sum, count(*) FILTER (WHERE first_seen IS NOT NULL) AS with_time
FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass;
SELECT refreshed_partitions FROM partman_ext.refresh_key_statistics('chunks', value_column => 'token_count');
SELECT mismatches();
-- 4. Expression keys do not prune: WHERE collection_id = $1 reads every bucket of a LIST set on
-- a hash expression; with the expression as well, or through HASH partitioning, one.
CREATE FUNCTION scanned(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE line text; n bigint := 0;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
    IF line ~ 'Scan on' THEN n := n + 1; END IF;
  END LOOP;
  RETURN n;
END $$;
SELECT scanned($q$SELECT * FROM chunks WHERE collection_id = 'b7e2ebb5-4e84-e2fb-5cbb-d3a4d3ddd9ab'$q$) AS by_key,
       scanned($q$SELECT * FROM chunks WHERE collection_id = 'b7e2ebb5-4e84-e2fb-5cbb-d3a4d3ddd9ab'
                  AND ((hashtext(collection_id::text)::bigint & 2147483647) % 100)
                    = ((hashtext('b7e2ebb5-4e84-e2fb-5cbb-d3a4d3ddd9ab'::uuid::text)::bigint & 2147483647) % 100)$q$) AS with_expression,
       scanned($q$SELECT * FROM set_b WHERE collection_id = 'b7e2ebb5-4e84-e2fb-5cbb-d3a4d3ddd9ab'$q$) AS hash_set;
SELECT kind, recommendation FROM partman_ext.rebalancing_recommendations('chunks') WHERE kind = 'expression_key';
-- get_partition_for_collection names the one partition to read
SELECT partman_ext.get_partition_for_collection(md5('col7')::uuid, 'chunks') = partition_name AS names_its_partition
FROM partman_ext.key_statistics WHERE parent_table = 'chunks'::regclass AND key_value = md5('col7')::uuid::text;
-- a HASH set gets no such advice
SELECT count(*) FROM partman_ext.rebalancing_recommendations('set_b') WHERE kind = 'expression_key';

-- A dropped partition's keys are forgotten.
SELECT partman_ext.get_partition_for_collection(md5('col2')::uuid, 'chunks') AS p2,
       pg_get_expr(relpartbound, oid) AS p2_bound FROM pg_class WHERE oid = partman_ext.get_partition_for_value('chunks', md5('col2')::uuid) \gset
ALTER TABLE chunks DETACH PARTITION :p2;
SELECT partitions, refreshed_partitions FROM partman_ext.refresh_key_statistics('chunks');
SELECT count(*) AS counts_of_detached FROM partman_ext.key_statistics_partitions WHERE partition_name = :'p2'::regclass;
SELECT count(*) AS keys_of_detached FROM partman_ext.key_statistics WHERE partition_name = :'p2'::regclass;
-- attached again, it is counted as a new partition
ALTER TABLE chunks ATTACH PARTITION :p2 :p2_bound;
SELECT partitions, refreshed_partitions FROM partman_ext.refresh_key_statistics('chunks');
SELECT mismatches();


-- 5. The statistics job kind (the scheduler runs refresh_key_statistics per bucket set).
-- (job ids are restored afterwards: later tests show them)
SELECT last_value AS job_seq, is_called AS job_seq_called FROM partman_ext.job_job_id_seq \gset
SELECT kind, parent_table, schedule_interval FROM partman_ext.add_job('statistics', 'chunks', interval '1 hour');
SELECT kind, parent_table FROM partman_ext.add_job('statistics', NULL, interval '1 hour');
SELECT count(r.*) AS removed FROM partman_ext.jobs j, LATERAL partman_ext.remove_job(j.job_id) r WHERE j.kind = 'statistics';
SELECT * FROM partman_ext.add_job('statistic');
SELECT setval('partman_ext.job_job_id_seq', :job_seq, :'job_seq_called') IS NOT NULL AS job_ids_restored;

-- Leave the shared regression database as we found it.
DELETE FROM partman_ext.part_config WHERE strategy = 'bucket';
DELETE FROM partman_ext.maintenance_log WHERE operation = 'create_bucket_partitions';
DELETE FROM partman_ext.job_run WHERE kind = 'statistics';
RESET partman_ext.mock_now;
RESET search_path;
DROP SCHEMA skk CASCADE;
