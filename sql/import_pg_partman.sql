-- import_pg_partman(): sets made by Debian's pg_partman 4.7.2 (postgresql-15-partman) become
-- partman_ext sets with the same interval, premake, retention and default partition.
-- pg_partman and partman_ext both read "now" as the transaction start (partman_ext.mock_now is not
-- set here), so the sets are made, maintained by pg_partman, imported and compared in ONE
-- transaction: the output holds counts and settings only, never a date.
SET client_min_messages = warning;
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION IF NOT EXISTS partman_ext;
RESET client_min_messages;
SELECT extversion FROM pg_extension WHERE extname = 'pg_partman';

-- Bad input.
SELECT * FROM partman_ext.import_pg_partman(NULL);
SELECT * FROM partman_ext.import_pg_partman('no_such_schema');

CREATE SCHEMA imp;
CREATE SCHEMA imp_archive;
BEGIN;
SET LOCAL client_min_messages = warning;
-- daily, retention 7 days, drop
CREATE TABLE imp.daily (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT partman.create_parent('imp.daily', 'ts', 'native', 'daily', p_premake => 4,
                             p_start_partition => (now() - interval '10 days')::text);
UPDATE partman.part_config SET retention = '7 days', retention_keep_table = false WHERE parent_table = 'imp.daily';
-- monthly, retention 3 months, detach (keep the table); a unique index on the template only
CREATE TABLE imp.monthly (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT partman.create_parent('imp.monthly', 'ts', 'native', 'monthly', p_premake => 3,
                             p_start_partition => (now() - interval '6 months')::text);
UPDATE partman.part_config SET retention = '3 months', retention_keep_table = true, retention_keep_index = false
 WHERE parent_table = 'imp.monthly';
CREATE UNIQUE INDEX ON partman.template_imp_monthly (id);
-- hourly, retention 5 hours, moved to an archive schema
CREATE TABLE imp.hourly (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT partman.create_parent('imp.hourly', 'ts', 'native', 'hourly', p_premake => 6,
                             p_start_partition => (now() - interval '10 hours')::text);
UPDATE partman.part_config SET retention = '5 hours', retention_schema = 'imp_archive' WHERE parent_table = 'imp.hourly';
-- weekly on a date column, its maintenance switched off
CREATE TABLE imp.weekly (id bigint, d date NOT NULL) PARTITION BY RANGE (d);
SELECT partman.create_parent('imp.weekly', 'd', 'native', 'weekly', p_premake => 2);
UPDATE partman.part_config SET automatic_maintenance = 'off', infinite_time_partitions = true WHERE parent_table = 'imp.weekly';
-- integer ids, width 100, retention 200, drop; rows up to 350
CREATE TABLE imp.ids (id bigint NOT NULL, payload text) PARTITION BY RANGE (id);
SELECT partman.create_parent('imp.ids', 'id', 'native', '100', p_premake => 3);
INSERT INTO imp.ids SELECT g, 'x' FROM generate_series(1, 350) g;
UPDATE partman.part_config SET retention = '200', retention_keep_table = false WHERE parent_table = 'imp.ids';
-- what partman_ext cannot take over: epoch seconds in a bigint, trigger-based inheritance
CREATE TABLE imp.epochs (id bigint, ts_epoch bigint NOT NULL) PARTITION BY RANGE (ts_epoch);
SELECT partman.create_parent('imp.epochs', 'ts_epoch', 'native', 'daily', p_epoch => 'seconds');
CREATE TABLE imp.legacy (id bigint NOT NULL);
SELECT partman.create_parent('imp.legacy', 'id', 'partman', '1000');
-- pg_partman's own maintenance: premake and retention as of now
SELECT partman.run_maintenance();
RESET client_min_messages;

-- A dry run registers nothing. (Registration's retention NOTICEs name the next maintenance run:
-- a time taken from the real clock here, where both tools share the transaction's now().)
SET client_min_messages = warning;
SELECT parent_table, strategy, partition_interval, premake, retention, retention_mode, archive_schema,
       default_partition, enabled, action
  FROM partman_ext.import_pg_partman('partman', dry_run => true);
SELECT count(*) AS sets_after_dry_run FROM partman_ext.part_config WHERE parent_table::text LIKE 'imp.%';

-- The import.
\x on
SELECT parent_table, control_column, strategy, partition_interval, premake, retention, retention_mode,
       archive_schema, default_partition, enabled, action, not_mapped, regexp_replace(message, '^[0-9]+ ', 'N ') AS message
  FROM partman_ext.import_pg_partman();
\x off
RESET client_min_messages;
SELECT parent_table, control_column, strategy, partition_interval, premake, retention, retention_mode,
       archive_schema, default_partition, enabled,
       CASE WHEN strategy = 'time' THEN time_zone = current_setting('TimeZone') END AS in_session_zone
  FROM partman_ext.part_config WHERE parent_table::text LIKE 'imp.%' ORDER BY parent_table::text;

-- Same partitions as pg_partman, and as of the same now partman_ext has nothing left to do.
SELECT c.parent_table::text AS parent,
       (SELECT count(*) FROM partman.show_partitions(c.parent_table::text)) AS pg_partman_partitions,
       (SELECT count(*) FROM partman_ext.list_partitions(c.parent_table) l WHERE NOT l.is_default) AS partman_ext_partitions,
       (SELECT count(*) FROM partman_ext.list_partitions(c.parent_table) l WHERE l.is_default) AS default_partitions
  FROM partman_ext.part_config c WHERE c.parent_table::text LIKE 'imp.%' ORDER BY 1;
SELECT parent_table, action, count(*) FROM partman_ext.run_partition_maintenance(NULL, true)
 WHERE parent_table::text LIKE 'imp.%' GROUP BY 1, 2 ORDER BY 1, 2;
COMMIT;

-- Importing again changes nothing.
SELECT parent_table, action FROM partman_ext.import_pg_partman('partman');

-- A parent dropped since pg_partman registered it (partman_ext forgets it with the table).
DELETE FROM partman.part_config WHERE parent_table IN ('imp.epochs', 'imp.legacy');
DROP TABLE imp.daily;
SELECT parent_table, action, message FROM partman_ext.import_pg_partman('partman') WHERE action <> 'already registered';

SET client_min_messages = warning;
DROP SCHEMA imp CASCADE;
DROP SCHEMA imp_archive CASCADE;
DROP EXTENSION pg_partman;
DROP SCHEMA partman CASCADE;
RESET client_min_messages;
SELECT count(*) AS sets_left FROM partman_ext.part_config WHERE parent_table::text LIKE 'imp.%';
