-- Calendar arithmetic over PostgreSQL's whole timestamp range (4713 BC .. 294276 AD): sets whose
-- partitions lie before 1400, after 9999 and before 1 AD are adopted, maintained and named.
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';

-- 1. A monthly set whose first partition starts at 1399-12-01.
CREATE TABLE cal_old (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE cal_old_p1399_12 PARTITION OF cal_old FOR VALUES FROM ('1399-12-01 00:00+00') TO ('1400-01-01 00:00+00');
SELECT strategy, partition_interval, adopted_partitions
  FROM partman_ext.register_partition_set('cal_old', 'ts', '1 month', premake => 1, default_partition => true);
INSERT INTO cal_old VALUES ('1400-01-15 00:00+00'), ('1399-11-30 23:00+00');
SELECT partition_name, lower_bound, upper_bound, action, rows_moved
  FROM partman_ext.empty_default_partition('cal_old') ORDER BY lower_bound::timestamptz;
SELECT count(*) AS rows_total, count(*) FILTER (WHERE tableoid = 'cal_old_default'::regclass) AS in_default FROM cal_old;

-- 2. A yearly set in the year 200000 (a timestamp column).
CREATE TABLE cal_far (ts timestamp NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE cal_far_p200000 PARTITION OF cal_far FOR VALUES FROM ('200000-01-01') TO ('200001-01-01');
SELECT strategy, partition_interval, adopted_partitions
  FROM partman_ext.register_partition_set('cal_far', 'ts', '1 year', premake => 1);
INSERT INTO cal_far VALUES ('200003-07-01 12:00');
SELECT partition_name, lower_bound, upper_bound, action, rows_moved
  FROM partman_ext.empty_default_partition('cal_far') ORDER BY lower_bound::timestamp;
SELECT partition_name, lower_bound, upper_bound FROM partman_ext.list_partitions('cal_far')
 WHERE NOT is_default ORDER BY lower_bound::timestamp;

-- 3. Before 1 AD: a monthly date set around 44 BC; names say "bc".
CREATE TABLE cal_bc (day date NOT NULL) PARTITION BY RANGE (day);
CREATE TABLE cal_bc_first PARTITION OF cal_bc FOR VALUES FROM ('0044-02-01 BC') TO ('0044-03-01 BC');
SELECT strategy, adopted_partitions FROM partman_ext.register_partition_set('cal_bc', 'day', '1 month', premake => 1);
INSERT INTO cal_bc VALUES ('0044-03-15 BC'), ('0001-12-31 BC');
SELECT partition_name, lower_bound, upper_bound, action, rows_moved
  FROM partman_ext.empty_default_partition('cal_bc') ORDER BY lower_bound::date;

-- 4. The end of the range: no partition can start at 294276-01-01 (its upper bound, 294277-01-01,
-- is past what PostgreSQL can store): nothing is created and the row stays in the default partition.
CREATE TABLE cal_end (ts timestamp NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE cal_end_last PARTITION OF cal_end FOR VALUES FROM ('294275-01-01') TO ('294276-01-01');
SELECT strategy FROM partman_ext.register_partition_set('cal_end', 'ts', '1 year', premake => 1);
INSERT INTO cal_end VALUES ('294276-06-01');
SELECT action, message FROM partman_ext.empty_default_partition('cal_end');
SELECT count(*) AS still_in_default FROM ONLY cal_end_default;

-- Leave nothing behind for the tests that follow (they read the whole maintenance log).
DROP TABLE cal_old, cal_far, cal_bc, cal_end;
DELETE FROM partman_ext.maintenance_log WHERE parent_table ~ '^(public\.)?cal_';
SELECT count(*) AS sets_left FROM partman_ext.part_config WHERE parent_table::text LIKE 'cal\_%';
