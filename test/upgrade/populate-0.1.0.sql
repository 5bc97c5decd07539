-- What a 0.1.0 user has before upgrading (test/shell/upgrade.sh): a time set with data, retention
-- and a default partition holding a row, an integer set, a bucket set, a job of the user's own,
-- maintenance log rows, job runs and an alert — the rows written as 0.1.0 writes them. Run against
-- CREATE EXTENSION partman_ext VERSION '0.1.0' with the current library, which serves the current
-- schema only (users run ALTER EXTENSION .. UPDATE after installing it), so the state is made with
-- plain SQL and no partman_ext function is called.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE SCHEMA app;
CREATE TABLE app.events (id bigint, ts timestamptz NOT NULL, note text) PARTITION BY RANGE (ts);
CREATE TABLE app.events_p2026_05 PARTITION OF app.events FOR VALUES FROM ('2026-05-01 00:00 Europe/Berlin') TO ('2026-06-01 00:00 Europe/Berlin');
CREATE TABLE app.events_p2026_06 PARTITION OF app.events FOR VALUES FROM ('2026-06-01 00:00 Europe/Berlin') TO ('2026-07-01 00:00 Europe/Berlin');
CREATE TABLE app.events_default PARTITION OF app.events DEFAULT;
INSERT INTO app.events SELECT g, '2026-05-01 00:00+00'::timestamptz + g * interval '1 hour', 'may' FROM generate_series(1, 200) g;
INSERT INTO app.events VALUES (999, '2027-03-10 00:00+00', 'far ahead: default partition');
INSERT INTO partman_ext.part_config (parent_table, control_column, strategy, partition_interval, anchor, premake,
                                     retention, retention_mode, default_partition, time_zone, lock_timeout)
VALUES ('app.events', 'ts', 'time', '1 month', '2026-05-01 00:00:00', 3, '24 months', 'detach', true, 'Europe/Berlin', '1s');
CREATE TABLE app.ids (id int NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE app.ids_p0 PARTITION OF app.ids FOR VALUES FROM (0) TO (1000);
INSERT INTO app.ids SELECT generate_series(0, 999);
INSERT INTO partman_ext.part_config (parent_table, control_column, strategy, partition_interval, anchor, premake, default_partition)
VALUES ('app.ids', 'id', 'integer', '1000', '0', 2, false);
CREATE TABLE app.chunks (collection_id uuid, n int) PARTITION BY HASH (collection_id);
SELECT format('CREATE TABLE app.chunks_part_%s PARTITION OF app.chunks FOR VALUES WITH (MODULUS 8, REMAINDER %s)', g, g)
  FROM generate_series(0, 7) g \gexec
INSERT INTO app.chunks SELECT md5(g::text)::uuid, g FROM generate_series(1, 400) g;
INSERT INTO partman_ext.part_config (parent_table, control_column, strategy, buckets) VALUES ('app.chunks', 'collection_id', 'bucket', 8);
INSERT INTO partman_ext.job (kind, parent_table, schedule_interval, max_retries) VALUES ('analyze', 'app.events', '1 day', 2);
INSERT INTO partman_ext.maintenance_log (operation, parent_table, partition_name, success, message, rows_moved, duration_ms)
VALUES ('create_partition', 'app.events', 'app.events_p2026_06', true, 'created', 0, 1.5),
       ('create_partition', 'app.ids', 'app.ids_p0', true, 'created', 0, 1.2);
INSERT INTO partman_ext.job_run (job_id, kind, parent_table, started_at, finished_at, status, sqlstate, message)
VALUES (1, 'maintenance', NULL, '2026-06-15 11:00+00', '2026-06-15 11:00:01+00', 'succeeded', NULL, '2 sets');
INSERT INTO partman_ext.alert_state (severity, code, parent_table, message)
VALUES ('warning', 'ROWS_IN_DEFAULT', 'app.events', '1 row in the default partition');
