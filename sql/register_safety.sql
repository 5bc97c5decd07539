-- Safe by default (issue 8, items 3, 4 and 8): registration creates the set's partitions and
-- removes nothing; a retention first acts at the next regular maintenance run and the call that
-- scheduled it says what and when; new partitions look like their parent (sub-partitioning,
-- grants). The test clock says it is 2026-06-15 12:00 UTC; the built-in maintenance job runs
-- hourly from then (its next regular run after a registration is 13:00).
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = notice;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
UPDATE partman_ext.job SET next_run = partman_ext.clock() WHERE kind = 'maintenance' AND builtin;
CREATE SCHEMA safe;
SET search_path = safe, public;

-- 1. Two years of data (a row a day since 2024-06-01, monthly partitions made by the application)
-- registered with retention '12 months': nothing is removed, and the NOTICE says what will be,
-- how much, when, and how to cancel.
CREATE TABLE ev2y (id int, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT format('CREATE TABLE safe.%I PARTITION OF safe.ev2y FOR VALUES FROM (%L) TO (%L) WITH (autovacuum_enabled = off)',
              to_char(m, '"ev2y_"YYYY_MM'), m, m + interval '1 month')
  FROM generate_series(timestamptz '2024-06-01 00:00+00', '2026-05-01 00:00+00', interval '1 month') m \gexec
INSERT INTO ev2y SELECT g, timestamptz '2024-06-01 12:00+00' + g * interval '1 day' FROM generate_series(0, 729) g;
SELECT count(*) AS rows_before, count(DISTINCT tableoid) AS partitions_before FROM ev2y;
-- a dry run first: what registration and the first maintenance run would do; nothing changes
SELECT parent_table, created_partitions, rows_moved, retention_not_before, enabled
  FROM partman_ext.register_partition_set('ev2y', 'ts', '1 month', premake => 2, retention => '12 months', dry_run => true);
SELECT count(*) AS registered FROM partman_ext.part_config WHERE parent_table = 'ev2y'::regclass;
SELECT count(*) AS partitions FROM pg_inherits WHERE inhparent = 'ev2y'::regclass;
-- the registration itself
SELECT parent_table, adopted_partitions, default_partition, created_partitions, rows_moved, retention_not_before, enabled
  FROM partman_ext.register_partition_set('ev2y', 'ts', '1 month', premake => 2, retention => '12 months');
SELECT count(*) AS rows_after, count(DISTINCT tableoid) AS partitions_with_rows FROM ev2y;
-- when retention acts on each partition: the 12 oldest at the next regular run, the others as
-- they fall behind 12 months; never the current one
SELECT partition_name, status, retention_at FROM partman_ext.list_partitions('ev2y')
 WHERE lower_bound::timestamptz IN ('2024-06-01', '2025-05-01', '2025-06-01', '2026-06-01', '2026-07-01') OR is_default
 ORDER BY lower_bound::timestamptz NULLS LAST;
SELECT count(*) FILTER (WHERE retention_at = '2026-06-15 13:00+00') AS at_next_run,
       count(*) FILTER (WHERE retention_at > '2026-06-15 13:00+00') AS later,
       count(*) FILTER (WHERE retention_at IS NULL) AS never
  FROM partman_ext.list_partitions('ev2y');
-- maintenance before that run (the run the registration requested, or a manual call) says
-- 'retention pending' and removes nothing; its dry run says the same
SELECT action, count(*), min(lower_bound::timestamptz) AS first_lower, max(upper_bound::timestamptz) AS last_upper
  FROM partman_ext.run_partition_maintenance('ev2y', false) GROUP BY action;
SELECT DISTINCT action, message FROM partman_ext.run_partition_maintenance('ev2y', true);
SET partman_ext.mock_now = '2026-06-15 12:59:59+00';
SELECT action, count(*) FROM partman_ext.run_partition_maintenance(NULL, false) WHERE parent_table = 'safe.ev2y'::regclass GROUP BY action;
SELECT count(*) AS rows_still_there FROM ev2y;
-- nothing of it reached the maintenance log
SELECT count(*) AS logged_removals FROM partman_ext.maintenance_log
 WHERE parent_table = 'safe.ev2y' AND operation IN ('drop_partition', 'retention_pending');
-- explicit drop_old_partitions is the user asking: it acts at once (its dry run here)
SELECT action, count(*) FROM partman_ext.drop_old_partitions('ev2y', 12, true) GROUP BY action;

-- 2. Cancelling: retention => NULL removes the retention and its pending removal.
SELECT retention, retention_not_before FROM partman_ext.update_partition_set('ev2y', retention => NULL);
SET partman_ext.mock_now = '2026-06-15 13:00:00+00';
SELECT count(*) AS removed_at_13 FROM partman_ext.run_partition_maintenance('ev2y', false) WHERE action IN ('dropped', 'retention pending');
SELECT count(*) AS with_retention_at FROM partman_ext.list_partitions('ev2y') WHERE retention_at IS NOT NULL;
-- setting it again schedules it again, from the next regular run after now (14:00)
SELECT retention, retention_not_before FROM partman_ext.update_partition_set('ev2y', retention => '12 months');
-- other changes keep retention and its time (retention defaults to 'unchanged')
SELECT premake, retention, retention_not_before FROM partman_ext.update_partition_set('ev2y', premake => 3);
-- enabled => false also cancels: a disabled set is not maintained and shows no retention time
SELECT enabled FROM partman_ext.update_partition_set('ev2y', enabled => false);
SELECT count(*) AS with_retention_at FROM partman_ext.list_partitions('ev2y') WHERE retention_at IS NOT NULL;
SELECT action, message FROM partman_ext.run_partition_maintenance('ev2y', false);
-- enabling it again waits for the next regular run once more (15:00 seen from 14:30)
SET partman_ext.mock_now = '2026-06-15 14:30:00+00';
SELECT enabled, retention_not_before FROM partman_ext.update_partition_set('ev2y', enabled => true);
SET partman_ext.mock_now = '2026-06-15 15:00:00+00';
SELECT action, count(*) FROM partman_ext.run_partition_maintenance('ev2y', false) GROUP BY action ORDER BY action;
SELECT count(*) AS rows_kept, min(ts) AS oldest FROM ev2y;
-- a new retention_mode is a change too: it waits (16:00) and says so
SELECT retention_mode, retention_not_before FROM partman_ext.update_partition_set('ev2y', retention => '6 months', retention_mode => 'detach');
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';

-- 3. No maintenance job covers the set: retention waits one hour, and the NOTICE says why.
SELECT enabled FROM partman_ext.pause_job(1);
CREATE TABLE nojob (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE nojob_old PARTITION OF nojob FOR VALUES FROM ('2020-01-01+00') TO ('2020-02-01+00');
SELECT created_partitions, retention_not_before
  FROM partman_ext.register_partition_set('nojob', 'ts', '1 month', premake => 1, retention => '3 months', default_partition => false);
SELECT enabled FROM partman_ext.resume_job(1);
UPDATE partman_ext.job SET next_run = partman_ext.clock() WHERE kind = 'maintenance' AND builtin;

-- 4. enabled => false registers without creating anything; the default partition too waits.
CREATE TABLE later (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT created_partitions, default_partition, retention_not_before, enabled
  FROM partman_ext.register_partition_set('later', 'ts', '1 day', retention => '7 days', enabled => false);
SELECT count(*) AS partitions FROM pg_inherits WHERE inhparent = 'later'::regclass;

-- 5. Rows waiting in the default partition move into the partitions registration creates.
CREATE TABLE mv (id int, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE mv_default PARTITION OF mv DEFAULT;
INSERT INTO mv SELECT g, partman_ext.clock() + (g - 50) * interval '1 day' FROM generate_series(1, 100) g;
SELECT created_partitions, rows_moved FROM partman_ext.register_partition_set('mv', 'ts', '1 month', premake => 1);
SELECT count(*) AS rows_total, count(*) FILTER (WHERE tableoid = 'mv_default'::regclass) AS left_in_default,
       min(ts) FILTER (WHERE tableoid = 'mv_default'::regclass) < date_trunc('month', partman_ext.clock(), 'UTC') AS only_older_rows_left
  FROM mv;

-- 6. Sub-partitioned sets grow like their newest partition: range -> hash, rows routable.
CREATE TABLE rh (id int NOT NULL, ts timestamptz NOT NULL, v text) PARTITION BY RANGE (ts);
CREATE TABLE rh_p2026_05 PARTITION OF rh FOR VALUES FROM ('2026-05-01+00') TO ('2026-06-01+00') PARTITION BY HASH (id);
CREATE TABLE rh_p2026_05_h0 PARTITION OF rh_p2026_05 FOR VALUES WITH (MODULUS 3, REMAINDER 0) WITH (fillfactor = 90);
CREATE TABLE rh_p2026_05_h1 PARTITION OF rh_p2026_05 FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE rh_p2026_05_h2 PARTITION OF rh_p2026_05 FOR VALUES WITH (MODULUS 3, REMAINDER 2);
SELECT created_partitions FROM partman_ext.register_partition_set('rh', 'ts', '1 month', premake => 2, default_partition => false);
SELECT c.oid::regclass AS relation, t.parentrelid, t.isleaf, pg_get_partkeydef(c.oid) AS partition_by,
       pg_get_expr(c.relpartbound, c.oid) AS bound, c.reloptions
  FROM pg_partition_tree('rh') t JOIN pg_class c ON c.oid = t.relid WHERE t.level > 0
 ORDER BY t.level, c.relname;
INSERT INTO rh SELECT g, timestamptz '2026-06-01 00:00+00' + g * interval '1 hour', 'x' FROM generate_series(0, 2000) g;
SELECT count(*) AS rows_routed, count(DISTINCT tableoid) AS leaves_used,
       bool_and(tableoid::regclass::text ~ '^rh_p2026_0[678]_h[012]$') AS all_in_hash_leaves
  FROM rh;
-- sub-partitions on the control column cannot be copied: that step fails with 0A000, said plainly
CREATE TABLE rr (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE rr_p2026_06 PARTITION OF rr FOR VALUES FROM ('2026-06-01+00') TO ('2026-07-01+00') PARTITION BY RANGE (ts);
CREATE TABLE rr_p2026_06_a PARTITION OF rr_p2026_06 FOR VALUES FROM ('2026-06-01+00') TO ('2026-06-16+00');
CREATE TABLE rr_p2026_06_b PARTITION OF rr_p2026_06 FOR VALUES FROM ('2026-06-16+00') TO ('2026-07-01+00');
SELECT created_partitions FROM partman_ext.register_partition_set('rr', 'ts', '1 month', premake => 1, default_partition => false);
SELECT action, message FROM partman_ext.create_future_partitions('rr', 1);

-- 7. Grants added to the parent after partitions exist reach them at the next maintenance run;
-- reapply_privileges does it on demand (and with revoke_extra, takes back what the parent lacks).
CREATE ROLE regress_safe_reader;
CREATE ROLE regress_safe_writer;
GRANT SELECT ON rh TO regress_safe_reader;
SELECT action, count(*) FROM partman_ext.run_partition_maintenance('rh', false) GROUP BY action;
SELECT count(*) AS relations, bool_and(has_table_privilege('regress_safe_reader', relid, 'SELECT')) AS reader_everywhere
  FROM pg_partition_tree('rh') WHERE level > 0;
GRANT INSERT ON rh TO regress_safe_writer WITH GRANT OPTION;
SELECT partition_name, action, privileges, grantee, message FROM partman_ext.reapply_privileges('rh', dry_run => true)
 WHERE partition_name::text LIKE '%p2026_06%' ORDER BY partition_name::text;
SELECT action, privileges, grantee, count(*) FROM partman_ext.reapply_privileges('rh') GROUP BY 1, 2, 3;
SELECT count(*) AS nothing_left FROM partman_ext.reapply_privileges('rh');
-- revokes do not propagate by themselves; revoke_extra => true takes them back on demand
REVOKE SELECT ON rh FROM regress_safe_reader;
SELECT count(*) AS maintenance_revokes_nothing FROM partman_ext.run_partition_maintenance('rh', false) WHERE action LIKE '%revoke%';
GRANT UPDATE ON rh_p2026_06_h1 TO regress_safe_reader;
SELECT action, privileges, grantee, count(*) FROM partman_ext.reapply_privileges('rh', revoke_extra => true, dry_run => true) GROUP BY 1, 2, 3 ORDER BY 1, 2;
SELECT action, count(*) FROM partman_ext.reapply_privileges('rh', revoke_extra => true) GROUP BY 1;
SELECT count(*) AS reader_left FROM pg_partition_tree('rh') t
 WHERE has_table_privilege('regress_safe_reader', t.relid, 'SELECT') OR has_table_privilege('regress_safe_reader', t.relid, 'UPDATE');
-- not the owner: refused
GRANT USAGE ON SCHEMA safe TO regress_safe_reader;
SET ROLE regress_safe_reader;
SELECT * FROM partman_ext.reapply_privileges('rh');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT * FROM partman_ext.reapply_privileges(NULL);
\echo :LAST_ERROR_SQLSTATE

-- 8. An owner who cannot create tables in the parent's schema is refused at registration.
CREATE SCHEMA safe_ro;
GRANT USAGE ON SCHEMA safe_ro TO regress_safe_writer;
CREATE TABLE safe_ro.t (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
ALTER TABLE safe_ro.t OWNER TO regress_safe_writer;
SELECT * FROM partman_ext.register_partition_set('safe_ro.t', 'ts', '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS registered FROM partman_ext.part_config WHERE parent_table = 'safe_ro.t'::regclass;

-- clean up (roles are cluster-wide)
RESET search_path;
DROP SCHEMA safe, safe_ro CASCADE;
DROP ROLE regress_safe_reader, regress_safe_writer;
