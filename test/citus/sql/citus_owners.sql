-- Sets owned by ordinary roles. partman_ext does a set's work as its owner, never as a superuser
-- on the owner's behalf; on Citus that work reaches the worker over connections Citus opens as
-- the owner, so the owner must be allowed to log in on every node (Citus' rule for any distributed
-- command run as a role). The figures of every set are readable by any role, as for local sets.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE ROLE citus_app LOGIN;
CREATE ROLE citus_nologin NOLOGIN;
CREATE ROLE citus_reader LOGIN;
CREATE SCHEMA own AUTHORIZATION citus_app;
GRANT USAGE, CREATE ON SCHEMA own TO citus_nologin;
SET ROLE citus_app;
CREATE TABLE own.ev (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT create_distributed_table('own.ev', 'id');
SELECT parent_table, default_partition, created_partitions FROM partman_ext.register_partition_set('own.ev', 'at', '1 month', premake => 2);
INSERT INTO own.ev SELECT g, timestamptz '2026-10-01' + g * interval '1 hour' FROM generate_series(1, 300) g;
SELECT partition_name, action, rows_moved FROM partman_ext.create_future_partitions('own.ev', 4) ORDER BY lower_bound::timestamptz;
SELECT (SELECT count(*) FROM ONLY own.ev_default) AS in_default, (SELECT count(*) FROM own.ev) AS ev_rows;
ANALYZE own.ev;
SELECT count(*) AS ev_rows, citus_total_relation_size('own.ev_p2026_10') AS oct_bytes FROM own.ev \gset
SELECT partition_name, est_rows FROM partman_ext.list_partitions('own.ev') WHERE est_rows > 0;
RESET ROLE;
-- another role, without any privilege on the table or its schema, reads the same figures
SET ROLE citus_reader;
SELECT has_schema_privilege('own', 'USAGE') AS reader_uses_schema,
       (SELECT total_rows FROM partman_ext.partition_health_summary WHERE parent_table::text = 'own.ev') = :ev_rows AS rows_equal,
       (SELECT total_bytes FROM partman_ext.partition_stats WHERE partition_name::text = 'own.ev_p2026_10') = :oct_bytes AS bytes_equal;
RESET ROLE;

-- An owner that may not log in: Citus cannot run its partition DDL on the worker. Registration
-- says so (a WARNING, whose DETAIL names the worker's port: terse here) and in the maintenance log
-- (SQLSTATE 08006), and creates nothing.
CREATE TABLE own.nl (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT create_distributed_table('own.nl', 'id');
ALTER TABLE own.nl OWNER TO citus_nologin;
\set VERBOSITY terse
SELECT parent_table, default_partition, created_partitions FROM partman_ext.register_partition_set('own.nl', 'at', '1 month', premake => 1);
\set VERBOSITY default
SELECT operation, partition_name, success, sqlstate FROM partman_ext.maintenance_log WHERE parent_table = 'own.nl' ORDER BY log_id;
SELECT count(*) AS partitions FROM pg_inherits WHERE inhparent = 'own.nl'::regclass;
-- once it may, maintenance catches up
ALTER ROLE citus_nologin LOGIN;
SELECT partition_name, action FROM partman_ext.run_partition_maintenance('own.nl', false) ORDER BY partition_name;
