-- Bucket sets: routing, bucket creation, skew, heavy keys, rebalancing advice (docs/buckets.md).

-- Routing ----------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.get_partition_for_value(parent regclass, value anyelement)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_value';
COMMENT ON FUNCTION @extschema@.get_partition_for_value(regclass, anyelement) IS
'partman_ext: the leaf partition PostgreSQL would route a row to whose key column holds value (for a key expression such as mod(hashtext(id::text), 100), value is the id), or whose whole row is value (a value of the parent''s row type). Follows RANGE, LIST, HASH, key expressions, sub-partitions and the DEFAULT partition through the relcache partition descriptor; raises SQLSTATE 23514 when no partition accepts the key.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid)
RETURNS text LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid) IS
'partman_ext: name (without schema) of the partition of table "chunks" (found through the search_path when called) that a row with this collection_id goes to, e.g. chunks_part_42.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid, parent regclass)
RETURNS text LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid, regclass) IS
'partman_ext: name (without schema) of the partition of parent that a row with this collection_id (the uuid key column) goes to.';

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
RETURNS TABLE (parent_table text, partition_name text, row_count bigint, bytes bigint, share double precision,
               expected_share double precision, skew_factor double precision, z_score double precision, status text)
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partition_skew';
COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts with one GROUP BY tableoid scan), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against binomial noise sqrt(n p (1-p)), and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (|skew| >= the set''s thresholds, default 0.3/0.4/0.5, and beyond noise) or INSUFFICIENT_DATA (fewer than 30 rows per bucket expected, or counts unknown). A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows.';

CREATE FUNCTION @extschema@._partition_distribution()
RETURNS TABLE (parent_table text, partitions integer, total_rows bigint, mean_rows double precision,
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
