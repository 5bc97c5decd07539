-- Bucket sets: routing, bucket creation, skew, heavy keys, rebalancing advice (docs/buckets.md).

-- Routing ----------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.get_partition_for_value(parent regclass, value anyelement)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_value';
COMMENT ON FUNCTION @extschema@.get_partition_for_value(regclass, anyelement) IS
'partman_ext: the leaf partition PostgreSQL would route a row to whose key column holds value (for a key expression such as mod(hashtext(id::text), 100), value is the id), or whose whole row is value (a value of the parent''s row type). Follows RANGE, LIST, HASH, key expressions, sub-partitions and the DEFAULT partition through the relcache partition descriptor; raises SQLSTATE 23514 when no partition accepts the key.';

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
               expected_share double precision, skew_factor double precision, z_score double precision, status text)
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partition_skew';
COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts with one GROUP BY tableoid scan), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against binomial noise sqrt(n p (1-p)), and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (|skew| >= the set''s thresholds, default 0.3/0.4/0.5, and beyond noise) or INSUFFICIENT_DATA (fewer than 30 rows per bucket expected, or counts unknown). A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows. For a Citus set rows and bytes come from the shards, and exact counts scan each partition (tableoid names shards there; docs/citus.md).';

CREATE FUNCTION @extschema@._partition_distribution()
RETURNS TABLE (parent_table regclass, partitions integer, total_rows bigint, mean_rows double precision,
               stddev_rows double precision, cv double precision, max_skew double precision,
               max_mean_ratio double precision, status text, min_rows bigint, max_rows bigint,
               default_rows bigint, unanalyzed_partitions integer)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'partman_partition_distribution';
COMMENT ON FUNCTION @extschema@._partition_distribution() IS
'partman_ext internal: the rows of the partition_distribution view.';

CREATE VIEW @extschema@.partition_distribution AS SELECT * FROM @extschema@._partition_distribution();
COMMENT ON VIEW @extschema@.partition_distribution IS
'partman_ext: one row per bucket set, from catalog estimates (pg_class.reltuples, no scan): partitions (buckets, DEFAULT excluded), total_rows, mean_rows, stddev_rows (population), cv = stddev/mean, max_skew = largest |skew factor|, max_mean_ratio = largest partition / mean, status (worst partition status, CRITICAL when the DEFAULT partition holds rows), min_rows, max_rows, default_rows, unanalyzed_partitions. Row figures are NULL while a partition has never been analyzed.';
GRANT SELECT ON @extschema@.partition_distribution TO PUBLIC;

-- Heavy keys -----------------------------------------------------------------------------------------
CREATE TABLE @extschema@.key_statistics (
    parent_table    regclass NOT NULL REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    key_value       text,                        -- the key column as text (NULL for a NULL key)
    partition_name  text NOT NULL,               -- top-level partition of the set
    row_count       bigint NOT NULL,             -- exact count, or sampled rows / sampling fraction
    share           double precision NOT NULL,   -- of all rows of the set
    partition_share double precision NOT NULL,   -- of the rows of its partition
    rank            integer NOT NULL,            -- 1 = heaviest key of its partition
    sampled         boolean NOT NULL,            -- false: exact GROUP BY over the whole set
    sample_percent  double precision,            -- TABLESAMPLE BERNOULLI percentage (NULL when exact)
    rows_examined   bigint NOT NULL,             -- rows counted (the sample size when sampled)
    error_bound     double precision NOT NULL,   -- 95 % half-width on share (0 when exact)
    refreshed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (parent_table, partition_name, rank)
);
COMMENT ON TABLE @extschema@.key_statistics IS
'partman_ext: the heaviest keys of each partition of a bucket set (top N per partition), from refresh_key_statistics(): exact counts on small sets, a TABLESAMPLE BERNOULLI row sample with a 95% error bound on share on large ones. Rows are visible only to roles that may SELECT the parent table; they go away with the set''s part_config row (unregister, DROP TABLE).';
REVOKE ALL ON @extschema@.key_statistics FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics TO PUBLIC;
ALTER TABLE @extschema@.key_statistics ENABLE ROW LEVEL SECURITY;
CREATE POLICY key_statistics_readers ON @extschema@.key_statistics FOR SELECT
    USING (pg_catalog.has_table_privilege(parent_table, 'SELECT'));

CREATE FUNCTION @extschema@.refresh_key_statistics(
    parent regclass DEFAULT NULL,
    top_keys integer DEFAULT 10,
    exact_below_rows bigint DEFAULT 200000,
    sample_rows bigint DEFAULT 200000)
RETURNS TABLE (parent_table regclass, partitions integer, keys integer, sampled boolean, sample_percent double precision,
               rows_examined bigint, estimated_rows bigint, max_error_bound double precision, duration_ms double precision)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_refresh_key_statistics';
COMMENT ON FUNCTION @extschema@.refresh_key_statistics(regclass, integer, bigint, bigint) IS
'partman_ext: recomputes key_statistics for parent (or every bucket set the caller may maintain): the top_keys heaviest keys of each partition. Sets estimated (pg_class.reltuples) at or below exact_below_rows rows are counted exactly in one GROUP BY scan; larger ones are sampled with TABLESAMPLE BERNOULLI sized for about sample_rows rows, and each share carries a 95% error bound 1.96*sqrt(p(1-p)/n). Reads the table as its owner.';

CREATE FUNCTION @extschema@.rebalancing_recommendations(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, partition_name regclass, recommendation text, kind text, status text,
               skew_factor double precision, keys text[])
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_rebalancing_recommendations';
COMMENT ON FUNCTION @extschema@.rebalancing_recommendations(regclass) IS
'partman_ext: readable advice per bucket set (or for parent) from the skew estimates and key_statistics: fix_bucket_expression, empty_default, analyze, insufficient_data, split_hot_key (one key makes a partition hot: sub-partition it or give the key its own table), more_buckets (several large keys collide), refresh_key_statistics, use_hash, investigate_cold_bucket, none.';
