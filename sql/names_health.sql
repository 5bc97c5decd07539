-- Issue 11, items 3-6: names are regclass (and join), a set's naming pattern (inferred from adopted
-- partitions, continued by maintenance), every threshold through update_partition_set, one health
-- model behind the summary, the report, check_partition_health and partition_health.
-- The test clock says it is 2026-06-15 12:00 UTC.
SELECT current_database() AS regress_db \gset
CREATE DATABASE partman_names;
ALTER DATABASE partman_names SET partman_ext.pause_scheduler = on;  -- no scheduler in tests
\c partman_names
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
CREATE EXTENSION partman_ext;
CREATE SCHEMA nh;

-- 1. Names ---------------------------------------------------------------------------------------
-- An adopted monthly set in public, named events_YYYY_MM (seed 004), with a default partition.
CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
CREATE TABLE events_2026_04 PARTITION OF events FOR VALUES FROM ('2026-04-01') TO ('2026-05-01');
CREATE TABLE events_2026_05 PARTITION OF events FOR VALUES FROM ('2026-05-01') TO ('2026-06-01');
CREATE TABLE events_2026_06 PARTITION OF events FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
-- Registration finds the style every adopted partition follows and creates the premake partitions in it.
SELECT parent_table, adopted_partitions, default_partition, created_partitions, naming
  FROM partman_ext.register_partition_set('events', 'created_at', '1 month', premake => 3);
SELECT partition_name, status FROM partman_ext.list_partitions('events') ORDER BY lower_bound::timestamptz NULLS LAST;

-- Every name column of the views and functions is regclass; the histories keep text names (a
-- dropped table's name stays readable) and add parent_relid; partition_action.partition_name and
-- import_pg_partman's parent_table name tables that may not exist (dry run, dropped, pg_partman's
-- configuration), as do default_relocation_plan's and _relocate_step's partition_name (partitions
-- relocation is about to create); the internal state tables (data_movement,
-- partition_activity_samples) key sets by OID, and the views over them show regclass.
SELECT c.relname, a.attname, a.atttypid::regtype
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'partman_ext'::regnamespace AND c.relkind IN ('v', 'r', 'c') AND a.attnum > 0
   AND (a.attname IN ('parent_table', 'partition_name', 'oldest_partition', 'newest_partition', 'default_partition')
        OR a.attname LIKE '%relid')
   AND a.atttypid <> 'regclass'::regtype
 ORDER BY 1, 2;
SELECT p.proname, string_agg(o.name || ' ' || o.type::regtype::text, ', ') AS text_name_columns
  FROM pg_proc p, unnest(p.proargnames, p.proallargtypes::oid[], p.proargmodes) WITH ORDINALITY o(name, type, mode)
 WHERE p.pronamespace = 'partman_ext'::regnamespace AND o.mode = 't'
   AND o.name IN ('parent_table', 'partition_name', 'default_partition') AND o.type <> 'regclass'::regtype
 GROUP BY 1 ORDER BY 1;
SELECT pg_get_function_result('partman_ext.get_partition_for_collection(uuid)'::regprocedure) AS collection_result;

-- Without partman_ext on the search_path a name is compared as regclass explicitly ...
SELECT count(*) AS partitions FROM partman_ext.partition_metadata WHERE parent_table = 'events'::regclass;
SELECT count(*) FROM partman_ext.partition_metadata WHERE parent_table = 'events';  -- read as an OID
-- ... with it, WHERE parent_table = 'events' resolves the name like any relation name (the seeds
-- query the views unqualified, so they have the schema on their path).
SET search_path = public, partman_ext;
SELECT count(*) AS partitions FROM partition_metadata WHERE parent_table = 'events';
SELECT count(*) AS partitions FROM partition_metadata WHERE 'public.events' = parent_table;
SELECT count(*) AS others FROM partition_metadata WHERE parent_table <> 'events';
SELECT partition_name FROM partition_health WHERE partition_name = 'events_default';
SELECT count(*) FROM partition_metadata WHERE parent_table = 'no_such_table';
-- An index on a regclass column serves the comparison (the operator's function inlines).
EXPLAIN (COSTS OFF) SELECT 1 FROM part_config WHERE parent_table = 'events';

-- A second set in another schema: names print schema-qualified when the schema is not on the path.
CREATE TABLE nh.ids (id bigint NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE nh.ids_0 PARTITION OF nh.ids FOR VALUES FROM (0) TO (1000);
CREATE TABLE nh.ids_1000 PARTITION OF nh.ids FOR VALUES FROM (1000) TO (2000);
INSERT INTO nh.ids SELECT generate_series(0, 1500);
SELECT parent_table, naming, created_partitions
  FROM register_partition_set('nh.ids', 'id', '1000', premake => 2, default_partition => false);
SELECT partition_name FROM list_partitions('nh.ids') ORDER BY lower_bound::bigint;
ANALYZE events, nh.ids;

-- The views join on their names without text games.
SELECT s.parent_table, count(m.*) AS metadata, count(h.*) AS health, count(z.*) AS sizes, count(t.*) AS stats
  FROM partition_health_summary s
  JOIN partition_metadata m ON m.parent_table = s.parent_table
  JOIN partition_health h ON h.parent_table = m.parent_table AND h.partition_name = m.partition_name
  JOIN v_partition_sizes z ON z.partition_name = m.partition_name
  JOIN partition_stats t ON (t.parent_table, t.partition_name) = (m.parent_table, m.partition_name)
 GROUP BY 1 ORDER BY 1::text;
SELECT count(*) AS joined FROM list_partitions() l JOIN partition_chunk_distribution d USING (parent_table, partition_name);
SELECT s.oldest_partition, s.newest_partition, s.default_partition
  FROM partition_health_summary s WHERE s.parent_table = 'events';
SELECT a.partition_name, a.action, s.status
  FROM create_future_partitions('events', premake => 4, dry_run => true) a
  JOIN partition_health_summary s USING (parent_table);

-- Seed 001: get_partition_for_collection gives the partition as regclass; it prints chunks_part_05
-- with public on the path and equals the name, the qualified name and the row's tableoid.
CREATE TABLE chunks (collection_id uuid NOT NULL, n int) PARTITION BY LIST (((hashtext(collection_id::text)::bigint & 2147483647) % 100));
SELECT count(*) FROM create_bucket_partitions('chunks', 100);
INSERT INTO chunks VALUES ('550e8400-e29b-41d4-a716-446655440000', 1);
SELECT get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000') AS partition;
SELECT get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000') = 'chunks_part_05' AS by_name,
       get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000') = 'public.chunks_part_05'::regclass AS by_regclass,
       get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000') = (SELECT tableoid FROM chunks) AS by_tableoid;
SELECT a.partition_name, a.row_count, h.partition_status, p.writes_hour
  FROM analyze_partition_skew('chunks') a
  JOIN partition_health h USING (parent_table, partition_name)
  JOIN partition_hot_spots p USING (parent_table, partition_name)
 WHERE a.partition_name = get_partition_for_collection('550e8400-e29b-41d4-a716-446655440000');
RESET search_path;

-- 2. Naming ---------------------------------------------------------------------------------------
-- Maintenance continues the adopted style, across a year too (events_2026_11 -> events_2027_01).
SET partman_ext.mock_now = '2026-11-15 12:00:00+00';
SELECT partition_name, action FROM partman_ext.run_partition_maintenance('events') ORDER BY lower_bound::timestamptz;
SELECT string_agg(partition_name::text, ' ' ORDER BY lower_bound::timestamptz) AS names
  FROM partman_ext.list_partitions('events') WHERE NOT is_default;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';

-- Integer sets: LOWER; an explicit template at registration; the 63-byte limit keeps the suffix.
SELECT partition_name, action FROM partman_ext.create_future_partitions('nh.ids', 4) ORDER BY lower_bound::bigint;
CREATE TABLE nh.log (at date NOT NULL) PARTITION BY RANGE (at);
SELECT naming, created_partitions FROM partman_ext.register_partition_set('nh.log', 'at', '1 day', premake => 1,
                                                                           naming => 'log_pYYYYMMDD', default_partition => false);
SELECT partition_name FROM partman_ext.list_partitions('nh.log') ORDER BY lower_bound::date;
CREATE TABLE nh.a_very_long_parent_name_that_fills_almost_all_of_the_63_bytes_x (at date NOT NULL) PARTITION BY RANGE (at);
SELECT naming FROM partman_ext.register_partition_set('nh.a_very_long_parent_name_that_fills_almost_all_of_the_63_bytes_x',
                                                      'at', '1 month', premake => 1, default_partition => false,
                                                      naming => 'PARENT_YYYY_MM');
SELECT partition_name, octet_length(c.relname) AS bytes
  FROM partman_ext.list_partitions('nh.a_very_long_parent_name_that_fills_almost_all_of_the_63_bytes_x') l
  JOIN pg_class c ON c.oid = l.partition_name ORDER BY lower_bound::date;
-- Mixed styles: no pattern is inferred, new partitions get the default names.
CREATE TABLE nh.mixed (at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE nh.mixed_2026_05 PARTITION OF nh.mixed FOR VALUES FROM ('2026-05-01') TO ('2026-06-01');
CREATE TABLE nh.mixed_p2026_06 PARTITION OF nh.mixed FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');
SELECT naming, created_partitions FROM partman_ext.register_partition_set('nh.mixed', 'at', '1 month', premake => 1,
                                                                           default_partition => false);
SELECT partition_name FROM partman_ext.list_partitions('nh.mixed') ORDER BY lower_bound::timestamptz;
-- Changing the pattern later: names of new partitions only; reset => '{naming}' restores the default.
SELECT naming FROM partman_ext.update_partition_set('nh.mixed', naming => 'mixed_m_YYYY_MM');
SELECT partition_name, action FROM partman_ext.create_future_partitions('nh.mixed', 2);
SELECT naming IS NULL AS default_naming FROM partman_ext.update_partition_set('nh.mixed', reset => '{naming}');
SELECT partition_name, action FROM partman_ext.create_future_partitions('nh.mixed', 3);
-- Templates that cannot name the set apart are refused, and nothing changes.
SELECT naming FROM partman_ext.update_partition_set('nh.mixed', naming => 'mixed_YYYY');
SELECT naming FROM partman_ext.update_partition_set('nh.ids', naming => 'ids_YYYY');
SELECT naming FROM partman_ext.update_partition_set('nh.mixed', naming => '"mixed_YYYY_MM');
SELECT naming FROM partman_ext.update_partition_set('chunks', naming => 'PARENT_LOWER');
SELECT naming FROM partman_ext.part_config WHERE parent_table = 'nh.mixed'::regclass;

-- 3. Thresholds -----------------------------------------------------------------------------------
-- The owner (not a superuser) sets every threshold of a set.
CREATE ROLE regress_names_owner;
GRANT USAGE ON SCHEMA partman_ext TO regress_names_owner;
GRANT USAGE, CREATE ON SCHEMA nh TO regress_names_owner;
CREATE TABLE nh.own (at timestamptz NOT NULL) PARTITION BY RANGE (at);
ALTER TABLE nh.own OWNER TO regress_names_owner;
SET ROLE regress_names_owner;
SELECT parent_table FROM partman_ext.register_partition_set('nh.own', 'at', '1 month', premake => 2);
SELECT skew_warning, skew_rebalance, skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth,
       min_future_partitions FROM partman_ext.part_config WHERE parent_table = 'nh.own'::regclass;
SELECT skew_warning, skew_rebalance, skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth,
       min_future_partitions
  FROM partman_ext.update_partition_set('nh.own', skew_warning => 0.2, skew_rebalance => 0.25, skew_critical => 0.35,
                                        max_partition_bytes => 1073741824, max_partition_rows => 5, max_monthly_growth => 1.0,
                                        min_future_partitions => 1);
-- Each threshold is read by the health check: rows above max_partition_rows ...
INSERT INTO nh.own SELECT partman_ext.clock() FROM generate_series(1, 10);
ANALYZE nh.own;
SELECT code, partition_name, message FROM partman_ext.check_partition_health('nh.own');
-- ... fewer future partitions than min_future_partitions (it replaces premake as the minimum).
RESET ROLE;
DROP TABLE nh.own_p2026_08;
SET ROLE regress_names_owner;
SELECT code, message FROM partman_ext.check_partition_health('nh.own') WHERE code = 'INSUFFICIENT_PREMAKE';
SELECT min_future_partitions FROM partman_ext.update_partition_set('nh.own', min_future_partitions => 2);
SELECT code, message FROM partman_ext.check_partition_health('nh.own') WHERE code = 'INSUFFICIENT_PREMAKE';
-- Bad values: SQLSTATE 22023, nothing changed.
SELECT 1 FROM partman_ext.update_partition_set('nh.own', skew_warning => 0.6);
\echo :LAST_ERROR_SQLSTATE
SELECT 1 FROM partman_ext.update_partition_set('nh.own', max_partition_rows => 0);
\echo :LAST_ERROR_SQLSTATE
SELECT 1 FROM partman_ext.update_partition_set('nh.own', max_monthly_growth => -1);
\echo :LAST_ERROR_SQLSTATE
SELECT 1 FROM partman_ext.update_partition_set('nh.own', min_future_partitions => -1);
\echo :LAST_ERROR_SQLSTATE
SELECT 1 FROM partman_ext.update_partition_set('nh.own', reset => '{premake}');
\echo :LAST_ERROR_SQLSTATE
SELECT skew_warning, max_partition_rows, max_monthly_growth, min_future_partitions
  FROM partman_ext.part_config WHERE parent_table = 'nh.own'::regclass;
-- Not the owner: 42501.
RESET ROLE;
CREATE ROLE regress_names_other;
GRANT USAGE ON SCHEMA partman_ext, nh TO regress_names_other;
SET ROLE regress_names_other;
SELECT 1 FROM partman_ext.update_partition_set('nh.own', max_partition_rows => 1);
RESET ROLE;
-- reset => puts thresholds back to their defaults (seed 003: 5 GB, 10 million rows, growth 50 %).
SELECT skew_warning, skew_rebalance, skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth,
       min_future_partitions
  FROM partman_ext.update_partition_set('nh.own', reset => '{skew_warning, skew_rebalance, skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth, min_future_partitions}');
-- Growth above max_monthly_growth: 100 rows last month against 40 the month before (150 %).
INSERT INTO events SELECT g, '2026-04-10' FROM generate_series(1, 40) g;
INSERT INTO events SELECT g, '2026-05-10' FROM generate_series(1, 100) g;
ANALYZE events;
SELECT code, message FROM partman_ext.check_partition_health('events') WHERE code = 'HIGH_GROWTH';
SELECT max_monthly_growth FROM partman_ext.update_partition_set('events', max_monthly_growth => 2);
SELECT count(*) AS high_growth FROM partman_ext.check_partition_health('events') WHERE code = 'HIGH_GROWTH';

-- 4. One health model ------------------------------------------------------------------------------
-- The consumers of the health model against each other: for every set, the summary's status is the
-- worst severity of check_partition_health's alerts and its alerts are their messages; each
-- partition partition_health flags has an alert about it and each alert about a partition flags it;
-- the report shows exactly the summary's sets and check_partition_health's alerts.
CREATE FUNCTION pg_temp.health_disagreements() RETURNS TABLE (what text, parent_table text, detail text)
LANGUAGE sql AS $$
    WITH chk AS (SELECT * FROM partman_ext.check_partition_health()),
    sum AS (SELECT * FROM partman_ext.partition_health_summary),
    ph AS (SELECT * FROM partman_ext.partition_health),
    rep AS (SELECT partman_ext.partition_report('json')::jsonb AS d),
    worst AS (
        SELECT s.parent_table, CASE WHEN s.partitions = 0 THEN 'NO_PARTITIONS'
                                    WHEN bool_or(c.severity = 'critical') THEN 'CRITICAL'
                                    WHEN bool_or(c.severity = 'warning') THEN 'WARNING'
                                    WHEN s.partitions_pending_cleanup > 0 THEN 'CLEANUP_NEEDED' ELSE 'HEALTHY' END AS status,
               coalesce(array_agg(c.severity || ': ' || c.message
                                  ORDER BY partman_ext._severity_rank(c.severity), c.code, c.partition_name::text)
                        FILTER (WHERE c.code IS NOT NULL), '{}') AS alerts
          FROM sum s LEFT JOIN chk c ON c.parent_table = s.parent_table OR c.parent_table IS NULL
         GROUP BY s.parent_table, s.partitions, s.partitions_pending_cleanup)
    SELECT 'summary status', s.parent_table::text, s.status || ' <> ' || w.status
      FROM sum s JOIN worst w USING (parent_table) WHERE s.status <> w.status
    UNION ALL
    SELECT 'summary alerts', s.parent_table::text, s.alerts::text || ' <> ' || w.alerts::text
      FROM sum s JOIN worst w USING (parent_table) WHERE s.alerts <> w.alerts
    UNION ALL
    SELECT 'partition flagged without an alert', p.parent_table::text, p.partition_name::text
      FROM ph p WHERE p.partition_status NOT IN ('NORMAL', 'PENDING_CLEANUP')
       AND NOT EXISTS (SELECT 1 FROM chk c WHERE c.partition_name = p.partition_name AND c.message = p.status_reason)
    UNION ALL
    SELECT 'alert not flagged on its partition', c.parent_table::text, c.code || ' ' || c.partition_name::text
      FROM chk c WHERE c.partition_name IS NOT NULL AND c.code <> 'PARTITIONS_BEYOND_RETENTION'
       AND NOT EXISTS (SELECT 1 FROM ph p WHERE p.partition_name = c.partition_name AND p.partition_status <> 'NORMAL')
    UNION ALL
    SELECT 'report sets', NULL, 'differ'
      FROM rep WHERE (SELECT jsonb_agg(jsonb_build_object('s', e ->> 'parent_table', 'st', e ->> 'status', 'a', e -> 'alerts')
                                       ORDER BY e ->> 'parent_table') FROM jsonb_array_elements(rep.d -> 'sets') e)
                     IS DISTINCT FROM
                     (SELECT jsonb_agg(jsonb_build_object('s', s.parent_table::text, 'st', s.status, 'a', to_jsonb(s.alerts))
                                       ORDER BY s.parent_table::text) FROM sum s)
    UNION ALL
    SELECT 'report alerts', NULL, 'differ'
      FROM rep WHERE (SELECT jsonb_agg(jsonb_build_array(e ->> 'code', e ->> 'parent_table', e ->> 'partition_name', e ->> 'message')
                                       ORDER BY e ->> 'code', e ->> 'parent_table', e ->> 'partition_name', e ->> 'message')
                        FROM jsonb_array_elements(rep.d -> 'alerts') e)
                     IS DISTINCT FROM
                     (SELECT jsonb_agg(jsonb_build_array(c.code, c.parent_table::text, c.partition_name::text, c.message)
                                       ORDER BY c.code, c.parent_table::text, c.partition_name::text, c.message) FROM chk c)
$$;
SELECT * FROM pg_temp.health_disagreements();

-- The issue's reproduction: many rows in the default partition, then a large delete (no VACUUM,
-- no ANALYZE: the catalog still says 20000 rows). Every consumer says the same: nothing there.
INSERT INTO events SELECT g, '2031-01-01' FROM generate_series(1, 20000) g;
ANALYZE events_default;
SELECT status, rows_in_default, alerts FROM partman_ext.partition_health_summary WHERE parent_table = 'events'::regclass;
SELECT code, message FROM partman_ext.check_partition_health('events') WHERE code = 'ROWS_IN_DEFAULT';
SELECT * FROM pg_temp.health_disagreements();
DELETE FROM events WHERE created_at >= '2031-01-01';
SELECT reltuples FROM pg_class WHERE oid = 'events_default'::regclass;
SELECT status, rows_in_default, alerts FROM partman_ext.partition_health_summary WHERE parent_table = 'events'::regclass;
SELECT count(*) AS rows_in_default_alerts FROM partman_ext.check_partition_health('events') WHERE code = 'ROWS_IN_DEFAULT';
SELECT partition_status, row_estimate FROM partman_ext.partition_health WHERE partition_name = 'events_default'::regclass;
SELECT line FROM regexp_split_to_table(partman_ext.partition_report('text', 'events'), E'\n') line
 WHERE line LIKE 'events (time)%' OR line LIKE '%default%';
SELECT * FROM pg_temp.health_disagreements();

-- Unknown figures read "unknown"; floats are rounded in text, kept whole in numeric columns.
-- A default partition never analyzed: it holds rows (probed), how many is unknown.
CREATE TABLE nh.fresh (at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT default_partition FROM partman_ext.register_partition_set('nh.fresh', 'at', '1 month', premake => 1);
INSERT INTO nh.fresh SELECT '2031-01-01' FROM generate_series(1, 500);
SELECT code, message FROM partman_ext.check_partition_health('nh.fresh');
SELECT status, rows_in_default, total_rows, partitions_unanalyzed
  FROM partman_ext.partition_health_summary WHERE parent_table = 'nh.fresh'::regclass;
SELECT line FROM regexp_split_to_table(partman_ext.partition_report('text', 'nh.fresh'), E'\n') line
 WHERE line LIKE 'nh.fresh (time)%' OR line LIKE 'warning%';
-- A bucket set with one hot bucket (3000 more ordinary keys of one row, all hashing to key 7's
-- bucket: a heavy single key is set aside, many keys crowding one bucket are not): skew alerts
-- with rounded figures.
CREATE TABLE nh.hot (k int NOT NULL) PARTITION BY HASH (k);
SELECT count(*) FROM partman_ext.create_bucket_partitions('nh.hot', 4);
INSERT INTO nh.hot SELECT g FROM generate_series(1, 3000) g;
INSERT INTO nh.hot
SELECT g FROM generate_series(3001, 100000) g
 WHERE partman_ext.get_partition_for_value('nh.hot', g) = partman_ext.get_partition_for_value('nh.hot', 7) LIMIT 3000;
ANALYZE nh.hot;
SELECT s.max_skew = (SELECT max(abs(skew_factor)) FROM partman_ext.analyze_partition_skew('nh.hot')) AS full_precision
  FROM partman_ext.partition_health_summary s WHERE s.parent_table = 'nh.hot'::regclass;
SELECT code, message ~ 'skew -?[0-9]+\.[0-9]{1,2}\)$' AS rounded FROM partman_ext.check_partition_health('nh.hot') WHERE code LIKE 'SKEW%';
SELECT position('~-' IN r) AS tilde_dash, position('(skew )' IN r) AS empty_skew, position('~ rows' IN r) AS empty_rows,
       r ~ '[0-9]\.[0-9]{5,}' AS long_floats, position('unknown' IN r) > 0 AS says_unknown
  FROM (SELECT partman_ext.partition_report('text') AS r) x;
SELECT line FROM regexp_split_to_table(partman_ext.partition_report('text', 'nh.hot'), E'\n') line
 WHERE line LIKE 'nh.hot:%';
SELECT * FROM pg_temp.health_disagreements();

\c :regress_db
DROP DATABASE partman_names;
DROP ROLE regress_names_owner;
DROP ROLE regress_names_other;
