-- Premake relative to now, gap fill, far-future rows, moving rows out of the default partition,
-- retention (drop / detach / archive), integer sets, time zones, and new partitions that look
-- like their parent. The test clock (partman_ext.mock_now) says it is 2026-06-15 12:00 UTC.
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';  -- the test clock: output never depends on today
-- the hourly maintenance job runs on the test clock's hours (retention waits for its next run)
UPDATE partman_ext.job SET next_run = partman_ext.clock() WHERE kind = 'maintenance' AND builtin;

-- 1. Monthly set, nothing yet: registration creates the current month through current + 3.
CREATE TABLE m (id bigserial, ts timestamptz, payload text) PARTITION BY RANGE (ts);
SELECT strategy, default_partition, created_partitions FROM partman_ext.register_partition_set('m', 'ts', '1 month', premake => 3);
SELECT count(*) AS partitions,
       min(lower_bound::timestamptz) = date_trunc('month', partman_ext.clock(), 'UTC') AS starts_this_month,
       max(upper_bound::timestamptz) = date_trunc('month', partman_ext.clock(), 'UTC') + interval '4 months' AS ends_after_premake
  FROM partman_ext.list_partitions('m') WHERE NOT is_default;
-- idempotent
SELECT count(*) AS second_call_rows FROM partman_ext.create_future_partitions('m');
-- a far-future row lands in the default partition and never makes maintenance create more than premake
INSERT INTO m (ts, payload) VALUES (partman_ext.clock() + interval '50 years', 'stray');
SELECT count(*) AS maintenance_rows FROM partman_ext.run_partition_maintenance('m', false);
SELECT count(*) AS partitions FROM partman_ext.list_partitions('m') WHERE NOT is_default;

-- 2. Rows waiting in the default partition move into the partition created for their range.
INSERT INTO m (ts, payload) SELECT date_trunc('month', partman_ext.clock(), 'UTC') + interval '5 months' + g * interval '1 hour', 'later'
  FROM generate_series(1, 100) g;
SELECT count(*) AS total_before FROM m \gset
SELECT action, rows_moved FROM partman_ext.create_future_partitions('m', 6) ORDER BY lower_bound::timestamptz;
SELECT count(*) = :total_before AS nothing_lost, count(*) FILTER (WHERE tableoid = 'm_default'::regclass) AS left_in_default FROM m;

-- 3. empty_default_partition: dry run first, then the real thing; NULL keys stay and are reported.
INSERT INTO m (ts, payload) VALUES (partman_ext.clock() - interval '2 years', 'old'), (partman_ext.clock() - interval '2 years' + interval '1 day', 'old'), (NULL, 'no key');
SELECT count(*) AS total_before FROM m \gset
SELECT action, rows_moved, est_rows, message IS NOT NULL AS has_message FROM partman_ext.empty_default_partition('m', true) ORDER BY lower_bound::timestamptz NULLS LAST;
SELECT count(*) AS still_in_default FROM ONLY m_default;
SELECT action, rows_moved FROM partman_ext.empty_default_partition('m') ORDER BY lower_bound::timestamptz NULLS LAST;
SELECT count(*) = :total_before AS nothing_lost, count(*) FILTER (WHERE tableoid = 'm_default'::regclass) AS left_in_default FROM m;

-- 4. Retention, daily, mode drop: the dry run lists exactly what the real run removes.
CREATE TABLE d (ts timestamptz NOT NULL, v int) PARTITION BY RANGE (ts);
SELECT strategy, created_partitions AS created_today_and_tomorrow FROM partman_ext.register_partition_set('d', 'ts', '1 day', premake => 1, retention => '3 days', default_partition => false);
-- old partitions, as an application would have left them (created by hand, adopted by the catalog)
DO $$
DECLARE day date;
BEGIN
  FOR i IN 1..6 LOOP
    day := (partman_ext.clock() AT TIME ZONE 'UTC')::date - i;
    EXECUTE format('CREATE TABLE %I PARTITION OF d FOR VALUES FROM (%L) TO (%L)', 'd_old_' || i, day::text || ' 00:00+00', (day + 1)::text || ' 00:00+00');
    EXECUTE format('INSERT INTO d VALUES (%L, %s)', day::text || ' 12:00+00', i);
  END LOOP;
END $$;
SELECT count(*) AS nothing_more_to_create FROM partman_ext.create_future_partitions('d') WHERE action = 'created';
CREATE TEMP TABLE planned AS SELECT partition_name, action FROM partman_ext.drop_old_partitions('d', interval '3 days', dry_run => true);
SELECT partition_name, action FROM planned ORDER BY 1;
CREATE TEMP TABLE done AS SELECT partition_name, action FROM partman_ext.drop_old_partitions('d', interval '3 days', dry_run => false);
SELECT partition_name, action FROM done ORDER BY 1;
SELECT (SELECT array_agg(partition_name ORDER BY 1) FROM planned) = (SELECT array_agg(partition_name ORDER BY 1) FROM done) AS dry_run_matches;
SELECT count(*) FILTER (WHERE status = 'current') AS current_kept FROM partman_ext.list_partitions('d');
SELECT v FROM d ORDER BY v;

-- 5. Retention by detach and by archive keeps every row in some table. Registered with a
-- retention, the set keeps everything until the next regular maintenance run (13:00 by the test
-- clock: the hourly job, made due now by the registration); explicit calls act at once.
CREATE SCHEMA archive;
CREATE TABLE a (ts timestamptz NOT NULL, v int) PARTITION BY RANGE (ts);
CREATE TABLE a_old PARTITION OF a FOR VALUES FROM ('2001-01-01 00:00+00') TO ('2001-02-01 00:00+00');
INSERT INTO a VALUES ('2001-01-15 00:00+00', 1), ('2001-01-16 00:00+00', 2);
SELECT retention_mode FROM partman_ext.register_partition_set('a', 'ts', '1 month', retention => '12 months', retention_mode => 'archive', archive_schema => 'archive', default_partition => false);
SELECT partition_name, action, message FROM partman_ext.run_partition_maintenance('a', false) WHERE action <> 'created';
SELECT retention_not_before FROM partman_ext.part_config WHERE parent_table = 'a'::regclass;
SET partman_ext.mock_now = '2026-06-15 13:00:00+00';  -- the next regular run
SELECT partition_name, action, message FROM partman_ext.run_partition_maintenance('a', false) WHERE action <> 'created';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
SELECT count(*) AS archived_rows FROM archive.a_old;
SELECT count(*) AS still_attached FROM pg_inherits WHERE inhrelid = 'archive.a_old'::regclass;

-- 6. Integer set: premake ahead of max(control), retention by distance.
CREATE TABLE n (id int NOT NULL, v text) PARTITION BY RANGE (id);
SELECT strategy, created_partitions FROM partman_ext.register_partition_set('n', 'id', '100', premake => 2, retention => '300');
INSERT INTO n SELECT g, 'x' FROM generate_series(0, 99) g;
SELECT lower_bound, upper_bound, action FROM partman_ext.run_partition_maintenance('n', false) ORDER BY lower_bound::int NULLS LAST;
INSERT INTO n SELECT g, 'y' FROM generate_series(100, 549) g;
SELECT lower_bound, upper_bound, action, rows_moved FROM partman_ext.run_partition_maintenance('n', false) ORDER BY lower_bound::int;
SELECT count(*) AS rows_total FROM n;
SELECT lower_bound, upper_bound FROM partman_ext.list_partitions('n') WHERE NOT is_default ORDER BY lower_bound::int;
SELECT action FROM partman_ext.drop_old_partitions('n', 200, true) ORDER BY lower_bound::int;

-- 7. Time zones: monthly bounds fall on local midnights of the set's zone.
CREATE TABLE z (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT time_zone, created_partitions FROM partman_ext.register_partition_set('z', 'ts', '1 month', premake => 2, time_zone => 'America/New_York', default_partition => false);
SELECT count(*) AS partitions,
       bool_and(to_char(lower_bound::timestamptz AT TIME ZONE 'America/New_York', 'DD HH24:MI') = '01 00:00') AS local_midnights,
       min(lower_bound::timestamptz) = date_trunc('month', partman_ext.clock(), 'America/New_York') AS starts_this_local_month
  FROM partman_ext.list_partitions('z');
-- timestamp and date columns: bounds are local values
CREATE TABLE tl (ts timestamp NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE dd (day date NOT NULL) PARTITION BY RANGE (day);
SELECT strategy FROM partman_ext.register_partition_set('tl', 'ts', '7 days', premake => 1, default_partition => false);
SELECT strategy FROM partman_ext.register_partition_set('dd', 'day', '1 month', premake => 1, default_partition => false);
SELECT bool_and(extract(isodow FROM lower_bound::timestamp) = 1) AS weeks_start_monday, count(*) AS partitions FROM partman_ext.list_partitions('tl');
SELECT min(lower_bound::date) = date_trunc('month', (partman_ext.clock() AT TIME ZONE 'UTC'))::date AS starts_this_month, count(*) AS partitions FROM partman_ext.list_partitions('dd');
CREATE TABLE dd2 (day date NOT NULL) PARTITION BY RANGE (day);
SELECT * FROM partman_ext.register_partition_set('dd2', 'day', '6 hours');
\echo :LAST_ERROR_SQLSTATE

-- 8. Gap fill from the first existing partition to now; never a partition retention would drop.
CREATE TABLE g (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE g_first PARTITION OF g FOR VALUES FROM ('2020-01-01 00:00+00') TO ('2020-02-01 00:00+00');
CREATE TEMP TABLE g_registered AS SELECT * FROM partman_ext.register_partition_set('g', 'ts', '1 month', premake => 1, default_partition => false);
SELECT created_partitions = (SELECT count(*) FROM generate_series(timestamptz '2020-02-01 00:00+00', date_trunc('month', partman_ext.clock(), 'UTC') + interval '1 month', interval '1 month')) AS gaps_filled
  FROM g_registered;
CREATE TABLE r (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE r_first PARTITION OF r FOR VALUES FROM ('2020-01-01 00:00+00') TO ('2020-02-01 00:00+00');
SELECT strategy, created_partitions FROM partman_ext.register_partition_set('r', 'ts', '1 month', premake => 1, retention => '6 months', default_partition => false);
SELECT min(lower_bound::timestamptz) = date_trunc('month', partman_ext.clock() - interval '6 months', 'UTC') AS starts_at_retention
  FROM partman_ext.list_partitions('r') WHERE partition_name <> 'public.r_first'::regclass;

-- 9. New partitions look like their parent: owner, grants, storage parameters, indexes.
CREATE ROLE regress_pm_owner;
CREATE ROLE regress_pm_reader;
CREATE TABLE own (id int, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE INDEX ON own (id);
CREATE TABLE own_tmpl PARTITION OF own FOR VALUES FROM ('2020-01-01 00:00+00') TO ('2020-02-01 00:00+00') WITH (fillfactor = 70);
ALTER TABLE own OWNER TO regress_pm_owner;
GRANT CREATE ON SCHEMA public TO regress_pm_owner;
ALTER TABLE own_tmpl OWNER TO regress_pm_owner;
GRANT SELECT, INSERT ON own TO regress_pm_reader;
CREATE ROLE "regress_pm %s; odd";
GRANT SELECT ON own TO "regress_pm %s; odd";
SELECT strategy, created_partitions FROM partman_ext.register_partition_set('own', 'ts', '1 month', premake => 1, retention => '1 month', default_partition => false);
SELECT bool_and(pg_get_userbyid(c.relowner) = 'regress_pm_owner') AS owner_copied,
       bool_and(has_table_privilege('regress_pm_reader', c.oid, 'SELECT') AND has_table_privilege('regress_pm_reader', c.oid, 'INSERT')
                AND NOT has_table_privilege('regress_pm_reader', c.oid, 'DELETE')
                AND has_table_privilege('regress_pm %s; odd', c.oid, 'SELECT')) AS grants_copied,
       bool_and(c.reloptions = '{fillfactor=70}') AS storage_copied,
       bool_and(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid)) AS indexes_from_parent
  FROM partman_ext.list_partitions('own') l JOIN pg_class c ON c.oid = l.partition_name::regclass WHERE l.partition_name <> 'public.own_tmpl'::regclass;

-- 10. Privileges: another role may not register or maintain a table it does not own.
SET ROLE regress_pm_reader;
SELECT * FROM partman_ext.create_future_partitions('own');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.unregister_partition_set('own');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS visible_to_others FROM partman_ext.run_partition_maintenance(NULL, true);
-- the owner lacks CREATE on the parent's schema: registration is refused (42501)
RESET ROLE;
CREATE SCHEMA locked;
CREATE TABLE locked.t (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
ALTER TABLE locked.t OWNER TO regress_pm_reader;
GRANT USAGE ON SCHEMA locked TO regress_pm_reader;
SELECT strategy FROM partman_ext.register_partition_set('locked.t', 'ts', '1 month', premake => 1, default_partition => false);
\echo :LAST_ERROR_SQLSTATE
-- CREATE taken away after registration: each step fails, is reported with its SQLSTATE, nothing else breaks
GRANT CREATE ON SCHEMA locked TO regress_pm_reader;
SELECT strategy, created_partitions FROM partman_ext.register_partition_set('locked.t', 'ts', '1 month', premake => 1, default_partition => false);
REVOKE CREATE ON SCHEMA locked FROM regress_pm_reader;
SET ROLE regress_pm_reader;
SELECT action, message FROM partman_ext.create_future_partitions('locked.t', 3);
INSERT INTO partman_ext.part_config (parent_table, control_column, strategy) VALUES ('own', 'ts', 'time');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- 11. The maintenance log saw every action.
SELECT operation, success, sqlstate, count(*) > 0 AS logged
  FROM partman_ext.maintenance_log GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- 12. A BEFORE INSERT trigger that skips rows cannot make moving rows out of the default lose them:
-- the rows go straight into the new partition before it is attached (they are not new rows, the
-- parent's row triggers do not see them), and every one arrives (a move that lost rows would be
-- refused and rolled back, leaving them in the default partition).
CREATE TABLE tr (ts timestamptz NOT NULL, v int) PARTITION BY RANGE (ts);
SELECT strategy FROM partman_ext.register_partition_set('tr', 'ts', '1 month', premake => 1);
CREATE FUNCTION tr_skip() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('regress.skip_rows', true) = 'on' THEN RETURN NULL; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tr_skip BEFORE INSERT ON tr FOR EACH ROW EXECUTE FUNCTION tr_skip();
INSERT INTO tr SELECT partman_ext.clock() + interval '3 months', g FROM generate_series(1, 10) g;  -- beyond premake: in the default
SET regress.skip_rows = 'on';
SELECT action, rows_moved, message FROM partman_ext.create_future_partitions('tr', 3) ORDER BY lower_bound::timestamptz;
RESET regress.skip_rows;
SELECT count(*) AS rows_kept, count(*) FILTER (WHERE tableoid = 'tr_default'::regclass) AS still_in_default FROM tr;

-- 13. Integer sets: a sentinel value in an open-ended partition is not "now" for retention.
CREATE TABLE sent (id bigint NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE sent_0 PARTITION OF sent FOR VALUES FROM (0) TO (1000);
CREATE TABLE sent_1 PARTITION OF sent FOR VALUES FROM (1000) TO (2000);
CREATE TABLE sent_top PARTITION OF sent FOR VALUES FROM (2000) TO (MAXVALUE);
INSERT INTO sent VALUES (10), (1500), (9223372036854775807);
SELECT strategy FROM partman_ext.register_partition_set('sent', 'id', '1000', retention => '5000', default_partition => false);
SELECT count(*) AS would_drop FROM partman_ext.drop_old_partitions('sent', 5000, true);

-- 14. DST at local midnight (Havana, 2021-03-14 00:00 does not exist): adopted bounds stay on the
-- grid and the day after the gap is created, not skipped.
CREATE TABLE hav (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE hav_12 PARTITION OF hav FOR VALUES FROM ('2021-03-12 00:00 America/Havana') TO ('2021-03-13 00:00 America/Havana');
CREATE TABLE hav_13 PARTITION OF hav FOR VALUES FROM ('2021-03-13 00:00 America/Havana') TO ('2021-03-14 00:00 America/Havana');
CREATE TABLE hav_default PARTITION OF hav DEFAULT;
-- not maintained (enabled => false): registration creates nothing, so the day after the gap is
-- created by empty_default_partition below
SELECT time_zone, created_partitions FROM partman_ext.register_partition_set('hav', 'ts', '1 day', time_zone => 'America/Havana', premake => 1, enabled => false);
INSERT INTO hav VALUES ('2021-03-14 12:00 America/Havana');
SELECT lower_bound::timestamptz AT TIME ZONE 'America/Havana' AS local_lower, action, rows_moved FROM partman_ext.empty_default_partition('hav');
SELECT count(*) AS in_default FROM ONLY hav_default;
-- a time zone change that would misalign the existing partitions is refused
SELECT * FROM partman_ext.update_partition_set('hav', time_zone => 'Asia/Kolkata');
\echo :LAST_ERROR_SQLSTATE

-- 15. -infinity bounds behave like MINVALUE; one set's limits never stop the others.
CREATE TABLE inf (ts timestamp NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE inf_old PARTITION OF inf FOR VALUES FROM ('-infinity') TO ('2020-01-01');
SELECT strategy, created_partitions FROM partman_ext.register_partition_set('inf', 'ts', '1 month', premake => 1, default_partition => false);
SELECT count(*) AS nothing_left FROM partman_ext.run_partition_maintenance('inf', false) WHERE action = 'created';
SELECT * FROM partman_ext.update_partition_set('inf', premake => 100000);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM partman_ext.update_partition_set('inf', lock_timeout => '30 days');
\echo :LAST_ERROR_SQLSTATE

-- 16. The procedure form commits after each set.
CREATE TABLE pr (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT strategy FROM partman_ext.register_partition_set('pr', 'ts', '1 month', premake => 2, default_partition => false);
SELECT premake FROM partman_ext.update_partition_set('pr', premake => 4);
SET client_min_messages = notice;
CALL partman_ext.run_partition_maintenance_proc('pr');
CALL partman_ext.run_partition_maintenance_proc('pr');
SET client_min_messages = warning;
SELECT count(*) AS partitions FROM partman_ext.list_partitions('pr');

-- 17. Retention drops a set's expired partitions in one statement; when that fails for one of
-- them (a view depends on it), each is dropped on its own and only that one is reported failed.
CREATE TABLE rd (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE rd_a PARTITION OF rd FOR VALUES FROM ('2001-01-01 00:00+00') TO ('2001-02-01 00:00+00');
CREATE TABLE rd_b PARTITION OF rd FOR VALUES FROM ('2001-02-01 00:00+00') TO ('2001-03-01 00:00+00');
CREATE TABLE rd_c PARTITION OF rd FOR VALUES FROM ('2001-03-01 00:00+00') TO ('2001-04-01 00:00+00');
CREATE VIEW rd_b_view AS SELECT * FROM rd_b;
-- enabled => false: registration fills no gap from 2001 (drop_old_partitions works all the same)
SELECT strategy, created_partitions FROM partman_ext.register_partition_set('rd', 'ts', '1 month', default_partition => false, enabled => false);
SELECT partition_name, action, sqlstate_of_failure FROM (
  SELECT partition_name, action, CASE WHEN action = 'failed' THEN split_part(message, ':', 1) END AS sqlstate_of_failure, lower_bound
    FROM partman_ext.drop_old_partitions('rd', 12, false)) s ORDER BY lower_bound::timestamptz;
SELECT relname FROM pg_class WHERE relname LIKE 'rd\_%' AND relkind = 'r' ORDER BY 1;
-- without obstacles, the whole batch goes at once
DROP VIEW rd_b_view;
SELECT partition_name, action FROM partman_ext.drop_old_partitions('rd', 12, false);
