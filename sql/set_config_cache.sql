-- The typed configuration of a set (issue 14 item 2): each part_config row is parsed (enums,
-- interval, anchor) once per transaction and row version, so a set changed in the same
-- transaction is read again: by update_partition_set, by a plain UPDATE of part_config, and back
-- to its old values after ROLLBACK TO SAVEPOINT. (Another session's change: specs/set_config_sessions.spec.)
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET TimeZone = 'UTC';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';  -- the test clock: output never depends on today

CREATE TABLE cfg_cache (id int, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
BEGIN;
SELECT created_partitions FROM partman_ext.register_partition_set('cfg_cache', 'ts', '1 month', premake => 1, default_partition => false);
-- nothing to do: the current month and the next exist
SELECT count(*) AS planned FROM partman_ext.run_partition_maintenance('cfg_cache', dry_run => true);
-- premake 3 in the same transaction: two more months planned
SELECT premake FROM partman_ext.update_partition_set('cfg_cache', premake => 3);
SELECT action, lower_bound, upper_bound FROM partman_ext.run_partition_maintenance('cfg_cache', dry_run => true)
 ORDER BY lower_bound::timestamptz;
-- a plain UPDATE of the row is a new row version too
UPDATE partman_ext.part_config SET premake = 2 WHERE parent_table = 'cfg_cache'::regclass;
SELECT action, lower_bound, upper_bound FROM partman_ext.run_partition_maintenance('cfg_cache', dry_run => true)
 ORDER BY lower_bound::timestamptz;
-- a new interval (future partitions only): the grid continues in weeks from the last bound
SAVEPOINT s;
SELECT premake, partition_interval, anchor FROM partman_ext.update_partition_set('cfg_cache', premake => 8, partition_interval => '7 days');
SELECT action, lower_bound, upper_bound FROM partman_ext.run_partition_maintenance('cfg_cache', dry_run => true)
 ORDER BY lower_bound::timestamptz LIMIT 3;
-- rolled back: months again, premake 2
ROLLBACK TO SAVEPOINT s;
SELECT action, lower_bound, upper_bound FROM partman_ext.run_partition_maintenance('cfg_cache', dry_run => true)
 ORDER BY lower_bound::timestamptz;
-- the plan is carried out with the configuration as it is now
SELECT action, lower_bound, upper_bound FROM partman_ext.run_partition_maintenance('cfg_cache')
 ORDER BY lower_bound::timestamptz;
COMMIT;
SELECT count(*) AS partitions FROM partman_ext.list_partitions('cfg_cache');

-- A date column takes whole days or months only: the interval parsed when the row is read is
-- checked against the key type when the set is maintained.
CREATE TABLE cfg_cache_d (id int, d date NOT NULL) PARTITION BY RANGE (d);
SELECT created_partitions FROM partman_ext.register_partition_set('cfg_cache_d', 'd', '1 day', premake => 1, default_partition => false);
UPDATE partman_ext.part_config SET partition_interval = '6 hours' WHERE parent_table = 'cfg_cache_d'::regclass;
SELECT action, sqlstate, message FROM partman_ext.run_partition_maintenance('cfg_cache_d', dry_run => true);
-- an anchor that does not parse: reported when the set is maintained, as before
UPDATE partman_ext.part_config SET partition_interval = '1 day', anchor = 'soon' WHERE parent_table = 'cfg_cache_d'::regclass;
SELECT action, sqlstate, message FROM partman_ext.run_partition_maintenance('cfg_cache_d', dry_run => true);
SELECT partman_ext._is_registered('cfg_cache_d') AS still_registered;

SELECT count(*) FROM partman_ext.unregister_partition_set('cfg_cache');
SELECT count(*) FROM partman_ext.unregister_partition_set('cfg_cache_d');
DROP TABLE cfg_cache, cfg_cache_d;

-- REPEATABLE READ: a set registered after the transaction's snapshot was taken is read back
-- (the configuration is read with the current command id, as a statement that may write is).
CREATE TABLE cfg_cache_rr (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) >= 0 AS snapshot_taken FROM partman_ext.part_config;
SELECT created_partitions FROM partman_ext.register_partition_set('cfg_cache_rr', 'ts', '1 month', premake => 2, default_partition => false);
SELECT count(*) AS nothing_left_to_do FROM partman_ext.run_partition_maintenance('cfg_cache_rr', dry_run => true);
SELECT premake FROM partman_ext.update_partition_set('cfg_cache_rr', premake => 3);
SELECT action, count(*) FROM partman_ext.run_partition_maintenance('cfg_cache_rr', dry_run => true) GROUP BY action;
ROLLBACK;
SELECT partman_ext._is_registered('cfg_cache_rr') AS registered_after_rollback;
DROP TABLE cfg_cache_rr;
