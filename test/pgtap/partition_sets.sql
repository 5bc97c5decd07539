-- pgTAP: catalog-level guarantees of partition sets (dump/restore marking, privileges on
-- configuration, documentation of every object, retention that cannot escalate privileges).
BEGIN;
CREATE EXTENSION IF NOT EXISTS partman_ext;
SELECT plan(14);

-- Configuration survives pg_dump: part_config is an extension configuration table.
SELECT ok(EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'partman_ext'
                  AND 'partman_ext.part_config'::regclass = ANY (extconfig)),
          'part_config is marked with pg_extension_config_dump');

-- Configuration is not writable by PUBLIC.
CREATE ROLE tap_user;
SELECT ok(NOT has_table_privilege('tap_user', 'partman_ext.part_config', 'INSERT,UPDATE,DELETE,TRUNCATE'),
          'PUBLIC cannot write part_config');
SELECT ok(NOT has_table_privilege('tap_user', 'partman_ext.maintenance_log', 'INSERT,UPDATE,DELETE,TRUNCATE'),
          'PUBLIC cannot write maintenance_log');
SELECT ok(has_table_privilege('tap_user', 'partman_ext.part_config', 'SELECT'), 'everybody can read part_config');

-- Every function, table, view and type of the extension is documented.
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'partman_ext'::regnamespace
           AND obj_description(oid, 'pg_proc') IS NULL), 0, 'every function has a COMMENT');
SELECT is((SELECT count(*)::int FROM pg_class WHERE relnamespace = 'partman_ext'::regnamespace
           AND relkind IN ('r', 'v', 'm') AND obj_description(oid, 'pg_class') IS NULL), 0,
          'every table and view has a COMMENT');

-- A user who owns a set but may not write to an archive schema cannot make maintenance do it.
CREATE SCHEMA tap_archive;  -- owned by the superuser; tap_user has no CREATE on it
CREATE SCHEMA tap_data AUTHORIZATION tap_user;
SET ROLE tap_user;
CREATE TABLE tap_data.ev (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE tap_data.ev_old PARTITION OF tap_data.ev FOR VALUES FROM ('2001-01-01 00:00+00') TO ('2001-02-01 00:00+00');
INSERT INTO tap_data.ev VALUES ('2001-01-10 00:00+00');
SELECT lives_ok($$SELECT * FROM partman_ext.register_partition_set('tap_data.ev', 'ts', '1 month',
      retention => '1 month', retention_mode => 'archive', archive_schema => 'tap_archive', default_partition => false)$$,
    'the owner may register its own table');
SELECT results_eq($$SELECT action, split_part(message, ':', 1) FROM partman_ext.drop_old_partitions('tap_data.ev', 1, false)$$,
    $$VALUES ('failed'::text, '42501'::text)$$,
    'archiving into a schema the owner cannot write to fails with 42501 and is reported, not raised');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM pg_inherits WHERE inhrelid = 'tap_data.ev_old'::regclass), 1,
          'the partition stays attached after the failed archive');
SELECT is((SELECT count(*)::int FROM tap_data.ev), 1, 'its row is still there');
SELECT is((SELECT count(*)::int FROM partman_ext.maintenance_log WHERE parent_table = 'tap_data.ev' AND NOT success AND sqlstate = '42501'), 1,
          'the failure is in the maintenance log with its SQLSTATE');

-- Maintenance runs DDL as the parent's owner, not as the (superuser) caller.
SELECT lives_ok($$SELECT * FROM partman_ext.create_future_partitions('tap_data.ev', 1)$$, 'a superuser may maintain any set');
SELECT is((SELECT count(*)::int FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'tap_data.ev'::regclass AND pg_get_userbyid(c.relowner) <> 'tap_user'), 0,
          'partitions created by a superuser call belong to the parent''s owner');

-- partman_ext_admin members may maintain sets they do not own.
CREATE ROLE tap_admin IN ROLE partman_ext_admin;
GRANT USAGE ON SCHEMA tap_data TO tap_admin;
SET ROLE tap_admin;
SELECT lives_ok($$SELECT * FROM partman_ext.run_partition_maintenance('tap_data.ev', true)$$, 'an admin may maintain any set');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
