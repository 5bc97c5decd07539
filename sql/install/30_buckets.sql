-- Bucket sets: routing, bucket creation, skew, heavy keys, rebalancing advice (docs/buckets.md).

-- Routing ----------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.get_partition_for_value(parent regclass, value anyelement)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_value';
COMMENT ON FUNCTION @extschema@.get_partition_for_value(regclass, anyelement) IS
'partman_ext: the leaf partition PostgreSQL would route a row to whose key column holds value (for a key expression such as mod(hashtext(id::text), 100), value is the id), or whose whole row is value (a value of the parent''s row type). Follows RANGE, LIST, HASH, key expressions, sub-partitions and the DEFAULT partition through the relcache partition descriptor; raises SQLSTATE 23514 when no partition accepts the key.';

CREATE FUNCTION @extschema@.get_partitions_for_values(parent regclass, "values" anyarray)
RETURNS regclass[] LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partitions_for_values';
COMMENT ON FUNCTION @extschema@.get_partitions_for_values(regclass, anyarray) IS
'partman_ext: the batch form of get_partition_for_value: an array of the same shape as values whose element i is the leaf partition PostgreSQL would route values[i] to (a NULL element goes where a NULL key goes: the DEFAULT partition, or an error). One router is built for the whole array; raises SQLSTATE 23514 for the first element no partition accepts.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection_regclass';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid) IS
'partman_ext: the partition (regclass) of table "chunks" (found through the search_path when called) that a row with this collection_id goes to; it prints as chunks_part_42 when its schema is on the search_path, and compares with ''chunks_part_42'' as any relation name does.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid, parent regclass)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection_regclass';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid, regclass) IS
'partman_ext: the partition (regclass) of parent that a row with this collection_id (the uuid key column) goes to.';

-- Bucket sets -------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.create_bucket_partitions(
    parent regclass,
    buckets integer,
    lock_timeout interval DEFAULT NULL,
    skew_warning double precision DEFAULT NULL,
    skew_rebalance double precision DEFAULT NULL,
    skew_critical double precision DEFAULT NULL)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_create_bucket_partitions';
COMMENT ON FUNCTION @extschema@.create_bucket_partitions(regclass, integer, interval, double precision, double precision, double precision) IS
'partman_ext: registers parent (PARTITION BY HASH (key) or LIST (bucket expression of key)) as a bucket set of N buckets and creates the missing buckets <parent>_part_00 .. (zero-padded to the width of N-1) as the parent''s owner, each under lock_timeout. Idempotent. Refuses a LIST bucket expression whose values the buckets do not cover (warns instead when a DEFAULT partition catches them). Optional per-set lock_timeout and skew thresholds (defaults 0.3 / 0.4 / 0.5). Returns one partition_action row per bucket created, skipped or failed.';

-- Skew ---------------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.analyze_partition_skew(parent regclass DEFAULT NULL, exact boolean DEFAULT false)
RETURNS TABLE (parent_table regclass, partition_name regclass, row_count bigint, bytes bigint, share double precision,
               expected_share double precision, skew_factor double precision, z_score double precision, status text,
               effective_keys double precision, method text, heavy_key_rows bigint)
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partition_skew';
COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts every leaf), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against the key-level noise of uniform hashing sqrt(S2 p (1-p)) with S2 the sum of squared rows per key, and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (deviation not explained by the heaviest keys, beyond the noise limit at a family-wise false-alarm rate of 1/1000, and at least the set''s thresholds, default 0.3/0.4/0.5) or INSUFFICIENT_DATA (fewer than 30 rows per bucket, counts or key sizes unknown). effective_keys = n^2/S2; method says where the key sizes come from (exact, key statistics, sample); heavy_key_rows are the rows of the partition''s keys set aside as heavy. A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows. For a Citus set rows and bytes come from the shards, and exact counts take one count(*) per partition (docs/citus.md).';

CREATE FUNCTION @extschema@._partition_distribution()
RETURNS TABLE (parent_table regclass, partitions integer, total_rows bigint, mean_rows double precision,
               stddev_rows double precision, cv double precision, max_skew double precision,
               max_mean_ratio double precision, status text, min_rows bigint, max_rows bigint,
               default_rows bigint, unanalyzed_partitions integer, effective_keys double precision,
               method text, noise_limit double precision)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'partman_partition_distribution';
COMMENT ON FUNCTION @extschema@._partition_distribution() IS
'partman_ext internal: the rows of the partition_distribution view.';

CREATE VIEW @extschema@.partition_distribution AS SELECT * FROM @extschema@._partition_distribution();
COMMENT ON VIEW @extschema@.partition_distribution IS
'partman_ext: one row per bucket set, from catalog estimates (pg_class.reltuples, no scan): partitions (buckets, DEFAULT excluded), total_rows, mean_rows, stddev_rows (population), cv = stddev/mean, max_skew = largest |skew factor|, max_mean_ratio = largest partition / mean, status (worst partition status, CRITICAL when the DEFAULT partition holds rows), min_rows, max_rows, default_rows, unanalyzed_partitions, effective_keys (n^2 / sum of squared rows per key), method (exact, key statistics, sample) and noise_limit (the excess, as a fraction of a bucket, that uniform hashing of these keys can produce by chance). Row figures are NULL while a partition has never been analyzed.';
GRANT SELECT ON @extschema@.partition_distribution TO PUBLIC;

-- Key statistics: every key of a bucket set ---------------------------------------------------------
CREATE TABLE @extschema@.key_statistics_settings (
    parent_table regclass PRIMARY KEY REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    value_column name,   -- numeric column summed per key into key_statistics.value_sum (NULL: none)
    time_column  name    -- timestamp column whose min / max per key are first_seen / last_seen (NULL: none)
);
COMMENT ON TABLE @extschema@.key_statistics_settings IS
'partman_ext: per bucket set, the columns refresh_key_statistics() aggregates per key besides rows and bytes: value_column (summed into value_sum, e.g. tokens) and time_column (first_seen / last_seen). Set them with refresh_key_statistics(parent, value_column => .., time_column => ..).';
COMMENT ON COLUMN @extschema@.key_statistics_settings.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics_settings.value_column IS 'Numeric column summed per key into key_statistics.value_sum; NULL: none.';
COMMENT ON COLUMN @extschema@.key_statistics_settings.time_column IS 'timestamptz, timestamp or date column whose min and max per key are key_statistics.first_seen and last_seen; NULL: none.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.key_statistics_settings', '');
REVOKE ALL ON @extschema@.key_statistics_settings FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics_settings TO PUBLIC;

CREATE TABLE @extschema@.key_statistics (
    parent_table   regclass NOT NULL REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    partition_name regclass NOT NULL,           -- top-level partition (bucket) holding the key
    key_value      text,                        -- the key column as text (NULL for a NULL key)
    row_count      bigint NOT NULL,
    bytes          bigint NOT NULL,             -- sum over the key's rows of pg_column_size of every column
    value_sum      numeric,                     -- sum of the set's value_column (NULL when none is set)
    first_seen     timestamptz,                 -- min of the set's time_column (NULL when none is set)
    last_seen      timestamptz,                 -- max of the set's time_column
    refreshed_at   timestamptz NOT NULL,
    UNIQUE NULLS NOT DISTINCT (parent_table, partition_name, key_value)
);
CREATE INDEX key_statistics_key ON @extschema@.key_statistics (parent_table, key_value);
CREATE INDEX key_statistics_rows ON @extschema@.key_statistics (parent_table, row_count DESC);
COMMENT ON TABLE @extschema@.key_statistics IS
'partman_ext: one row per key of each bucket set (exact counts per partition): rows, bytes, the sum of the set''s value column, first and last seen (min / max of its time column), partition. Kept by refresh_key_statistics() and the scheduler''s statistics job, which recount only the partitions written to since their last count. Rows are visible only to roles that may SELECT the parent table; they go away with the set''s part_config row (unregister, DROP TABLE).';
COMMENT ON COLUMN @extschema@.key_statistics.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics.partition_name IS 'Top-level partition of the set holding the key (regclass).';
COMMENT ON COLUMN @extschema@.key_statistics.key_value IS 'The key as text; NULL for a NULL key.';
COMMENT ON COLUMN @extschema@.key_statistics.row_count IS 'Rows with this key when its partition was last counted.';
COMMENT ON COLUMN @extschema@.key_statistics.bytes IS 'Sum over its rows of pg_column_size() of every column (values as stored: compressed or out of line).';
COMMENT ON COLUMN @extschema@.key_statistics.value_sum IS 'Sum of the set''s value_column over its rows (key_statistics_settings); NULL when none is set.';
COMMENT ON COLUMN @extschema@.key_statistics.first_seen IS 'Earliest value of the set''s time_column among its rows; NULL when none is set.';
COMMENT ON COLUMN @extschema@.key_statistics.last_seen IS 'Latest value of the set''s time_column among its rows; NULL when none is set.';
COMMENT ON COLUMN @extschema@.key_statistics.refreshed_at IS 'When its partition was last counted (partman_ext.clock()).';
REVOKE ALL ON @extschema@.key_statistics FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics TO PUBLIC;
ALTER TABLE @extschema@.key_statistics ENABLE ROW LEVEL SECURITY;
CREATE POLICY key_statistics_readers ON @extschema@.key_statistics FOR SELECT
    USING (pg_catalog.has_table_privilege(parent_table, 'SELECT'));
COMMENT ON POLICY key_statistics_readers ON @extschema@.key_statistics IS
'partman_ext: a role sees the keys of a set only when it may SELECT the set''s parent table.';

CREATE TABLE @extschema@.key_statistics_partitions (
    parent_table   regclass NOT NULL REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    partition_name regclass NOT NULL,
    row_count      bigint NOT NULL,             -- rows counted
    key_count      bigint NOT NULL,             -- distinct keys (a NULL key counts as one)
    key_rows_sum_sq double precision NOT NULL,  -- sum over its keys of row_count^2
    top_key_rows   bigint[] NOT NULL,           -- row counts of its 100 heaviest keys, heaviest first
    n_tup_ins      bigint NOT NULL,             -- write counters of its leaves (pg_stat) when counted
    n_tup_upd      bigint NOT NULL,
    n_tup_del      bigint NOT NULL,
    storage        oid[] NOT NULL,              -- relfilenode of each leaf (TRUNCATE, VACUUM FULL change it)
    refreshed_at   timestamptz NOT NULL,
    duration_ms    double precision NOT NULL,
    PRIMARY KEY (parent_table, partition_name)
);
COMMENT ON TABLE @extschema@.key_statistics_partitions IS
'partman_ext: one row per partition counted by refresh_key_statistics(): its rows, keys, the sum of squared rows per key and its heaviest keys'' rows (what analyze_partition_skew needs for the noise of uniform hashing), and the write counters and storage of its leaves at that time: a partition whose counters and storage have not changed since is not counted again.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.partition_name IS 'Top-level partition (bucket).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.row_count IS 'Rows counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.key_count IS 'Distinct keys counted (a NULL key counts as one).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.key_rows_sum_sq IS 'Sum over its keys of row_count squared.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.top_key_rows IS 'Row counts of its (up to) 100 heaviest keys, heaviest first.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.n_tup_ins IS 'pg_stat_get_tuples_inserted summed over its leaves when counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.n_tup_upd IS 'pg_stat_get_tuples_updated summed over its leaves when counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.n_tup_del IS 'pg_stat_get_tuples_deleted summed over its leaves when counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.storage IS 'pg_class.relfilenode of each leaf when counted (in leaf oid order).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.refreshed_at IS 'When it was counted (partman_ext.clock()).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.duration_ms IS 'How long counting it took, in milliseconds.';
REVOKE ALL ON @extschema@.key_statistics_partitions FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics_partitions TO PUBLIC;
ALTER TABLE @extschema@.key_statistics_partitions ENABLE ROW LEVEL SECURITY;
CREATE POLICY key_statistics_partitions_readers ON @extschema@.key_statistics_partitions FOR SELECT
    USING (pg_catalog.has_table_privilege(parent_table, 'SELECT'));
COMMENT ON POLICY key_statistics_partitions_readers ON @extschema@.key_statistics_partitions IS
'partman_ext: a role sees the counts of a set only when it may SELECT the set''s parent table.';

CREATE FUNCTION @extschema@.refresh_key_statistics(
    parent regclass DEFAULT NULL,
    value_column name DEFAULT NULL,
    time_column name DEFAULT NULL,
    full_refresh boolean DEFAULT false)
RETURNS TABLE (parent_table regclass, partitions integer, refreshed_partitions integer, keys bigint,
               rows_counted bigint, duration_ms double precision)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_refresh_key_statistics';
COMMENT ON FUNCTION @extschema@.refresh_key_statistics(regclass, name, name, boolean) IS
'partman_ext: brings key_statistics up to date for parent (or every bucket set the caller may maintain): recounts, with one GROUP BY key scan each, only the partitions written to (pg_stat n_tup_ins/upd/del of their leaves) or rewritten (relfilenode) since they were last counted, or all with full_refresh => true. value_column (numeric, summed per key) and time_column (first/last seen) are remembered per set; an empty name clears one. Reads the table as its owner. Returns per set: partitions, how many were recounted, keys, rows counted, duration.';

CREATE FUNCTION @extschema@.rebalancing_recommendations(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, partition_name regclass, recommendation text, kind text, status text,
               skew_factor double precision, keys text[])
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_rebalancing_recommendations';
COMMENT ON FUNCTION @extschema@.rebalancing_recommendations(regclass) IS
'partman_ext: readable advice per bucket set (or for parent) from the skew estimates and key_statistics: fix_bucket_expression, empty_default, analyze, insufficient_data, split_hot_key (one key makes a partition hot: sub-partition it or give the key its own table), more_buckets (several large keys collide), refresh_key_statistics, use_hash, investigate_hot_bucket (many ordinary keys crowd one bucket beyond chance), investigate_cold_bucket, expression_key (LIST on an expression: equality on the key column does not prune; query with the expression or use HASH), none.';
