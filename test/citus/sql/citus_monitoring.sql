-- Monitoring figures of distributed sets come from the shards on the worker, and equal what
-- Citus itself says: rows = count(*) (after ANALYZE; the estimates are the shards' reltuples),
-- bytes = citus_total_relation_size (citus_relation_size for the heap, citus_table_size for table
-- + TOAST), writes = the shards' pg_stat counters. The coordinator's own partitions are empty
-- shells (and the 2022 tables of payment still hold the local copy create_distributed_table left).
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET search_path = public, partman_ext;  -- WHERE parent_table = 'x' resolves the name (regclass = text)
ANALYZE payment, ret.ev, ret.ar, num.n, bk.chunks, bk.good;
-- the shells: nothing on the coordinator
SELECT count(*) AS partitions, sum(c.reltuples) AS coordinator_reltuples,
       sum(pg_relation_size(c.oid)) AS coordinator_heap_bytes, sum(citus_relation_size(c.oid)) > 0 AS shards_hold_data
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'payment'::regclass;

-- partition_stats: per partition of every distributed set
CREATE TEMP TABLE truth (parent text, part regclass, n bigint, total bigint, heap bigint, tbl bigint);
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.parent_table, i.inhrelid::regclass AS part FROM partman_ext.part_config c
               JOIN pg_inherits i ON i.inhparent = c.parent_table LOOP
        INSERT INTO truth VALUES (r.parent_table::text, r.part, rows_of(r.part), citus_total_relation_size(r.part),
                                  citus_relation_size(r.part), citus_table_size(r.part));
    END LOOP;
END $$;
SELECT t.parent, count(*) AS partitions, sum(t.n) AS rows,
       count(*) FILTER (WHERE s.row_estimate = t.n) AS rows_equal,
       count(*) FILTER (WHERE s.total_bytes = t.total) AS bytes_equal,
       count(*) FILTER (WHERE s.live_tuples = t.n) AS live_equal
  FROM truth t JOIN partman_ext.partition_stats s ON s.partition_name::regclass = t.part
 GROUP BY t.parent ORDER BY t.parent;
SELECT t.parent, count(*) FILTER (WHERE d.total_bytes = t.total AND d.table_bytes = t.heap
                                   AND d.index_bytes = t.total - t.tbl) AS sizes_equal, count(*) AS partitions
  FROM truth t JOIN partman_ext.partition_size_distribution d ON d.partition_name::regclass = t.part
 GROUP BY t.parent ORDER BY t.parent;
SELECT t.parent, count(*) FILTER (WHERE v.row_count = t.n AND v.bytes = t.total AND v.size_mb = round(t.total / 1048576.0, 2)) AS equal,
       count(*) AS partitions
  FROM truth t JOIN partman_ext.v_partition_sizes v ON v.partition_name::regclass = t.part
 GROUP BY t.parent ORDER BY t.parent;
SELECT t.parent, count(*) FILTER (WHERE m.row_count = t.n AND m.size_bytes = t.total AND m.last_analyze IS NOT NULL) AS equal,
       count(*) AS partitions
  FROM truth t JOIN partman_ext.partition_metadata m ON m.partition_name::regclass = t.part
 GROUP BY t.parent ORDER BY t.parent;
SELECT t.parent, count(*) FILTER (WHERE l.est_rows = t.n AND l.bytes = t.total) AS equal, count(*) AS partitions
  FROM truth t JOIN partman_ext.list_partitions(NULL) l ON l.partition_name::regclass = t.part
 GROUP BY t.parent ORDER BY t.parent;
-- chunk distribution: shares of the set's rows
SELECT partition_name, row_estimate, row_percentage FROM partman_ext.partition_chunk_distribution
 WHERE parent_table = 'num.n' ORDER BY partition_name;

-- the health summary of each set: rows, bytes and rows in the default partition from the shards
SELECT s.parent_table, s.status, s.partitions, s.total_rows, s.rows_in_default, s.partitions_unanalyzed,
       s.total_rows = (SELECT sum(t.n) FROM truth t WHERE t.parent::regclass = s.parent_table::regclass) AS rows_equal,
       s.total_bytes = (SELECT sum(t.total) FROM truth t WHERE t.parent::regclass = s.parent_table::regclass) AS bytes_equal
  FROM partman_ext.partition_health_summary s ORDER BY s.parent_table::text;
-- rows arriving in a default partition raise the alert, with the count from the shards
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
SELECT g, 1, g, 3.00, timestamptz '2028-01-10' + g * interval '1 minute' FROM generate_series(1, 42) g;
ANALYZE payment_default;
SELECT severity, code, partition_name, message FROM partman_ext.check_partition_health('payment') WHERE code = 'ROWS_IN_DEFAULT';
SELECT partition_name, partition_status, status_reason FROM partman_ext.partition_health WHERE partition_status = 'DEFAULT_HAS_ROWS';
SELECT rows_in_default FROM partman_ext.partition_health_summary WHERE parent_table = 'public.payment';
-- the report carries the same figures
SELECT d -> 'sets' -> 0 ->> 'total_rows' = (SELECT count(*) FROM payment)::text AS report_rows,
       d -> 'sets' -> 0 ->> 'rows_in_default' AS report_rows_in_default,
       (SELECT bool_and((x ->> 'bytes')::bigint = citus_total_relation_size((x ->> 'partition_name')::regclass))
          FROM jsonb_array_elements(d -> 'sizes') x) AS report_sizes_equal
  FROM (SELECT partman_ext.partition_report('json', 'payment')::jsonb AS d) r;
-- move them out again (empty_default_partition) for the next tests
SELECT partition_name, action, rows_moved FROM partman_ext.empty_default_partition('payment');

-- Write activity: samples of the shards' counters. Inserts into the shards reach the worker's
-- statistics within a few seconds; wait for them (a liveness wait, not a speed check).
SET partman_ext.mock_now = '2026-06-15 11:00:00+00';
SELECT sets, partitions FROM partman_ext.sample_partition_activity();
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
SELECT g % 50 + 1, 1, g, 4.00, timestamptz '2026-06-01' + g * interval '10 minutes' FROM generate_series(1, 300) g;
DO $$
BEGIN
    FOR i IN 1..60 LOOP
        EXIT WHEN (SELECT inserts FROM partman_ext.partition_stats WHERE partition_name = 'public.payment_p2026_06') >= 300;
        PERFORM pg_sleep(0.5);
    END LOOP;
END $$;
SELECT inserts AS shard_inserts FROM partman_ext.partition_stats WHERE partition_name = 'public.payment_p2026_06';
SET partman_ext.mock_now = '2026-06-15 11:30:00+00';
SELECT sets, partitions FROM partman_ext.sample_partition_activity();
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
SELECT partition_name, writes_hour, writes_day, writes_week FROM partman_ext.partition_hot_spots
 WHERE partition_name = 'public.payment_p2026_06';
