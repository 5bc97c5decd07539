-- Monitoring views, health check, activity samples and hot spots, report.
-- The test clock (partman_ext.mock_now) says it is 2026-06-15 12:00 UTC; partitions are named by
-- their distance from the current month.
-- A database of its own: counts over "every set" see only the sets made here.
SELECT current_database() AS regress_db \gset
CREATE DATABASE partman_monitoring;
ALTER DATABASE partman_monitoring SET partman_ext.pause_scheduler = on;  -- no scheduler in tests
\c partman_monitoring
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
CREATE EXTENSION IF NOT EXISTS partman_ext;
-- Names are regclass; with partman_ext on the search_path, WHERE parent_table = 'mon.events'
-- resolves the name (the operator regclass = text).
SET search_path = public, partman_ext;
CREATE SCHEMA mon;
-- Each set is registered with enabled => false (registration then creates no partition: the
-- fixtures stay exactly as built here) and enabled right after.

-- A monthly time set: 14 months back .. 1 month ahead, a default partition, retention 12 months.
CREATE TABLE mon.events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
SELECT format('CREATE TABLE mon.%I PARTITION OF mon.events FOR VALUES FROM (%L) TO (%L)',
              CASE WHEN k < 0 THEN 'events_m' || -k ELSE 'events_p' || k END,
              date_trunc('month', partman_ext.clock()) + k * interval '1 month',
              date_trunc('month', partman_ext.clock()) + (k + 1) * interval '1 month')
  FROM generate_series(-14, 1) k \gexec
CREATE TABLE mon.events_default PARTITION OF mon.events DEFAULT;
SELECT adopted_partitions FROM partman_ext.register_partition_set('mon.events', 'created_at', '1 month', premake => 4, retention => '12 months', enabled => false);
SELECT enabled FROM partman_ext.update_partition_set('mon.events', enabled => true);
-- 50 rows two months ago, 100 rows last month: 100 % growth.
INSERT INTO mon.events SELECT g, date_trunc('month', partman_ext.clock()) - interval '2 months' + g * interval '1 minute' FROM generate_series(1, 50) g;
INSERT INTO mon.events SELECT g, date_trunc('month', partman_ext.clock()) - interval '1 month' + g * interval '1 minute' FROM generate_series(1, 100) g;
ANALYZE mon.events;

-- An integer set: data up to 2500 in partitions of 1000 up to 6000; no default partition.
CREATE TABLE mon.ids (id int NOT NULL) PARTITION BY RANGE (id);
SELECT format('CREATE TABLE mon.ids_%s PARTITION OF mon.ids FOR VALUES FROM (%s) TO (%s)', i, i, i + 1000)
  FROM generate_series(0, 5000, 1000) i \gexec
INSERT INTO mon.ids SELECT generate_series(0, 2500);
SELECT adopted_partitions FROM partman_ext.register_partition_set('mon.ids', 'id', '1000', premake => 3, retention => '1000', default_partition => false, enabled => false);
SELECT enabled FROM partman_ext.update_partition_set('mon.ids', enabled => true);
ANALYZE mon.ids;

-- A time set living entirely in the past (no current partition), one partition sub-partitioned.
CREATE TABLE mon.old (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE mon.old_2000 PARTITION OF mon.old FOR VALUES FROM ('2000-01-01') TO ('2001-01-01');
CREATE TABLE mon.old_2001 PARTITION OF mon.old FOR VALUES FROM ('2001-01-01') TO ('2002-01-01')
    PARTITION BY HASH (id);
CREATE TABLE mon.old_2001_a PARTITION OF mon.old_2001 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE mon.old_2001_b PARTITION OF mon.old_2001 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO mon.old SELECT g, date '2001-03-01' FROM generate_series(1, 40) g;
SELECT adopted_partitions FROM partman_ext.register_partition_set('mon.old', 'at', '1 year', premake => 2, default_partition => false, enabled => false);
SELECT enabled FROM partman_ext.update_partition_set('mon.old', enabled => true);
ANALYZE mon.old_2001_a, mon.old_2001_b;

-- A registered parent without partitions.
CREATE TABLE mon.empty (id int) PARTITION BY RANGE (id);
SELECT adopted_partitions FROM partman_ext.register_partition_set('mon.empty', 'id', '100', default_partition => false, enabled => false);
SELECT enabled FROM partman_ext.update_partition_set('mon.empty', enabled => true);

-- Catalog layer: periods, retention, rows (estimates) rolled up over sub-partitions.
SELECT partition_name, period, partition_status, row_estimate
  FROM partman_ext.partition_health
 WHERE parent_table IN ('mon.ids', 'mon.old') ORDER BY parent_table, partition_name;
SELECT partition_name FROM partman_ext.partition_health
 WHERE parent_table = 'mon.events' AND partition_status = 'PENDING_CLEANUP' ORDER BY 1;
SELECT period, count(*) FROM partman_ext.partition_health WHERE parent_table = 'mon.events' GROUP BY 1 ORDER BY 1;

-- Never analyzed (mon.old_2000): unknown (NULL), not -1 rows; a relation without blocks is empty.
-- Estimates follow the relation's size as the planner's do (reltuples / relpages x pages now).
INSERT INTO mon.old VALUES (1, '2000-05-01');
SELECT partition_name, row_estimate, row_percentage FROM partman_ext.partition_stats
 WHERE parent_table = 'mon.old' ORDER BY 1;
SELECT total_rows, partitions_unanalyzed FROM partman_ext.partition_health_summary WHERE parent_table = 'mon.old';
ANALYZE mon.old_2000;
SELECT partition_name, row_estimate FROM partman_ext.partition_stats WHERE partition_name = 'mon.old_2000';
INSERT INTO mon.ids SELECT generate_series(3000, 3009);
SELECT partition_name, row_estimate FROM partman_ext.partition_stats WHERE partition_name = 'mon.ids_3000';
ANALYZE mon.ids;
SELECT partition_name, row_estimate FROM partman_ext.partition_stats WHERE partition_name = 'mon.ids_3000';

-- Sizes: v_partition_sizes has the bounds of time partitions as timestamps.
SELECT partition_name, start_date = date_trunc('month', partman_ext.clock()) AS starts_this_month,
       end_date - start_date BETWEEN interval '28 days' AND interval '31 days' AS one_month, row_count
  FROM partman_ext.v_partition_sizes WHERE partition_name = 'mon.events_p0';
SELECT partition_name, row_count, start_date, end_date FROM partman_ext.v_partition_sizes
 WHERE parent_table = 'mon.old' ORDER BY 1;
SELECT count(*) AS rows_without_size FROM partman_ext.partition_size_distribution WHERE total_bytes IS NULL;
SELECT partition_name, size_rank FROM partman_ext.partition_size_distribution
 WHERE parent_table = 'mon.ids' AND total_bytes = 0 ORDER BY 1;
SELECT partition_name, row_estimate, row_percentage, expected_percentage, avg_row_bytes > 0 AS has_row_size
  FROM partman_ext.partition_chunk_distribution WHERE parent_table = 'mon.old' ORDER BY 1;
SELECT partition_name, partition_date = (date_trunc('month', partman_ext.clock()) - interval '1 month')::date AS last_month,
       row_count, last_analyze IS NOT NULL AS analyzed
  FROM partman_ext.partition_metadata WHERE partition_name = 'mon.events_m1';

-- Health check: codes per set.
SELECT severity, code, parent_table, partition_name FROM partman_ext.check_partition_health();
SELECT message FROM partman_ext.check_partition_health('mon.events') WHERE code = 'HIGH_GROWTH';
SELECT parent_table, status, partitions, future_coverage, premake, partitions_pending_cleanup, rows_in_default,
       total_rows, cardinality(alerts) AS alerts
  FROM partman_ext.partition_health_summary ORDER BY 1;

SELECT count(*) AS same_rows FROM partman_ext.partition_health_summary() f
  JOIN partman_ext.partition_health_summary v USING (parent_table, status, partitions, alerts);

-- Rows in the default partition: the probe finds them; after they are gone it does not.
INSERT INTO mon.events VALUES (1, partman_ext.clock() + interval '5 years');
SELECT code, partition_name, message FROM partman_ext.check_partition_health('mon.events') WHERE code = 'ROWS_IN_DEFAULT';
SELECT partition_name, partition_status FROM partman_ext.partition_health WHERE partition_name = 'mon.events_default';
DELETE FROM mon.events_default;
SELECT count(*) AS default_alerts FROM partman_ext.check_partition_health('mon.events') WHERE code = 'ROWS_IN_DEFAULT';

-- Size and row limits per set.
UPDATE partman_ext.part_config SET max_partition_rows = 999, max_partition_bytes = 1 WHERE parent_table = 'mon.ids'::regclass;
SELECT severity, code, partition_name FROM partman_ext.check_partition_health('mon.ids')
 WHERE code LIKE 'PARTITION_TOO%' ORDER BY code, partition_name;
SELECT partition_name, partition_status FROM partman_ext.partition_health
 WHERE parent_table = 'mon.ids' AND partition_status <> 'NORMAL' ORDER BY 1;
UPDATE partman_ext.part_config SET max_partition_rows = DEFAULT, max_partition_bytes = DEFAULT WHERE parent_table = 'mon.ids'::regclass;

-- Bad input.
SELECT * FROM partman_ext.check_partition_health('mon.events_p0');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.check_partition_health(NULL) WHERE false;

-- Hot spots from controlled samples (t = now): counters per partition (ins + upd + del).
--   ids_0: 100 @ t-6d, 300 @ t-20h, 400 @ t-50m, 1400 @ t-5m   -> hour 1100, day 1300, week 1300
--   ids_1000: 500 @ t-6d, 700 @ t-20h, 50 @ t-50m (reset), 150 @ t-5m -> hour 150, day 350, week 350
--   ids_2000: one sample (baseline only) -> 0;  the others: no sample -> NULL
-- A trigger keeps a running total per partition (writes_total) across the reset.
INSERT INTO partman_ext.partition_activity_samples (sampled_at, parent_relid, partition_relid, n_tup_ins, n_tup_upd, n_tup_del)
SELECT partman_ext.clock() - s.ago, 'mon.ids'::regclass, s.part::regclass, s.ins, s.upd, s.del
  FROM (VALUES ('mon.ids_0', interval '9 days', 100, 0, 0),
               ('mon.ids_0', '6 days', 100, 0, 0), ('mon.ids_0', '20 hours', 250, 50, 0),
               ('mon.ids_0', '50 minutes', 300, 60, 40), ('mon.ids_0', '5 minutes', 1200, 100, 100),
               ('mon.ids_1000', '6 days', 500, 0, 0), ('mon.ids_1000', '20 hours', 700, 0, 0),
               ('mon.ids_1000', '50 minutes', 50, 0, 0), ('mon.ids_1000', '5 minutes', 150, 0, 0),
               ('mon.ids_2000', '5 minutes', 999, 0, 0)) s(part, ago, ins, upd, del);
SELECT partition_relid::regclass AS partition, array_agg(writes_total ORDER BY sampled_at) AS writes_total
  FROM partman_ext.partition_activity_samples GROUP BY 1 ORDER BY 1;
SELECT partition_name, writes_hour, writes_day, writes_week, hour_percentage, day_percentage, week_percentage,
       expected_percentage, first_sampled_at < partman_ext.clock() - interval '7 days' AS week_of_history
  FROM partman_ext.partition_hot_spots WHERE parent_table = 'mon.ids' ORDER BY partition_name;
SELECT partition_name FROM partman_ext.partition_hot_spots WHERE hour_percentage > 12.5;

-- Sampling: one sample per partition of every set; older samples thinned to one per hour and pruned.
INSERT INTO partman_ext.partition_activity_samples (sampled_at, parent_relid, partition_relid, n_tup_ins, n_tup_upd, n_tup_del)
SELECT date_trunc('hour', partman_ext.clock()) - interval '3 hours' + m * interval '1 minute', 'mon.ids'::regclass, 'mon.ids_5000'::regclass, m, 0, 0
  FROM generate_series(1, 3) m;
SELECT sampled_at AS t, sets, partitions, samples_thinned, samples_pruned, kept_for
  FROM partman_ext.sample_partition_activity() \gset
\echo :sets :partitions :samples_thinned :samples_pruned :kept_for
SELECT count(*) AS samples_now FROM partman_ext.partition_activity_samples WHERE sampled_at = :'t';
SELECT count(*) AS left_of_three FROM partman_ext.partition_activity_samples
 WHERE partition_relid = 'mon.ids_5000'::regclass AND sampled_at < partman_ext.clock() - interval '2 hours';
SELECT * FROM partman_ext.sample_partition_activity(interval '10 minutes');
\echo :LAST_ERROR_SQLSTATE

-- Real writes, counted independently: per partition, the rows inserted, updated and deleted
-- between two samples (statistics flushed first) are exactly the writes the view reports.
CREATE TABLE mon.hot (id int NOT NULL, n int) PARTITION BY HASH (id);
SELECT count(*) AS buckets FROM partman_ext.create_bucket_partitions('mon.hot', 4);
SELECT partitions > 0 AS sampled FROM partman_ext.sample_partition_activity();
INSERT INTO mon.hot SELECT g, 0 FROM generate_series(1, 1000) g;
CREATE TEMP TABLE hot_rows AS SELECT id, tableoid::regclass::text AS part FROM mon.hot;
UPDATE mon.hot SET n = 1 WHERE id <= 100;
DELETE FROM mon.hot WHERE id > 900;
SELECT pg_stat_force_next_flush();
SET partman_ext.mock_now = '2026-06-15 12:30:00+00';  -- the second sample, half an hour later
SELECT partitions > 0 AS sampled FROM partman_ext.sample_partition_activity();
SELECT h.partition_name, h.writes_hour, h.writes_hour = e.writes AS matches, h.hour_percentage > 12.5 AS above_12_5
  FROM partman_ext.partition_hot_spots h
  JOIN (SELECT part, count(*) + count(*) FILTER (WHERE id <= 100) + count(*) FILTER (WHERE id > 900) AS writes
          FROM hot_rows GROUP BY part) e ON e.part = h.partition_name
 ORDER BY 1;
SELECT sum(writes_hour) AS total_writes, sum(hour_percentage) AS total_percent FROM partman_ext.partition_hot_spots
 WHERE parent_table = 'mon.hot';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';

-- A bucket set (HASH, 4 buckets): 4000 spread keys and 1000 more rows in the bucket of key 42
-- (one more row of key 42 and 999 new keys that hash there: more than chance, and no single key
-- to blame) make that bucket hold about 40 % of the rows against an even 25 % (skew +0.6,
-- CRITICAL); the others ~20 % (-0.2).
CREATE TABLE mon.chunks (collection_id int NOT NULL, n int) PARTITION BY HASH (collection_id);
SELECT count(*) AS buckets FROM partman_ext.create_bucket_partitions('mon.chunks', 4);
INSERT INTO mon.chunks SELECT g, 0 FROM generate_series(1, 4000) g;
INSERT INTO mon.chunks SELECT 42, 1
UNION ALL (SELECT g, 1 FROM generate_series(100001, 200000) g
           WHERE partman_ext.get_partition_for_value('mon.chunks', g) = partman_ext.get_partition_for_value('mon.chunks', 42) LIMIT 999);
ANALYZE mon.chunks;
SELECT partition_name = (SELECT tableoid::regclass::text FROM mon.chunks WHERE collection_id = 42 LIMIT 1) AS holds_key_42,
       partition_status, period, round(skew_factor::numeric, 1) AS skew
  FROM partman_ext.partition_health WHERE parent_table = 'mon.chunks' ORDER BY 1 DESC, 2;
SELECT severity, code, partition_name = (SELECT tableoid::regclass::text FROM mon.chunks WHERE collection_id = 42 LIMIT 1) AS holds_key_42
  FROM partman_ext.check_partition_health('mon.chunks');
SELECT status, partitions, future_coverage, partitions_pending_cleanup, total_rows, round(max_skew::numeric, 1) AS max_skew
  FROM partman_ext.partition_health_summary WHERE parent_table = 'mon.chunks';
SELECT row_estimate, row_percentage, expected_percentage FROM partman_ext.partition_chunk_distribution
 WHERE parent_table = 'mon.chunks' ORDER BY row_estimate DESC LIMIT 1;
SELECT partition_name, start_date, end_date FROM partman_ext.v_partition_sizes WHERE parent_table = 'mon.chunks' ORDER BY 1;

-- Report: text and json; unknown format.
SELECT position('== Alerts ==' IN partman_ext.partition_report()) > 0 AS has_alerts_section;
SELECT jsonb_typeof(r -> 'sets') AS sets, jsonb_array_length(r -> 'sets') AS n_sets,
       (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(r) k) AS keys
  FROM (SELECT partman_ext.partition_report('json')::jsonb AS r) x;
SELECT jsonb_array_length(partman_ext.partition_report(format => 'json', parent => 'mon.ids', top => 2)::jsonb -> 'sizes') AS sizes;
SELECT r -> 'distribution' -> 0 ->> 'parent_table' AS distribution, r -> 'distribution' -> 0 ->> 'status' AS status,
       jsonb_array_length(r -> 'skew') AS skewed, r -> 'skew' -> 0 ->> 'status' AS skew_status
  FROM (SELECT partman_ext.partition_report('json', 'mon.chunks')::jsonb AS r) x;
SELECT regexp_replace(line, 'rows, [0-9]+ (bytes|kB|MB)$', 'rows, <size>') AS line
  FROM regexp_split_to_table(partman_ext.partition_report('text', 'mon.chunks'), E'\n') line
 WHERE line LIKE '==%' OR line LIKE 'critical%' OR line LIKE 'mon.chunks %' OR line LIKE 'mon.chunks_part_2: %\% of the rows%';
SELECT partman_ext.partition_report('xml');
\echo :LAST_ERROR_SQLSTATE

-- Everything has a comment.
SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'partman_ext'::regnamespace AND c.relkind IN ('v', 'r')
   AND obj_description(c.oid, 'pg_class') IS NULL ORDER BY 1;
SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'partman_ext'::regnamespace
   AND obj_description(p.oid, 'pg_proc') IS NULL ORDER BY 1;

\c :regress_db
DROP DATABASE partman_monitoring;
