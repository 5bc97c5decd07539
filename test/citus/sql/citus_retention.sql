-- Retention on a distributed daily set: drop (the shards go too) and archive (the table moves to
-- the archive schema and stays distributed). Detach is in citus_pagila. Rows are counted at every
-- step; dry runs report rows and bytes from the shards and change nothing.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE SCHEMA ret;
SET search_path = ret, public, partman_ext;  -- WHERE parent_table = 'x' resolves the name (regclass = text)
CREATE TABLE ev (id bigint NOT NULL, at timestamptz NOT NULL, note text) PARTITION BY RANGE (at);
SELECT create_distributed_table('ev', 'id');
-- ten existing days, 2026-06-05 .. 2026-06-14, 100 rows each
DO $$ BEGIN
    FOR d IN 5..14 LOOP
        EXECUTE format('CREATE TABLE ret.ev_d%s PARTITION OF ret.ev FOR VALUES FROM (%L) TO (%L)', d,
                       timestamptz '2026-06-01' + (d - 1) * interval '1 day', timestamptz '2026-06-01' + d * interval '1 day');
    END LOOP;
END $$;
INSERT INTO ev SELECT g, timestamptz '2026-06-05' + (g % 10) * interval '1 day' + interval '1 hour', 'x' FROM generate_series(1, 1000) g;
SELECT count(*) AS ev_rows FROM ev;
-- registration creates today and premake 2 (2026-06-15 .. 2026-06-18) and the default partition,
-- and removes nothing; explicit drop_old_partitions (below) acts at once
SELECT parent_table, adopted_partitions, created_partitions, default_partition
  FROM partman_ext.register_partition_set('ev', 'at', '1 day', premake => 2, retention => '3 days');
SELECT count(*) AS created, min(lower_bound::timestamptz), max(upper_bound::timestamptz)
  FROM partman_ext.list_partitions('ev') WHERE lower_bound::timestamptz >= '2026-06-15';
-- retention 3 days: everything that ended at or before 2026-06-12 12:00 (now - 3 days) goes
ANALYZE ev;
SELECT partition_name, action, est_rows, est_rows = rows_of(partition_name::regclass) AS est_rows_exact,
       bytes = citus_total_relation_size(partition_name::regclass) AS bytes_match
  FROM partman_ext.drop_old_partitions('ev', interval '3 days', dry_run => true) ORDER BY lower_bound::timestamptz;
SELECT count(*) AS ev_rows FROM ev;
SELECT partition_name, action FROM partman_ext.drop_old_partitions('ev', interval '3 days', dry_run => false) ORDER BY lower_bound::timestamptz;
-- 7 days dropped (700 rows), their tables and shards are gone
SELECT count(*) AS ev_rows FROM ev;
SELECT count(*) AS tables_left FROM pg_class WHERE relname ~ '^ev_d([5-9]|1[01])$';
SELECT count(*) AS shards_left FROM pg_dist_shard WHERE logicalrelid::text ~ '^ret\.ev_d([5-9]|1[01])$';
SELECT result::int AS shard_tables_on_worker
  FROM run_command_on_workers($$SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                  WHERE n.nspname = 'ret' AND c.relname ~ '^ev_d([5-9]|1[01])_[0-9]+$'$$);

-- Archive: the same with a second set.
CREATE SCHEMA ret_archive;
CREATE TABLE ar (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT create_distributed_table('ar', 'id');
CREATE TABLE ar_old PARTITION OF ar FOR VALUES FROM ('2026-05-01') TO ('2026-06-01');
CREATE TABLE ar_cur PARTITION OF ar FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');
INSERT INTO ar SELECT g, timestamptz '2026-05-01' + (g % 45) * interval '1 day' FROM generate_series(1, 900) g;
SELECT (SELECT count(*) FROM ar_old) AS in_old, (SELECT count(*) FROM ar_cur) AS in_cur;
-- registration creates 2026-07 (premake 1); the retention first acts at the next regular
-- maintenance run (no maintenance job is enabled in this suite: one hour from now, 13:00)
SELECT retention_mode, adopted_partitions, created_partitions, retention_not_before
  FROM partman_ext.register_partition_set('ar', 'at', '1 month', premake => 1,
       retention => '10 days', retention_mode => 'archive', archive_schema => 'ret_archive', default_partition => false);
-- maintenance before then: 'retention pending', nothing archived
SELECT partition_name, action FROM partman_ext.run_partition_maintenance('ar', false) ORDER BY partition_name;
SELECT count(*) AS ar_rows FROM ar;
-- at 13:00 maintenance archives 2026-05 (ended before 2026-06-05 13:00, now - 10 days)
SET partman_ext.mock_now = '2026-06-15 13:00:00+00';
SELECT partition_name, action FROM partman_ext.run_partition_maintenance('ar', true) ORDER BY partition_name;
SELECT partition_name, action FROM partman_ext.run_partition_maintenance('ar', false) ORDER BY partition_name;
RESET partman_ext.mock_now;
-- the archived table holds its rows, still distributed, no longer a partition
SELECT count(*) AS archived_rows FROM ret_archive.ar_old;
SELECT partmethod FROM pg_dist_partition WHERE logicalrelid = 'ret_archive.ar_old'::regclass;
SELECT count(*) AS still_attached FROM pg_inherits WHERE inhrelid = 'ret_archive.ar_old'::regclass;
SELECT count(*) AS ar_rows FROM ar;
