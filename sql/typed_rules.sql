-- Issue 14: typed results (partition_action.sqlstate) and one definition per rule (who may
-- maintain a set, is this a registered set).
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = warning;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';  -- the test clock: output never depends on today

-- 1. partition_action.sqlstate: NULL for a step that succeeded or is planned, the SQLSTATE of a
--    skipped or failed step (the same code message starts with).
CREATE TABLE tr_ik (id bigint NOT NULL) PARTITION BY RANGE (id);
SELECT parent_table FROM partman_ext.register_partition_set('tr_ik', 'id', '1000000000000', premake => 1);
INSERT INTO tr_ik VALUES (-9223372036854775808), (9223372036854775807), (42);
SELECT lower_bound, action, sqlstate, left(message, 5) = sqlstate AS message_starts_with_it
  FROM partman_ext.empty_default_partition('tr_ik') ORDER BY lower_bound::numeric;

CREATE TABLE tr_ev (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT parent_table FROM partman_ext.register_partition_set('tr_ev', 'ts', '1 month', premake => 1);
-- The whole row: planned steps have no SQLSTATE.
SELECT * FROM partman_ext.create_future_partitions('tr_ev', 3, dry_run => true) ORDER BY lower_bound::timestamptz;
-- A step that fails: an event trigger refuses every CREATE TABLE.
CREATE FUNCTION tr_refuse() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'no new tables today' USING ERRCODE = '2F004';
END $$;
CREATE EVENT TRIGGER tr_refuse ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION tr_refuse();
SELECT lower_bound, action, sqlstate, message FROM partman_ext.create_future_partitions('tr_ev', 3)
 ORDER BY lower_bound::timestamptz;
DROP EVENT TRIGGER tr_refuse;
DROP FUNCTION tr_refuse();
-- ... and what succeeds afterwards has none.
SELECT lower_bound, action, sqlstate FROM partman_ext.create_future_partitions('tr_ev', 3) ORDER BY lower_bound::timestamptz;
-- The log keeps the same SQLSTATEs.
SELECT operation, success, sqlstate, count(*) FROM partman_ext.maintenance_log
 WHERE parent_table = 'public.tr_ev' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- 2. Who may maintain a set: one rule (partman_ext._may_maintain, the C++ check). A NOINHERIT
--    member of partman_ext_admin has its privileges only after SET ROLE: the procedure and the
--    function agree (every set: left out; one set named: 42501).
CREATE ROLE regress_tr_owner;
CREATE ROLE regress_tr_noinherit NOINHERIT;
GRANT partman_ext_admin TO regress_tr_noinherit;
CREATE SCHEMA tr AUTHORIZATION regress_tr_owner;
GRANT USAGE ON SCHEMA tr TO PUBLIC;
SET ROLE regress_tr_owner;
CREATE TABLE tr.ev (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT parent_table FROM partman_ext.register_partition_set('tr.ev', 'ts', '1 month', premake => 1);
SELECT premake FROM partman_ext.update_partition_set('tr.ev', premake => 3);  -- two partitions to create
SELECT partman_ext._may_maintain('tr.ev') AS owner_may;
RESET ROLE;

SET ROLE regress_tr_noinherit;
SELECT partman_ext._may_maintain('tr.ev') AS noinherit_may;
SELECT count(*) AS rows_every_set FROM partman_ext.run_partition_maintenance(NULL, true) WHERE parent_table = 'tr.ev'::regclass;
SET client_min_messages = notice;
CALL partman_ext.run_partition_maintenance_proc();  -- no NOTICE about tr.ev: left out
SELECT * FROM partman_ext.run_partition_maintenance('tr.ev', true);
CALL partman_ext.run_partition_maintenance_proc('tr.ev');
SET client_min_messages = warning;
SET ROLE partman_ext_admin;  -- now it has the privileges
SELECT partman_ext._may_maintain('tr.ev') AS after_set_role_may;
SELECT count(*) AS rows_every_set FROM partman_ext.run_partition_maintenance(NULL, true) WHERE parent_table = 'tr.ev'::regclass;
SET client_min_messages = notice;
CALL partman_ext.run_partition_maintenance_proc('tr.ev');
SET client_min_messages = warning;
RESET ROLE;
SELECT count(*) AS partitions FROM pg_inherits WHERE inhparent = 'tr.ev'::regclass;
-- Gone: false for everyone.
SELECT partman_ext._may_maintain(0::oid::regclass) AS gone_may;

-- 3. Is this a registered set: one lookup (partman_ext._is_registered), used by the SQL functions.
SELECT partman_ext._is_registered('tr_ev') AS registered, partman_ext._is_registered('pg_class') AS pg_class_registered;
\set VERBOSITY terse
SELECT * FROM partman_ext.check_partition_health('pg_class');
SELECT * FROM partman_ext.partition_writes_per_hour('pg_class');
SELECT partman_ext.partition_report(parent => 'pg_class');
\set VERBOSITY default

-- 4. Where a partition stands: one rule (the engine's), shown by list_partitions and by the
--    monitoring views (_partition_overview, under partition_health and the health checks).
SELECT count(*) FROM partman_ext.create_partitions('tr_ev', '2025-10', '2025-12');
SELECT retention FROM partman_ext.update_partition_set('tr_ev', retention => '6 months');
SELECT l.partition_name, l.status, o.period, o.beyond_retention
  FROM partman_ext.list_partitions('tr_ev') l
  JOIN partman_ext._partition_overview('tr_ev') o ON o.partition_relid = l.partition_name::oid
 ORDER BY o.is_default, l.lower_bound::timestamptz;
-- Integer sets: now is the lower bound of the highest partition holding rows (catalog estimate).
CREATE TABLE tr_ids (id bigint NOT NULL) PARTITION BY RANGE (id);
SELECT parent_table FROM partman_ext.register_partition_set('tr_ids', 'id', '100', premake => 2, retention => '150');
SELECT count(*) FROM partman_ext.create_partitions('tr_ids', '0', '500');
INSERT INTO tr_ids SELECT g FROM generate_series(0, 399) g;
ANALYZE tr_ids;
SELECT partition_name, lower_bound, period, beyond_retention FROM partman_ext._partition_overview('tr_ids')
 ORDER BY is_default, lower_value;
-- Nothing said to hold rows: the lowest partition is the current one.
SELECT partition_relid::regclass, period, beyond_retention
  FROM partman_ext._partition_periods(ARRAY['tr_ids'::regclass::oid], NULL) ORDER BY partition_relid::regclass::text;

DROP TABLE tr_ik, tr_ev, tr_ids, tr.ev;
DROP SCHEMA tr;
DROP ROLE regress_tr_noinherit;
DROP ROLE regress_tr_owner;
