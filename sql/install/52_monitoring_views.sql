-- Monitoring views, one row per partition of every registered set (docs/monitoring.md).
-- Row counts are catalog estimates (pg_class.reltuples): NULL when a partition holding data was
-- never analyzed. Sizes are pg_total_relation_size / pg_relation_size / pg_indexes_size.

CREATE VIEW @extschema@.partition_stats AS
SELECT p.parent_table, p.partition_name, c.strategy, p.is_default,
       p.est_rows AS row_estimate,
       CASE WHEN count(*) FILTER (WHERE p.est_rows IS NULL) OVER w = 0
            THEN round(100.0 * p.est_rows / nullif(sum(p.est_rows) OVER w, 0), 2) END AS row_percentage,
       p.total_bytes,
       pg_catalog.pg_size_pretty(p.total_bytes) AS total_size,
       round(100.0 * p.total_bytes / nullif(sum(p.total_bytes) OVER w, 0), 2) AS byte_percentage,
       p.n_live_tup AS live_tuples, p.n_dead_tup AS dead_tuples,
       p.n_tup_ins AS inserts, p.n_tup_upd AS updates, p.n_tup_del AS deletes,
       p.seq_scan AS seq_scans, p.idx_scan AS index_scans,
       greatest(p.last_analyze, p.last_autoanalyze) AS last_analyze,
       greatest(p.last_vacuum, p.last_autovacuum) AS last_vacuum
  FROM @extschema@._partitions(NULL) p
  JOIN @extschema@.part_config c ON c.parent_table::oid = p.parent_relid
WINDOW w AS (PARTITION BY p.parent_relid);
COMMENT ON VIEW @extschema@.partition_stats IS
'partman_ext: one row per partition: estimated rows (pg_class.reltuples, NULL = never analyzed) and their share of the set, total bytes and share, pg_stat_user_tables counters (live/dead tuples, inserts/updates/deletes since the last stats reset, scans), last ANALYZE and VACUUM. Catalog and statistics only.';

CREATE VIEW @extschema@.partition_size_distribution AS
SELECT p.parent_table, p.partition_name, p.is_default,
       p.total_bytes, p.table_bytes, p.index_bytes,
       p.total_bytes - p.table_bytes - p.index_bytes AS toast_bytes,
       pg_catalog.pg_size_pretty(p.total_bytes) AS total_size,
       round(100.0 * p.total_bytes / nullif(sum(p.total_bytes) OVER w, 0), 2) AS byte_percentage,
       round(p.total_bytes / nullif(avg(p.total_bytes) OVER w, 0), 2) AS size_vs_mean,
       (rank() OVER (PARTITION BY p.parent_relid ORDER BY p.total_bytes DESC))::integer AS size_rank
  FROM @extschema@._partitions(NULL) p
WINDOW w AS (PARTITION BY p.parent_relid);
COMMENT ON VIEW @extschema@.partition_size_distribution IS
'partman_ext: physical size of each partition: total, heap, index and TOAST bytes (relation sizes), its percentage of the set, its ratio to the set''s mean partition size and its rank (1 = largest).';

CREATE VIEW @extschema@.partition_chunk_distribution AS
SELECT o.parent_table, o.partition_name, o.strategy, o.is_default,
       o.est_rows AS row_estimate,
       CASE WHEN count(*) FILTER (WHERE o.est_rows IS NULL) OVER w = 0
            THEN round(100.0 * o.est_rows / nullif(sum(o.est_rows) OVER w, 0), 2) END AS row_percentage,
       round(100.0 / nullif(count(*) FILTER (WHERE NOT o.is_default) OVER w, 0), 2) AS expected_percentage,
       round(o.table_bytes::numeric / nullif(o.est_rows, 0), 1) AS avg_row_bytes,
       CASE WHEN o.lower_time IS NOT NULL THEN date_trunc('second', @extschema@.clock() - o.lower_time) END AS data_age,
       o.xid_age
  FROM @extschema@._partition_overview(NULL) o
WINDOW w AS (PARTITION BY o.parent_relid);
COMMENT ON VIEW @extschema@.partition_chunk_distribution IS
'partman_ext: rows per partition (catalog estimate), their percentage of the set against the even share (100 / partitions), average row size in bytes (heap bytes / rows), age of the partition''s range (now - lower bound, time sets) and its transaction-ID age (age(relfrozenxid)).';

CREATE VIEW @extschema@.partition_metadata AS
SELECT o.parent_table, o.partition_name, o.is_default,
       (o.lower_time AT TIME ZONE o.time_zone)::date AS partition_date,
       o.lower_bound, o.upper_bound,
       o.est_rows AS row_count, o.total_bytes AS size_bytes,
       greatest(o.last_analyze, o.last_autoanalyze) AS last_analyze,
       greatest(o.last_vacuum, o.last_autovacuum) AS last_vacuum,
       o.last_analyze AS last_manual_analyze, o.last_autoanalyze,
       o.last_vacuum AS last_manual_vacuum, o.last_autovacuum
  FROM @extschema@._partition_overview(NULL) o;
COMMENT ON VIEW @extschema@.partition_metadata IS
'partman_ext: per partition: partition_date (first day of its range in the set''s time zone, time sets), bounds, row count (catalog estimate), size in bytes, last ANALYZE and last VACUUM (manual or auto, from pg_stat_user_tables).';

CREATE VIEW @extschema@.v_partition_sizes AS
SELECT o.partition_name, o.lower_time AS start_date, o.upper_time AS end_date,
       o.est_rows AS row_count,
       round(o.total_bytes / 1048576.0, 2) AS size_mb,
       o.parent_table, o.total_bytes AS bytes
  FROM @extschema@._partition_overview(NULL) o;
COMMENT ON VIEW @extschema@.v_partition_sizes IS
'partman_ext: partition_name, start_date and end_date (range of a time set''s partition, NULL otherwise), row_count (catalog estimate, NULL = never analyzed), size_mb (total relation size in MiB), parent_table, bytes.';

GRANT SELECT ON @extschema@.partition_stats, @extschema@.partition_size_distribution,
    @extschema@.partition_chunk_distribution, @extschema@.partition_metadata,
    @extschema@.v_partition_sizes TO PUBLIC;
