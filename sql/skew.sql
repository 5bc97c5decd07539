-- analyze_partition_skew, partition_distribution, refresh_key_statistics, rebalancing_recommendations.
CREATE EXTENSION IF NOT EXISTS partman_ext;
CREATE SCHEMA sk;
SET search_path = sk, public, partman_ext;  -- WHERE parent_table = 'uni' resolves the name (regclass = text)
\set VERBOSITY default

-- Independent reference: exact counts and the documented formulas, computed in plain SQL. The
-- z-score uses the key-level variance S2 * p * (1 - p), S2 = sum over keys of rows^2.
CREATE FUNCTION ref_skew(parent regclass, keycol name)
RETURNS TABLE (partition_name regclass, row_count bigint, share float8, skew_factor float8, z_score float8)
LANGUAGE plpgsql AS $$
DECLARE n_parts int; total bigint; s2 float8;
BEGIN
  SELECT count(*) INTO n_parts FROM pg_inherits WHERE inhparent = parent;
  EXECUTE format('SELECT count(*) FROM %s', parent) INTO total;
  EXECUTE format('SELECT sum(n::float8 * n) FROM (SELECT count(*) AS n FROM %s GROUP BY %I) k', parent, keycol) INTO s2;
  RETURN QUERY EXECUTE format($q$
    WITH t AS (SELECT tableoid AS leaf, count(*) AS n FROM %s GROUP BY 1),
         m AS (SELECT t.n, a.relid AS part FROM t, pg_partition_ancestors(t.leaf) a),
         c AS (SELECT i.inhrelid::regclass AS part, coalesce(sum(m.n), 0)::bigint AS n
               FROM pg_inherits i LEFT JOIN m ON m.part = i.inhrelid
               WHERE i.inhparent = %L::regclass GROUP BY 1)
    SELECT part, n, n::float8 / %s, (n::float8 / %s - 1.0 / %s) * %s,
           (n - %s::float8 / %s) / sqrt(%s * (1.0 / %s) * (1 - 1.0 / %s))
    FROM c$q$, parent, parent, total, total, n_parts, n_parts, total, n_parts, s2, n_parts, n_parts);
END $$;

CREATE FUNCTION compare(parent regclass, keycol name, exact boolean)
RETURNS TABLE (partitions bigint, row_mismatches bigint, figure_mismatches bigint)
LANGUAGE sql AS $$
  SELECT count(*), count(*) FILTER (WHERE a.row_count IS DISTINCT FROM r.row_count),
         count(*) FILTER (WHERE abs(a.share - r.share) > 1e-12 OR abs(a.skew_factor - r.skew_factor) > 1e-9
                                OR abs(a.z_score - r.z_score) > 1e-4 * (1 + abs(r.z_score))
                                OR a.expected_share <> 1.0 / (SELECT count(*) FROM pg_inherits WHERE inhparent = parent))
  FROM partman_ext.analyze_partition_skew(parent, exact) a JOIN ref_skew(parent, keycol) r USING (partition_name)
$$;

-- 1. Uniform keys in 100 buckets: every partition HEALTHY, figures equal to the reference.
-- (In one transaction so that autovacuum cannot analyze the new rows before we look.)
BEGIN;
CREATE TABLE uni (id uuid NOT NULL, pad int) PARTITION BY HASH (id);
SELECT count(*) FROM partman_ext.create_bucket_partitions('uni', 100);
INSERT INTO uni SELECT md5('u' || g)::uuid, g FROM generate_series(1, 100000) g;
SELECT * FROM compare('uni', 'id', true);
SELECT status, count(*), min(method) AS method, round(min(effective_keys)) AS effective_keys
FROM partman_ext.analyze_partition_skew('uni', exact => true) GROUP BY 1;
-- estimates: NULL rows and a NOTICE until analyzed
SELECT count(*) FILTER (WHERE row_count IS NULL) AS unknown, min(status), max(status), min(method) FROM partman_ext.analyze_partition_skew('uni');
COMMIT;
ANALYZE uni;
SELECT * FROM compare('uni', 'id', false);   -- small partitions: ANALYZE counts every row
SELECT parent_table, partitions, total_rows, round(mean_rows) AS mean_rows, max_skew < 0.15 AS small_skew, status,
       unanalyzed_partitions, round(effective_keys) AS effective_keys, method, round(noise_limit::numeric, 2) AS noise_limit
FROM partman_ext.partition_distribution WHERE parent_table = 'uni';

-- 2. Heavy-tailed key sizes (key i has 20000/i rows): uniform hashing of such keys makes some
-- buckets far larger than others (key 1 alone is 12 % of the rows), and that is no alarm: the
-- status sets the heaviest keys aside and judges the rest against the key-level noise.
CREATE TABLE zipf (collection_id uuid NOT NULL, chunk int) PARTITION BY HASH (collection_id);
SELECT count(*) FROM partman_ext.create_bucket_partitions('zipf', 100);
INSERT INTO zipf SELECT md5('z' || i)::uuid, c FROM generate_series(1, 2000) i, generate_series(1, 20000 / i) c;
ANALYZE zipf;
SELECT * FROM compare('zipf', 'collection_id', true);
SELECT * FROM compare('zipf', 'collection_id', false);
SELECT status, count(*), min(method) AS method, round(min(effective_keys)::numeric, 1) AS effective_keys,
       round(max(skew_factor)::numeric, 2) AS max_skew, round(max(z_score)::numeric, 1) AS max_z
FROM partman_ext.analyze_partition_skew('zipf', true) GROUP BY 1 ORDER BY 1;
-- the hottest partition is the one holding key 1, whose 20000 rows are set aside as a heavy key
SELECT partition_name = partman_ext.get_partition_for_value('zipf', md5('z1')::uuid)::text AS hottest_holds_key_1, status,
       heavy_key_rows >= 20000 AS key_1_set_aside
FROM partman_ext.analyze_partition_skew('zipf') ORDER BY row_count DESC LIMIT 1;
SELECT parent_table, partitions, total_rows, status, round(max_mean_ratio::numeric, 2) AS max_mean_ratio,
       round(cv::numeric, 3) = round((stddev_rows / mean_rows)::numeric, 3) AS cv_is_stddev_over_mean
FROM partman_ext.partition_distribution WHERE parent_table = 'zipf';

-- Every key of the set in key_statistics, each in the partition its rows are in. (The write
-- counters of this session's INSERT are flushed first, so that the refresh sees them.)
SELECT pg_stat_force_next_flush();
SELECT parent_table, partitions, refreshed_partitions, keys, rows_counted FROM partman_ext.refresh_key_statistics('zipf');
SELECT k.partition_name = partman_ext.get_partition_for_value('zipf', k.key_value::uuid) AS key_in_its_partition,
       count(*), sum(row_count) FROM partman_ext.key_statistics k WHERE parent_table = 'zipf'::regclass GROUP BY 1;
-- Heavy keys are found again under another search_path.
SELECT current_setting('search_path') AS saved_path \gset
SET search_path = pg_catalog;
SELECT count(*) > 0 AS hot_keys_still_found FROM partman_ext.rebalancing_recommendations('sk.zipf') WHERE cardinality(keys) > 0;
SELECT set_config('search_path', :'saved_path', false) IS NOT NULL AS path_restored;
SELECT key_value = md5('z1')::uuid::text AS is_key_1, row_count FROM partman_ext.key_statistics
WHERE parent_table = 'zipf'::regclass ORDER BY row_count DESC LIMIT 1;
-- key statistics are now the source of the key sizes, exact while the set is not written to
SELECT DISTINCT method FROM partman_ext.analyze_partition_skew('zipf', true);
-- key 1's partition is big because key 1 is: HEALTHY, and the advice is about that key
SELECT kind, status, keys = ARRAY[md5('z1')::uuid::text] AS about_key_1
FROM partman_ext.rebalancing_recommendations('zipf') ORDER BY skew_factor DESC NULLS LAST LIMIT 1;

-- 3. Too few rows to judge: INSUFFICIENT_DATA, not a false alarm.
CREATE TABLE tiny (id int) PARTITION BY HASH (id);
SELECT count(*) FROM partman_ext.create_bucket_partitions('tiny', 100);
INSERT INTO tiny SELECT 1 FROM generate_series(1, 200);   -- every row in one bucket
INSERT INTO tiny SELECT g FROM generate_series(2, 500) g;
SELECT status, count(*) FROM partman_ext.analyze_partition_skew('tiny', true) GROUP BY 1;
ANALYZE tiny;
SELECT status, count(*) FROM partman_ext.analyze_partition_skew('tiny') GROUP BY 1;
SELECT kind, status, recommendation FROM partman_ext.rebalancing_recommendations('tiny');

-- 4. Per-set thresholds: the same data judged with stricter thresholds. 1250 more keys of one row
-- each in the bucket of key 7 (+25 %, far beyond the noise of 50,000 one-row keys).
CREATE TABLE ten (id int NOT NULL) PARTITION BY HASH (id);
SELECT count(*) FROM partman_ext.create_bucket_partitions('ten', 10);
INSERT INTO ten SELECT g FROM generate_series(1, 50000) g;
INSERT INTO ten SELECT g FROM generate_series(100001, 200000) g
WHERE partman_ext.get_partition_for_value('ten', g) = partman_ext.get_partition_for_value('ten', 7) LIMIT 1250;
SELECT max(status) FILTER (WHERE skew_factor > 0.2) AS hot_status, count(*) FILTER (WHERE status <> 'HEALTHY') AS alarms
FROM partman_ext.analyze_partition_skew('ten', true);
SELECT count(*) FROM partman_ext.create_bucket_partitions('ten', 10, skew_warning => 0.1, skew_rebalance => 0.15, skew_critical => 0.2);
SELECT max(status) FILTER (WHERE skew_factor > 0.2) AS hot_status, count(*) FILTER (WHERE status <> 'HEALTHY') AS alarms
FROM partman_ext.analyze_partition_skew('ten', true);

-- 5. The seed-style LIST set with a DEFAULT partition: half the rows miss their bucket.
CREATE TABLE seed (collection_id uuid NOT NULL, n int) PARTITION BY LIST (mod(hashtext(collection_id::text), 16));
CREATE TABLE seed_default PARTITION OF seed DEFAULT;
SELECT count(*) FROM partman_ext.create_bucket_partitions('seed', 16);
INSERT INTO seed SELECT md5('s' || g)::uuid, g FROM generate_series(1, 20000) g;
SELECT partition_name, expected_share, skew_factor, status, share BETWEEN 0.4 AND 0.6 AS about_half
FROM partman_ext.analyze_partition_skew('seed', true) WHERE partition_name = 'seed_default';
ANALYZE seed;
SELECT parent_table, partitions, status, default_rows > 8000 AS many_in_default FROM partman_ext.partition_distribution WHERE parent_table = 'seed';
SELECT partition_name, kind, status, recommendation ~ '-15..-1' AS names_values, recommendation ~ '& 2147483647' AS names_fix
FROM partman_ext.rebalancing_recommendations('seed') WHERE kind = 'fix_bucket_expression';

-- 6. A sub-partitioned bucket counts all its leaves.
CREATE TABLE ml (id int NOT NULL, g int) PARTITION BY HASH (id);
CREATE TABLE ml_part_0 PARTITION OF ml FOR VALUES WITH (MODULUS 4, REMAINDER 0) PARTITION BY HASH (g);
CREATE TABLE ml_part_0_a PARTITION OF ml_part_0 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE ml_part_0_b PARTITION OF ml_part_0 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
SELECT count(*) FROM partman_ext.create_bucket_partitions('ml', 4);
INSERT INTO ml SELECT g, g FROM generate_series(1, 8000) g;
SELECT * FROM compare('ml', 'id', true);
ANALYZE ml;
SELECT * FROM compare('ml', 'id', false);

ANALYZE ten;
-- 7. An unregistered HASH table can be analyzed by name (default thresholds); all sets at once.
CREATE TABLE loose (id int) PARTITION BY HASH (id);
CREATE TABLE loose_0 PARTITION OF loose FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE loose_1 PARTITION OF loose FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO loose SELECT g FROM generate_series(1, 1000) g;
SELECT partition_name, row_count, status FROM partman_ext.analyze_partition_skew('loose', true) ORDER BY 1;
SELECT parent_table, count(*) FROM partman_ext.analyze_partition_skew() GROUP BY 1 ORDER BY parent_table::text;
SELECT parent_table FROM partman_ext.partition_distribution ORDER BY parent_table::text;

-- Errors.
SELECT * FROM partman_ext.analyze_partition_skew(12345678::oid::regclass);
CREATE TABLE ranged (t date) PARTITION BY RANGE (t);
SELECT * FROM partman_ext.analyze_partition_skew('ranged');
SELECT * FROM partman_ext.refresh_key_statistics('zipf', value_column => 'nope');
SELECT * FROM partman_ext.refresh_key_statistics('zipf', time_column => 'chunk');
SELECT * FROM partman_ext.refresh_key_statistics('zipf', value_column => 'collection_id');
SELECT * FROM partman_ext.refresh_key_statistics(NULL, value_column => 'chunk');

-- Key statistics are visible only to roles that may read the table.
CREATE ROLE sk_reader;
GRANT USAGE ON SCHEMA sk TO sk_reader;
SET ROLE sk_reader;
SELECT count(*) AS visible FROM partman_ext.key_statistics;
SELECT * FROM partman_ext.refresh_key_statistics('sk.zipf');
RESET ROLE;
GRANT SELECT ON zipf TO sk_reader;
SET ROLE sk_reader;
SELECT count(*) > 0 AS visible FROM partman_ext.key_statistics;
RESET ROLE;

-- Leave the shared regression database as we found it (other tests count these tables' rows).
DELETE FROM partman_ext.part_config WHERE strategy = 'bucket';
DELETE FROM partman_ext.maintenance_log WHERE operation = 'create_bucket_partitions';
RESET search_path;
DROP SCHEMA sk CASCADE;
DROP ROLE sk_reader;
