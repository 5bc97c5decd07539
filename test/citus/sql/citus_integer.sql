-- An integer set on a distributed table: "now" is max(control) read from the shards (the
-- coordinator's partitions are empty shells: reading them made the set one partition short),
-- premake ahead of it, relocation out of the default partition, retention by distance.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE SCHEMA num;
SET search_path = num, public, partman_ext;  -- WHERE parent_table = 'x' resolves the name (regclass = text)
CREATE TABLE n (id bigint NOT NULL, v text) PARTITION BY RANGE (id);
SELECT create_distributed_table('n', 'id');
-- rows arrive before registration, in a default partition of the application's (distributed with n)
CREATE TABLE n_default PARTITION OF n DEFAULT;
INSERT INTO n SELECT g, 'x' FROM generate_series(0, 99) g;
SELECT count(*) AS in_default FROM ONLY n_default;
-- registration adopts the default partition; no bounded partition holds rows yet, so "now" is the
-- anchor 0: it creates 0..300 (the current one and 2 ahead) and moves the rows of 0..100. Its
-- retention first acts at the next regular maintenance run (no maintenance job is enabled in this
-- suite: one hour from now, 13:00).
SELECT strategy, adopted_partitions, default_partition, created_partitions, rows_moved, retention_not_before
  FROM partman_ext.register_partition_set('n', 'id', '100', premake => 2, retention => '300');
SELECT operation, partition_name, success, rows_moved FROM partman_ext.maintenance_log WHERE parent_table = 'num.n' ORDER BY log_id;
SELECT (SELECT count(*) FROM ONLY n_default) AS in_default, (SELECT count(*) FROM n_p0) AS in_p0, (SELECT count(*) FROM n) AS n_rows;
-- max(id) = 99 (in partition 0..100, read from its shards): nothing to add
SELECT count(*) AS second_pass FROM partman_ext.run_partition_maintenance('n', false);
-- rows up to 549: 100..299 go to their partitions, 300..549 (250) to the default partition
INSERT INTO n SELECT g, 'y' FROM generate_series(100, 549) g;
SELECT (SELECT count(*) FROM ONLY n_default) AS in_default, (SELECT count(*) FROM n) AS n_rows;
-- max(id) over the bounded partitions = 299 (the default's rows are not "now"): premake reaches
-- 500; the rows of 300..500 are moved out of the default partition
SELECT lower_bound, upper_bound, action, rows_moved FROM partman_ext.run_partition_maintenance('n', true) ORDER BY lower_bound::int;
SELECT (SELECT count(*) FROM ONLY n_default) AS in_default, (SELECT count(*) FROM n) AS n_rows;
SELECT lower_bound, upper_bound, action, rows_moved FROM partman_ext.run_partition_maintenance('n', false) ORDER BY lower_bound::int;
SELECT (SELECT count(*) FROM ONLY n_default) AS in_default, (SELECT count(*) FROM n) AS n_rows;
-- now max(id) = 499: 500..600 (with the last 50 rows) and 600..700; retention 300 drops what ends
-- at or before slot(499 - 300) = 100, i.e. 0..100, from 13:00 (retention_not_before) on
ANALYZE n;
SET partman_ext.mock_now = '2026-06-15 13:00:00+00';
SELECT partition_name, lower_bound, action, rows_moved, est_rows FROM partman_ext.run_partition_maintenance('n', true) ORDER BY lower_bound::int;
SELECT partition_name, lower_bound, action, rows_moved FROM partman_ext.run_partition_maintenance('n', false) ORDER BY lower_bound::int;
RESET partman_ext.mock_now;
SELECT (SELECT count(*) FROM ONLY n_default) AS in_default, (SELECT count(*) FROM n) AS n_rows, (SELECT min(id) FROM n) AS min_id;
ANALYZE n;
SELECT lower_bound, upper_bound, est_rows, est_rows = rows_of(partition_name::regclass) AS est_rows_exact,
       bytes = citus_total_relation_size(partition_name::regclass) AS bytes_match
  FROM partman_ext.list_partitions('n') WHERE NOT is_default ORDER BY lower_bound::int;
-- retention 300 below max(id) 549 (now in 500..600): 100..200 goes too
SELECT partition_name, action, est_rows FROM partman_ext.drop_old_partitions('n', 300, true) ORDER BY lower_bound::int;
SELECT partition_name, action FROM partman_ext.drop_old_partitions('n', 300, false) ORDER BY lower_bound::int;
SELECT count(*) AS n_rows, min(id), max(id) FROM n;
-- analyze_partitions: row estimates before and after ANALYZE, from the shards (-1: unknown, the
-- shards of 600..700 were analyzed while empty and have grown since)
INSERT INTO n SELECT g, 'z' FROM generate_series(600, 649) g;
SELECT partition_name, est_rows_before, est_rows, action FROM partman_ext.analyze_partitions('n');
SELECT count(*) AS in_600 FROM n_p600;
