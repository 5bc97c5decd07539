-- Pictures (issue 12, item 5): the bars of partition_report(format => 'text') and of the client
-- (partman_ext._bar over src/core/bars.cpp), the report's charts (rows per bucket against the even
-- share, largest partitions, hot spots, writes per hour) and partition_writes_per_hour().
-- A UTF8 database of its own, whatever the cluster's encoding; the test clock says 2026-06-15 12:00 UTC.
SELECT current_database() AS regress_db \gset
CREATE DATABASE partman_charts ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
ALTER DATABASE partman_charts SET partman_ext.pause_scheduler = on;  -- the samples here are the test's own
\c partman_charts
SET client_encoding = 'UTF8';
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
CREATE EXTENSION partman_ext;

-- Bars of 10 cells for 0 .. 10: Unicode to an eighth of a cell, ASCII to whole cells; a value
-- above 0 too small to draw shows the smallest mark; beyond the scale fills the line; always 10 wide.
SELECT v, '[' || partman_ext._bar(v, 10, 10) || ']' AS unicode, '[' || partman_ext._bar(v, 10, 10, 'ascii') || ']' AS ascii
  FROM unnest(ARRAY[-1, 0, 0.01, 0.125, 0.5, 1, 3.3, 9.99, 10, 12]::float8[]) v;
-- A mark (the even share) at 5 of 10: one more cell; inside the bar or after its end.
SELECT v, '[' || partman_ext._bar(v, 10, 10, 'unicode', 5) || ']' AS unicode,
       '[' || partman_ext._bar(v, 10, 10, 'ascii', 5) || ']' AS ascii
  FROM unnest(ARRAY[0, 2.5, 5, 7.5, 10]::float8[]) v;
SELECT partman_ext._bar(NULL, 10) IS NULL AS null_value, '[' || partman_ext._bar(5, 0, 4) || ']' AS zero_scale,
       '[' || partman_ext._bar(5, NULL, 4, 'ASCII') || ']' AS null_scale;
SELECT partman_ext._bar(1, 1, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT partman_ext._bar(1, 1, 10, 'ebcdic');
\echo :LAST_ERROR_SQLSTATE

-- A bucket set with one heavy key (as in the monitoring test): one bucket far above 1/4.
CREATE SCHEMA ch;
CREATE TABLE ch.chunks (collection_id int NOT NULL, n int) PARTITION BY HASH (collection_id);
SELECT count(*) AS buckets FROM partman_ext.create_bucket_partitions('ch.chunks', 4);
INSERT INTO ch.chunks SELECT g, 0 FROM generate_series(1, 4000) g;
INSERT INTO ch.chunks SELECT 42, g FROM generate_series(1, 1000) g;
ANALYZE ch.chunks;

-- An integer set with activity samples (t = 12:00; counters = ins + upd + del):
--   ids_0:    100 @ 06-14 06:00, 150 @ 06-14 12:30, 450 @ 06-14 14:00, 550 @ 10:00, 570 @ 11:10, 670 @ 11:55
--   ids_1000: 50 @ 09:00 (its first sample), 20 @ 10:30 (counters reset), 80 @ 11:50
-- Writes per hour of the last 24 (06-14 13:00 .. 06-15 12:00): 14:00 300 (from the sample before
-- the window), 09:00 0 (a baseline), 10:00 100 + 20, 11:00 120 + 60; no sample in the others.
CREATE TABLE ch.ids (id int NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE ch.ids_0 PARTITION OF ch.ids FOR VALUES FROM (0) TO (1000);
CREATE TABLE ch.ids_1000 PARTITION OF ch.ids FOR VALUES FROM (1000) TO (2000);
SELECT adopted_partitions FROM partman_ext.register_partition_set('ch.ids', 'id', '1000', premake => 1, default_partition => false);
INSERT INTO partman_ext.partition_activity_samples (sampled_at, parent_relid, partition_relid, n_tup_ins, n_tup_upd, n_tup_del)
SELECT partman_ext.clock() - s.ago, 'ch.ids'::regclass, s.part::regclass, s.ins, 0, 0
  FROM (VALUES (1, 'ch.ids_0', interval '30 hours', 100), (2, 'ch.ids_0', '23 hours 30 minutes', 150),
               (3, 'ch.ids_0', '22 hours', 450), (4, 'ch.ids_0', '2 hours', 550), (5, 'ch.ids_0', '50 minutes', 570),
               (6, 'ch.ids_0', '5 minutes', 670), (7, 'ch.ids_1000', '3 hours', 50),
               (8, 'ch.ids_1000', '1 hour 30 minutes', 20), (9, 'ch.ids_1000', '10 minutes', 80)) s(n, part, ago, ins)
 ORDER BY s.n;
SELECT hour, writes FROM partman_ext.partition_writes_per_hour('ch.ids') WHERE writes IS NOT NULL ORDER BY hour;
SELECT count(*) AS hours, count(writes) AS hours_sampled, min(hour) AS first_hour, max(hour) AS last_hour
  FROM partman_ext.partition_writes_per_hour('ch.ids');
-- The last 3 hours: each partition's first sample in the window counts from its sample before it.
SELECT * FROM partman_ext.partition_writes_per_hour('ch.ids', 3);
-- Every set: the bucket set has no sample (NULL, not 0).
SELECT parent_table, count(*) AS hours, count(writes) AS hours_sampled, sum(writes) AS writes
  FROM partman_ext.partition_writes_per_hour() GROUP BY 1 ORDER BY 1;
SELECT * FROM partman_ext.partition_writes_per_hour('ch.ids', 0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.partition_writes_per_hour('ch.ids_0');
\echo :LAST_ERROR_SQLSTATE

-- The report's charts, one section at a time.
CREATE FUNCTION pg_temp.section(report text, title text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT l.line FROM (SELECT line, n, sum((line LIKE '== %')::int) OVER (ORDER BY n) AS s
                          FROM regexp_split_to_table(report, E'\n') WITH ORDINALITY t(line, n)) l
     WHERE l.s = (SELECT min(k.s) FROM (SELECT n, sum((line LIKE '== %')::int) OVER (ORDER BY n) AS s, line
                                          FROM regexp_split_to_table(report, E'\n') WITH ORDINALITY t(line, n)) k
                   WHERE k.line LIKE '== ' || title || '%')
     ORDER BY l.n
$$;
SELECT pg_temp.section(partman_ext.partition_report('text', 'ch.chunks'), 'Rows per bucket');
SELECT pg_temp.section(partman_ext.partition_report('text', 'ch.chunks', charset => 'ascii'), 'Rows per bucket');
SELECT pg_temp.section(partman_ext.partition_report('text', 'ch.ids'), 'Hot spots');
SELECT pg_temp.section(partman_ext.partition_report('text', 'ch.ids', charset => 'ascii'), 'Writes per hour');
SELECT pg_temp.section(partman_ext.partition_report('text', 'ch.chunks'), 'Writes per hour');
-- Largest partitions: one line per partition, largest first, with a bar (sizes vary by platform).
SELECT regexp_replace(line, '  [0-9.]+ MB, ', '  <size> MB, ') AS line
  FROM pg_temp.section(partman_ext.partition_report('text', 'ch.chunks', top => 2, charset => 'ascii'), 'Largest') line;
-- The document: every bucket, and writes per hour of the selection (summed over its sets).
SELECT jsonb_array_length(r -> 'buckets') AS buckets, r -> 'buckets' -> 0 ?& ARRAY['row_count', 'share', 'expected_share', 'status'] AS bucket_keys,
       jsonb_array_length(r -> 'writes_per_hour') AS hours,
       (SELECT sum((e ->> 'writes')::bigint) FROM jsonb_array_elements(r -> 'writes_per_hour') e) AS writes
  FROM (SELECT partman_ext.partition_report('json')::jsonb AS r) x;

-- Charset: Unicode when database and client speak UTF8, else ASCII; a wrong name is refused.
SET client_encoding = 'LATIN1';
SELECT strpos(r, chr(9608)) = 0 AND strpos(r, '#') > 0 AS ascii_for_latin1
  FROM partman_ext.partition_report('text', 'ch.chunks') r;
SET client_encoding = 'UTF8';
SELECT strpos(r, chr(9608)) > 0 AS unicode_for_utf8 FROM partman_ext.partition_report('text', 'ch.chunks') r;
SELECT partman_ext.partition_report(charset => 'ebcdic');
\echo :LAST_ERROR_SQLSTATE

-- A database that is not UTF8 cannot hold Unicode bars: ASCII by default, an error when asked.
\c :regress_db
CREATE DATABASE partman_charts_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
ALTER DATABASE partman_charts_ascii SET partman_ext.pause_scheduler = on;
\c partman_charts_ascii
SET client_min_messages = warning;
CREATE EXTENSION partman_ext;
CREATE TABLE b (id int NOT NULL) PARTITION BY HASH (id);
SELECT count(*) AS buckets FROM partman_ext.create_bucket_partitions('b', 2);
INSERT INTO b SELECT generate_series(1, 100);
ANALYZE b;
SELECT strpos(r, '##########') > 0 AS ascii_bars FROM partman_ext.partition_report() r;
SELECT partman_ext.partition_report(charset => 'unicode');
\echo :LAST_ERROR_SQLSTATE

\c :regress_db
DROP DATABASE partman_charts;
DROP DATABASE partman_charts_ascii;
