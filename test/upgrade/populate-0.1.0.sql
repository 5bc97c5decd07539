-- What a 0.1.0 user has before upgrading (test/shell/upgrade.sh): a time set with data, retention
-- and a default partition holding a row, an integer set, a bucket set, a job of the user's own,
-- maintenance log rows, job runs and an alert. Run against CREATE EXTENSION partman_ext VERSION '0.1.0'.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
CREATE SCHEMA app;
CREATE TABLE app.events (id bigint, ts timestamptz NOT NULL, note text) PARTITION BY RANGE (ts);
CREATE TABLE app.events_p2026_05 PARTITION OF app.events FOR VALUES FROM ('2026-05-01 00:00 Europe/Berlin') TO ('2026-06-01 00:00 Europe/Berlin');
INSERT INTO app.events SELECT g, '2026-05-01 00:00+00'::timestamptz + g * interval '1 hour', 'may' FROM generate_series(1, 200) g;
SELECT count(*) FROM partman_ext.register_partition_set('app.events', 'ts', '1 month', premake => 3,
       retention => '24 months', retention_mode => 'detach', time_zone => 'Europe/Berlin', lock_timeout => '1s');
SELECT count(*) FROM partman_ext.run_partition_maintenance('app.events', false);
INSERT INTO app.events VALUES (999, '2027-03-10 00:00+00', 'far ahead: default partition');
CREATE TABLE app.ids (id int NOT NULL) PARTITION BY RANGE (id);
SELECT count(*) FROM partman_ext.register_partition_set('app.ids', 'id', '1000', premake => 2, default_partition => false);
SELECT count(*) FROM partman_ext.run_partition_maintenance('app.ids', false);
INSERT INTO app.ids SELECT generate_series(0, 999);
CREATE TABLE app.chunks (collection_id uuid, n int) PARTITION BY HASH (collection_id);
SELECT count(*) FROM partman_ext.create_bucket_partitions('app.chunks', 8);
INSERT INTO app.chunks SELECT md5(g::text)::uuid, g FROM generate_series(1, 400) g;
SELECT count(*) FROM partman_ext.add_job('analyze', 'app.events', schedule_interval => '1 day', max_retries => 2);
INSERT INTO partman_ext.job_run (job_id, kind, parent_table, started_at, finished_at, status, sqlstate, message)
VALUES (1, 'maintenance', NULL, '2026-06-15 11:00+00', '2026-06-15 11:00:01+00', 'succeeded', NULL, '2 sets');
INSERT INTO partman_ext.alert_state (severity, code, parent_table, message)
VALUES ('warning', 'ROWS_IN_DEFAULT', 'app.events', '1 row in the default partition');
