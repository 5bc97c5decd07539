-- partman_ext 0.1.0 -> 0.2.0. Every change to SQL objects between the two releases, in the order
-- they were made; sets, jobs, log rows and alerts are kept. test/shell/upgrade.sh proves that the
-- result equals a fresh 0.2.0 install (docs/releasing.md).
\echo Use "ALTER EXTENSION partman_ext UPDATE TO '0.2.0'" to load this file. \quit

-- The product's clock (partman_ext.mock_now for tests); every "now" reads it.
CREATE FUNCTION @extschema@.clock()
RETURNS timestamptz LANGUAGE c STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'partman_clock';
COMMENT ON FUNCTION @extschema@.clock() IS
'partman_ext: the instant partman_ext takes as "now": the value of partman_ext.mock_now when a superuser has set it (tests), else now() (the start of the current transaction).';
ALTER TABLE @extschema@.job ALTER COLUMN next_run SET DEFAULT @extschema@.clock();

-- Everything that asks for "now" reads partman_ext.clock() (issue 8).
CREATE OR REPLACE FUNCTION @extschema@._partition_bounds(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, key_type regtype, lower_bound text, upper_bound text,
               lower_local timestamp, upper_local timestamp, now_local timestamp,
               lower_time timestamptz, upper_time timestamptz, lower_value numeric, upper_value numeric)
LANGUAGE sql STABLE AS $$
    WITH sets AS (
        SELECT c.parent_table::oid AS relid, c.strategy, c.time_zone, a.atttypid::regtype AS keytype
          FROM @extschema@.part_config c
          LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.parent_table AND a.attname = c.control_column
         WHERE parent IS NULL OR c.parent_table = parent
    ), b AS (
        SELECT s.*, b.partition_relid, b.lower_bound, b.upper_bound,
               CASE WHEN s.strategy = 'time' THEN @extschema@._bound_local(b.lower_bound, s.keytype, s.time_zone) END AS lower_local,
               CASE WHEN s.strategy = 'time' THEN @extschema@._bound_local(b.upper_bound, s.keytype, s.time_zone) END AS upper_local
          FROM sets s
          JOIN @extschema@._bounds((SELECT array_agg(relid) FROM sets)) b ON b.parent_relid = s.relid
         WHERE NOT b.is_default
    )
    SELECT b.relid, b.partition_relid, b.keytype, b.lower_bound, b.upper_bound, b.lower_local, b.upper_local,
           CASE WHEN b.strategy = 'time' THEN @extschema@.clock() AT TIME ZONE b.time_zone END,
           b.lower_local AT TIME ZONE b.time_zone,
           b.upper_local AT TIME ZONE b.time_zone,
           CASE WHEN b.strategy = 'integer' AND b.lower_bound ~ '^-?[0-9]+$' THEN b.lower_bound::numeric END,
           CASE WHEN b.strategy = 'integer' AND b.upper_bound ~ '^-?[0-9]+$' THEN b.upper_bound::numeric END
      FROM b
$$;

CREATE OR REPLACE FUNCTION @extschema@._partition_overview(parent regclass DEFAULT NULL)
RETURNS SETOF @extschema@._overview_row
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH p AS (
        SELECT p.*, c.strategy, c.retention, c.time_zone, c.max_partition_bytes, c.max_partition_rows,
               b.key_type, b.lower_bound, b.upper_bound, b.lower_local, b.upper_local, b.now_local,
               b.lower_time, b.upper_time, b.lower_value, b.upper_value
          FROM @extschema@._partitions(parent) p
          JOIN @extschema@.part_config c ON c.parent_table::oid = p.parent_relid
          LEFT JOIN @extschema@._partition_bounds(parent) b ON b.partition_relid = p.partition_relid
    ), cur AS (
        SELECT p.parent_relid,
               coalesce(max(p.lower_value) FILTER (WHERE coalesce(p.est_rows, 1) > 0), min(p.lower_value)) AS cur_lower
          FROM p WHERE p.strategy = 'integer' AND NOT p.is_default
         GROUP BY p.parent_relid
    )
    SELECT p.parent_relid, p.parent_table, p.strategy, p.partition_relid, p.partition_name, p.is_default,
           p.key_type, p.lower_bound, p.upper_bound, p.lower_time, p.upper_time, p.lower_value, p.upper_value,
           CASE WHEN p.is_default THEN 'default'
                WHEN p.strategy = 'time' THEN
                    CASE WHEN p.upper_local <= p.now_local THEN 'past'
                         WHEN p.lower_local > p.now_local THEN 'future'
                         WHEN p.upper_bound IS NOT NULL THEN 'current' END
                WHEN p.strategy = 'integer' THEN
                    CASE WHEN p.lower_value = cur.cur_lower THEN 'current'
                         WHEN p.lower_value > cur.cur_lower THEN 'future'
                         WHEN p.lower_value < cur.cur_lower THEN 'past' END
           END,
           CASE WHEN p.is_default OR p.retention IS NULL THEN false
                WHEN p.strategy = 'time' THEN coalesce(p.upper_local <= p.now_local - p.retention::interval, false)
                WHEN p.strategy = 'integer' AND btrim(p.retention) ~ '^[0-9]+$' THEN
                    coalesce(p.upper_value <= cur.cur_lower - btrim(p.retention)::numeric, false)
                ELSE false END,
           p.est_rows, p.unanalyzed_leaves, p.total_bytes, p.table_bytes, p.index_bytes, p.xid_age,
           p.last_vacuum, p.last_autovacuum, p.last_analyze, p.last_autoanalyze,
           p.max_partition_bytes, p.max_partition_rows, p.time_zone
      FROM p
      LEFT JOIN cur ON cur.parent_relid = p.parent_relid
$$;

CREATE OR REPLACE VIEW @extschema@.partition_chunk_distribution AS
SELECT o.parent_table, o.partition_name, o.strategy, o.is_default,
       o.est_rows AS row_estimate,
       CASE WHEN count(*) FILTER (WHERE o.est_rows IS NULL) OVER w = 0
            THEN round(100.0 * o.est_rows / nullif(sum(o.est_rows) OVER w, 0), 2) END AS row_percentage,
       round(100.0 / nullif(count(*) FILTER (WHERE NOT o.is_default) OVER w, 0), 2) AS expected_percentage,
       round(o.table_bytes::numeric / nullif(o.est_rows, 0), 1) AS avg_row_bytes,
       CASE WHEN o.lower_time IS NOT NULL THEN date_trunc('second', @extschema@.clock() - o.lower_time) END AS data_age,
       o.xid_age
  FROM @extschema@._partition_overview(NULL) o
WINDOW w AS (PARTITION BY o.parent_relid);

CREATE OR REPLACE FUNCTION @extschema@._hot_spots()
RETURNS TABLE (parent_table text, partition_name text, writes_hour bigint, writes_day bigint, writes_week bigint,
               hour_percentage numeric, day_percentage numeric, week_percentage numeric,
               expected_percentage numeric, is_default boolean, first_sampled_at timestamptz,
               last_sampled_at timestamptz)
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH p AS (
        SELECT t.parent_relid, t.partition_relid,
               format('%I.%I', pn.nspname, pc.relname) AS parent_table,
               format('%I.%I', n.nspname, c.relname) AS partition_name,
               coalesce(pt.partdefid = t.partition_relid, false) AS is_default,
               l.writes_total - coalesce(h.writes_total, f.writes_total) AS writes_hour,
               l.writes_total - coalesce(d.writes_total, f.writes_total) AS writes_day,
               l.writes_total - coalesce(w.writes_total, f.writes_total) AS writes_week,
               f.sampled_at AS first_sampled_at, l.sampled_at AS last_sampled_at
          FROM @extschema@._partition_tree(NULL) t
          JOIN pg_catalog.pg_class c ON c.oid = t.partition_relid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_class pc ON pc.oid = t.parent_relid
          JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
          LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = t.parent_relid
          LEFT JOIN LATERAL (SELECT s.writes_total, s.sampled_at FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid ORDER BY s.sampled_at DESC LIMIT 1) l ON true
          LEFT JOIN LATERAL (SELECT s.writes_total, s.sampled_at FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid ORDER BY s.sampled_at LIMIT 1) f ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= @extschema@.clock() - interval '1 hour'
                              ORDER BY s.sampled_at DESC LIMIT 1) h ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= @extschema@.clock() - interval '1 day'
                              ORDER BY s.sampled_at DESC LIMIT 1) d ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= @extschema@.clock() - interval '7 days'
                              ORDER BY s.sampled_at DESC LIMIT 1) w ON true
         WHERE t.depth = 1
    )
    SELECT p.parent_table, p.partition_name, p.writes_hour, p.writes_day, p.writes_week,
           round(100.0 * p.writes_hour / nullif(sum(p.writes_hour) OVER set, 0), 2) AS hour_percentage,
           round(100.0 * p.writes_day / nullif(sum(p.writes_day) OVER set, 0), 2) AS day_percentage,
           round(100.0 * p.writes_week / nullif(sum(p.writes_week) OVER set, 0), 2) AS week_percentage,
           round(100.0 / nullif(count(*) FILTER (WHERE NOT p.is_default) OVER set, 0), 2) AS expected_percentage,
           p.is_default, p.first_sampled_at, p.last_sampled_at
      FROM p
    WINDOW set AS (PARTITION BY p.parent_relid)
$$;

-- Issue 9: bounded work and isolated failures. New: partman_ext.max_gap_fill (a setting), the
-- deferred / would fail actions, _maintenance_chunk, gap_fill_status, the GAP_FILL_PENDING alert;
-- INSUFFICIENT_PREMAKE counts a partition open at the top as coverage; the procedure commits in chunks.
COMMENT ON TYPE @extschema@.partition_action IS
'partman_ext: one action taken or planned on a partition (bounds, catalog row estimate, catalog size estimate in bytes, rows moved out of the default partition, action, message). action deferred: work left for a new transaction (lock budget) or a later run (partman_ext.max_gap_fill), with the range and count in message; skipped and failed rows carry their SQLSTATE at the start of message.';
COMMENT ON FUNCTION @extschema@.create_future_partitions(regclass, integer, boolean) IS
'partman_ext: make sure partitions exist from the start of coverage (first partition, or where retention starts) through the current interval + premake (default: the set''s premake), relative to now in the set''s time zone (integer sets: max(control)). Rows of a new partition''s range are moved out of the default partition in the same transaction. Each DDL statement runs under the set''s lock_timeout; a statement that cannot get its lock is reported as skipped. dry_run => true returns what would be created and how many rows would move. Bounded: the current interval and premake first, then at most partman_ext.max_gap_fill gap-fill partitions (nearest to now first), all within the transaction''s lock budget (max_locks_per_transaction); the rest is reported as deferred. 22023 when premake reaches beyond the key type''s range.';
COMMENT ON FUNCTION @extschema@.empty_default_partition(regclass, boolean) IS
'partman_ext: move every row of the default partition into a partition of its own interval, creating partitions as needed (even outside premake and retention). Rows with a NULL control value stay and are reported. A key no partition can hold (-infinity, infinity, beyond the key type''s range) is reported as skipped with its SQLSTATE (22008 time keys, 22003 integer keys) and the other rows move; a slot whose partition cannot be created is that slot''s failed row. Within the transaction''s lock budget; rows left for the next call come back as a deferred row. dry_run => true counts instead.';
COMMENT ON FUNCTION @extschema@.list_partitions(regclass) IS
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog (MINVALUE / MAXVALUE, or -infinity / infinity as written), est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size, status past / current / future / beyond retention / default.';
CREATE FUNCTION @extschema@._maintenance_chunk(parent regclass, gap_fill_limit bigint)
RETURNS TABLE (actions text[], gap_created bigint, more_now boolean, progress bigint)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_maintenance_chunk';
COMMENT ON FUNCTION @extschema@._maintenance_chunk(regclass, bigint) IS
'partman_ext internal: one transaction of a maintenance run of one set (run_partition_maintenance_proc): at most gap_fill_limit gap-fill partitions, within the transaction''s lock budget. One row: the action of every row (also in maintenance_log), gap-fill partitions created, more_now (the lock budget stopped it: continue in a new transaction), progress (actions that changed something).';
CREATE FUNCTION @extschema@.gap_fill_status(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table text, missing_partitions bigint, lower_bound text, upper_bound text,
               per_run integer, runs_needed bigint)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_gap_fill_status';
COMMENT ON FUNCTION @extschema@.gap_fill_status(regclass) IS
'partman_ext: for each time/integer set (or one) with gap fill left to do: how many partitions are missing between the start of its coverage and now (the current interval and premake not counted), the range they span (lower_bound of the first, upper_bound of the last), partman_ext.max_gap_fill (per_run) and the maintenance runs that takes (NULL when gap fill is off). Catalog only: integer sets take the highest partition''s lower bound as now.';
CREATE OR REPLACE PROCEDURE @extschema@.run_partition_maintenance_proc(parent regclass DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    s regclass;
    summary text;
    chunk record;
    gap_left bigint;
    done text[];
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded), which defines partman_ext.max_gap_fill
    FOR s IN
        SELECT c.parent_table FROM @extschema@.part_config c JOIN pg_catalog.pg_class r ON r.oid = c.parent_table
         WHERE c.enabled AND c.strategy <> 'bucket' AND (parent IS NULL OR c.parent_table = parent)
           AND (pg_catalog.pg_has_role(r.relowner, 'USAGE') OR pg_catalog.pg_has_role('partman_ext_admin', 'MEMBER'))
         ORDER BY c.parent_table::oid
    LOOP
        gap_left := pg_catalog.current_setting('partman_ext.max_gap_fill')::bigint;
        done := '{}';
        LOOP
            SELECT * INTO chunk FROM @extschema@._maintenance_chunk(s, gap_left);
            gap_left := GREATEST(gap_left - chunk.gap_created, 0);
            COMMIT;
            -- Rows deferred to the next chunk are counted only when no chunk follows.
            EXIT WHEN NOT chunk.more_now OR chunk.progress = 0;
            done := done || ARRAY(SELECT a FROM pg_catalog.unnest(chunk.actions) a WHERE a <> 'deferred');
        END LOOP;
        done := done || chunk.actions;
        SELECT pg_catalog.string_agg(n::text || ' ' || action, ', ' ORDER BY action) INTO summary
          FROM (SELECT a AS action, pg_catalog.count(*) AS n FROM pg_catalog.unnest(done) a GROUP BY a) x;
        RAISE NOTICE '%: %', s, coalesce(summary, 'nothing to do');
    END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_partition_maintenance_proc(regclass) IS
'partman_ext: run_partition_maintenance for one set or (NULL) every enabled time/integer set the caller may maintain, committing after each set and after each chunk of work its transaction''s lock budget allows (max_locks_per_transaction), until the run''s gap fill (at most partman_ext.max_gap_fill partitions per set) is done. Reports one NOTICE per set (actions and counts); details are in maintenance_log.';

CREATE OR REPLACE FUNCTION @extschema@.partition_report(format text DEFAULT 'text', parent regclass DEFAULT NULL,
                                             top integer DEFAULT 20)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    doc jsonb;
BEGIN
    IF format IS NULL OR lower(format) NOT IN ('text', 'json') THEN
        RAISE EXCEPTION 'unknown report format "%"', coalesce(format, 'NULL')
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() writes text for people or json for machines.',
                    HINT = 'Use format => ''text'' or format => ''json''.';
    END IF;
    IF top IS NULL OR top < 1 THEN
        RAISE EXCEPTION 'top must be at least 1'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('top was %s.', coalesce(top::text, 'NULL')),
                    HINT = 'top is how many partitions the size, hot-spot and heavy-key sections list (default 20).';
    END IF;
    IF parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() reports on the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL for every set.';
    END IF;

    doc := @extschema@._report_document(parent, top);
    IF lower(format) = 'json' THEN
        RETURN doc::text;
    END IF;
    RETURN 'partman_ext partition report, ' || to_char(@extschema@.clock(), 'YYYY-MM-DD HH24:MI:SS TZ') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'ahead', CASE WHEN e ->> 'strategy' = 'bucket' THEN 'bucket set'
                                      ELSE format('%s ahead (premake %s)', e ->> 'future_coverage', e ->> 'premake') END,
                        'dflt', CASE WHEN e ->> 'rows_in_default' IS NOT NULL
                                     THEN format(', default partition ~%s rows', e ->> 'rows_in_default') ELSE '' END)
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sets') WITH ORDINALITY x(e, n)),
            'Partition sets', '%s (%s): %s; %s partitions, %s, %s pending cleanup, ~%s rows, %s%s',
            'parent_table', 'strategy', 'status', 'partitions', 'ahead', 'partitions_pending_cleanup',
            'total_rows', 'total_size', 'dflt') ||
        @extschema@._report_lines(doc -> 'alerts', 'Alerts', E'%s %s %s %s: %s\n    -> %s',
            'severity', 'code', 'parent_table', 'partition_name', 'message', 'recommendation') ||
        @extschema@._report_lines(doc -> 'distribution', 'Distribution (bucket sets)',
            '%s: %s partitions, ~%s rows, mean %s, stddev %s, cv %s, max skew %s: %s',
            'parent_table', 'partitions', 'total_rows', 'mean_rows', 'stddev_rows', 'cv', 'max_skew', 'status') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object('range', CASE WHEN e ->> 'start_date' IS NOT NULL
                                                                    THEN format(', %s .. %s', e ->> 'start_date', e ->> 'end_date') ELSE '' END)
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sizes') WITH ORDINALITY x(e, n)),
            'Largest partitions', '%s: %s MB, ~%s rows%s', 'partition_name', 'size_mb', 'row_count', 'range') ||
        @extschema@._report_lines(doc -> 'hot_spots', 'Hot spots (writes)',
            '%s: hour %s (%s%%), day %s (%s%%), week %s (%s%%)', 'partition_name', 'writes_hour', 'hour_percentage',
            'writes_day', 'day_percentage', 'writes_week', 'week_percentage') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'share_pct', round((e ->> 'share')::numeric * 100, 2),
                        'expected_pct', round((e ->> 'expected_share')::numeric * 100, 2),
                        'skew', round((e ->> 'skew_factor')::numeric, 2)) ORDER BY n)
               FROM jsonb_array_elements(doc -> 'skew') WITH ORDINALITY x(e, n)),
            'Skewed partitions', '%s: %s%% of the rows against %s%%, skew %s: %s',
            'partition_name', 'share_pct', 'expected_pct', 'skew', 'status') ||
        @extschema@._report_lines((SELECT jsonb_agg(jsonb_build_object('row', e::text)) FROM jsonb_array_elements(doc -> 'heavy_keys') e),
            'Heavy keys', '%s', 'row') || E'\n';
END
$$;
-- Issue 12 (packaging, peers): import_pg_partman() -- sql/install/60_import.sql
-- An interval as people write it ('1 month', '3 months', '7 days', '1 hour'); other intervals as
-- PostgreSQL prints them.
CREATE FUNCTION @extschema@._interval_words(iv interval)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    months integer := (extract(year FROM iv) * 12 + extract(month FROM iv))::integer;
    days integer := extract(day FROM iv)::integer;
    secs numeric := extract(epoch FROM iv - make_interval(months => months, days => days));
BEGIN
    IF months > 0 AND days = 0 AND secs = 0 THEN
        RETURN months || CASE WHEN months = 1 THEN ' month' ELSE ' months' END;
    ELSIF months = 0 AND days > 0 AND secs = 0 THEN
        RETURN days || CASE WHEN days = 1 THEN ' day' ELSE ' days' END;
    ELSIF months = 0 AND days = 0 AND secs > 0 AND secs % 3600 = 0 THEN
        RETURN (secs / 3600)::bigint || CASE WHEN secs = 3600 THEN ' hour' ELSE ' hours' END;
    END IF;
    RETURN iv::text;
END
$$;
COMMENT ON FUNCTION @extschema@._interval_words(interval) IS
'partman_ext internal: an interval of whole months, days or hours written as ''3 months'', ''7 days'', ''1 hour''; any other interval as PostgreSQL prints it.';

CREATE FUNCTION @extschema@.import_pg_partman(
    schema name DEFAULT 'partman',
    dry_run boolean DEFAULT false,
    time_zone text DEFAULT NULL)
RETURNS TABLE (parent_table text, control_column text, strategy text, partition_interval text,
               premake integer, retention text, retention_mode text, archive_schema name,
               default_partition boolean, enabled boolean, action text, not_mapped text[], message text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    cfg jsonb;
    subs text[] := '{}';
    rel regclass;
    key_type regtype;
    ptype text;
    tz text := coalesce(time_zone, current_setting('TimeZone'));
    tmpl regclass;
    n_idx integer;
    n_parts integer;
    err_state text;
    err_msg text;
    err_detail text;
    registered integer := 0;
BEGIN
    IF schema IS NULL OR dry_run IS NULL THEN
        RAISE EXCEPTION 'schema and dry_run must not be NULL'
              USING ERRCODE = 'null_value_not_allowed',
                    DETAIL = 'import_pg_partman() reads <schema>.part_config, the configuration table of pg_partman.',
                    HINT = 'Pass the schema pg_partman is installed in, e.g. import_pg_partman(''partman'').';
    END IF;
    IF to_regclass(format('%I.part_config', schema)) IS NULL THEN
        RAISE EXCEPTION 'there is no table %.part_config', quote_ident(schema)
              USING ERRCODE = 'undefined_table',
                    DETAIL = 'import_pg_partman() reads the configuration table of pg_partman 4.x or 5.x.',
                    HINT = 'Pass the schema pg_partman is installed in: SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = ''pg_partman'';';
    END IF;
    IF to_regclass(format('%I.part_config_sub', schema)) IS NOT NULL THEN
        EXECUTE format('SELECT coalesce(array_agg(sub_parent), ''{}'') FROM %I.part_config_sub', schema) INTO subs;
    END IF;

    FOR cfg IN EXECUTE format('SELECT to_jsonb(c) FROM %I.part_config c ORDER BY c.parent_table', schema) LOOP
        parent_table := cfg->>'parent_table';
        control_column := cfg->>'control';
        strategy := NULL; partition_interval := NULL; retention := NULL; retention_mode := NULL;
        archive_schema := NULL; default_partition := NULL; action := NULL; message := NULL;
        not_mapped := '{}';
        premake := (cfg->>'premake')::integer;
        enabled := coalesce(cfg->>'automatic_maintenance', 'on') <> 'off';
        ptype := cfg->>'partition_type';
        rel := to_regclass(parent_table);

        -- Sets partman_ext cannot take over: reported and left alone.
        IF rel IS NULL THEN
            action := 'skipped';
            message := 'the parent table does not exist';
        ELSIF ptype NOT IN ('native', 'range') THEN
            action := 'skipped';
            message := CASE ptype WHEN 'partman' THEN 'trigger-based (inheritance) partitioning: partman_ext manages declaratively partitioned (PARTITION BY RANGE) parents only'
                                  WHEN 'list' THEN 'LIST partitioning by single values: partman_ext manages RANGE time and integer sets (and bucket sets through create_bucket_partitions())'
                                  ELSE format('partition_type %s is not known', ptype) END;
        ELSIF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table p WHERE p.partrelid = rel AND p.partstrat = 'r') THEN
            action := 'skipped';
            message := 'the parent is not PARTITION BY RANGE';
        ELSIF coalesce(cfg->>'epoch', 'none') <> 'none' THEN
            action := 'skipped';
            message := format('epoch = %s: the control column holds times as numbers; partman_ext''s time sets need a timestamptz, timestamp or date column', cfg->>'epoch');
        ELSIF cfg->>'time_encoder' IS NOT NULL OR cfg->>'time_decoder' IS NOT NULL THEN
            action := 'skipped';
            message := 'time_encoder/time_decoder: the control column holds times in a custom encoding; partman_ext''s time sets need a timestamptz, timestamp or date column';
        ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = rel AND c.relispartition) THEN
            action := 'skipped';
            message := format('a sub-partition set of %s: partman_ext maintains the partitions of the top-level set as a whole',
                              (SELECT i.inhparent::regclass FROM pg_catalog.pg_inherits i WHERE i.inhrelid = rel));
        ELSIF EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = rel) THEN
            action := 'already registered';
            message := 'partman_ext manages this set already; its settings were not changed';
        END IF;

        IF action IS NULL THEN
            SELECT a.atttypid::regtype INTO key_type
              FROM pg_catalog.pg_attribute a WHERE a.attrelid = rel AND a.attname = control_column AND NOT a.attisdropped;
            IF key_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
                strategy := 'time';
                partition_interval := @extschema@._interval_words((cfg->>'partition_interval')::interval);
                retention := @extschema@._interval_words((cfg->>'retention')::interval);
            ELSE
                strategy := 'integer';
                partition_interval := cfg->>'partition_interval';
                retention := cfg->>'retention';
            END IF;
            IF cfg->>'retention_schema' IS NOT NULL THEN
                retention_mode := 'archive';
                archive_schema := cfg->>'retention_schema';
            ELSIF coalesce((cfg->>'retention_keep_table')::boolean, true) THEN
                retention_mode := 'detach';
            ELSE
                retention_mode := 'drop';
            END IF;
            -- pg_partman 5 says whether the set has a default partition; 4.x always made one.
            default_partition := CASE WHEN cfg ? 'default_table' THEN coalesce((cfg->>'default_table')::boolean, true)
                                      ELSE EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table p
                                                    WHERE p.partrelid = rel AND p.partdefid <> 0) END;

            -- What pg_partman did that partman_ext does differently or not at all.
            IF retention IS NOT NULL AND retention_mode <> 'drop' AND NOT coalesce((cfg->>'retention_keep_index')::boolean, true) THEN
                not_mapped := not_mapped || 'retention_keep_index = false: partitions partman_ext detaches keep their indexes'::text;
            END IF;
            IF jsonb_typeof(cfg->'constraint_cols') = 'array' AND jsonb_array_length(cfg->'constraint_cols') > 0 THEN
                not_mapped := not_mapped || format('constraint_cols %s: partman_ext adds no constraints on other columns of older partitions', cfg->>'constraint_cols');
            END IF;
            tmpl := to_regclass(cfg->>'template_table');
            IF tmpl IS NOT NULL THEN
                SELECT count(*) INTO n_idx FROM pg_catalog.pg_index i WHERE i.indrelid = tmpl;
                IF n_idx > 0 THEN
                    not_mapped := not_mapped || format('template_table %s has %s index(es) that new partitions will not get: partman_ext takes indexes from the parent''s partitioned indexes', tmpl, n_idx);
                END IF;
            END IF;
            IF strategy = 'time' AND NOT coalesce((cfg->>'infinite_time_partitions')::boolean, false) THEN
                not_mapped := not_mapped || 'infinite_time_partitions = false: partman_ext keeps premake partitions ahead of now even while no new rows arrive'::text;
            END IF;
            IF jsonb_typeof(cfg->'publications') = 'array' THEN
                not_mapped := not_mapped || format('publications %s: partman_ext does not add new partitions to publications (publish the parent with publish_via_partition_root)', cfg->>'publications');
            END IF;
            IF cfg->>'subscription_refresh' IS NOT NULL THEN
                not_mapped := not_mapped || format('subscription_refresh %s: partman_ext does not refresh subscriptions', cfg->>'subscription_refresh');
            END IF;
            IF cfg->>'date_trunc_interval' IS NOT NULL THEN
                not_mapped := not_mapped || format('date_trunc_interval %s: partman_ext aligns new partitions to the existing bounds', cfg->>'date_trunc_interval');
            END IF;
            IF cfg->>'parent_table' = ANY (subs) THEN
                not_mapped := not_mapped || 'sub-partitioning (part_config_sub): partitions partman_ext creates are not sub-partitioned'::text;
            END IF;
            IF NOT enabled THEN
                not_mapped := not_mapped || 'automatic_maintenance = off: registered with enabled = false'::text;
            END IF;

            -- Register in a subtransaction: one set that fails never stops the others; a dry run
            -- registers too and rolls back, so it reports exactly what a real run would do.
            BEGIN
                IF strategy = 'time' THEN
                    PERFORM * FROM @extschema@.register_partition_set(
                        parent => rel, control => control_column, partition_interval => partition_interval,
                        premake => premake, retention => retention, retention_mode => retention_mode,
                        archive_schema => archive_schema, default_partition => default_partition, time_zone => tz);
                ELSE
                    PERFORM * FROM @extschema@.register_partition_set(
                        parent => rel, control => control_column, partition_interval => partition_interval,
                        premake => premake, retention => retention, retention_mode => retention_mode,
                        archive_schema => archive_schema, default_partition => default_partition);
                END IF;
                IF NOT enabled THEN
                    PERFORM * FROM @extschema@.update_partition_set(parent => rel, enabled => false);
                END IF;
                SELECT count(*) INTO n_parts FROM pg_catalog.pg_inherits i WHERE i.inhparent = rel;
                message := format('%s partition(s) adopted from the catalog%s', n_parts,
                                  CASE WHEN strategy = 'time' THEN ', bounds in time zone ' || tz ELSE '' END);
                IF dry_run THEN
                    RAISE EXCEPTION USING ERRCODE = 'PMXDR', MESSAGE = message;
                END IF;
                action := 'registered';
                registered := registered + 1;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_msg = MESSAGE_TEXT, err_detail = PG_EXCEPTION_DETAIL;
                IF err_state = 'PMXDR' THEN
                    action := 'would register';
                    message := err_msg;
                ELSE
                    action := CASE WHEN dry_run THEN 'would fail' ELSE 'failed' END;
                    message := format('[%s] %s%s', err_state, err_msg, coalesce(' ' || nullif(err_detail, ''), ''));
                END IF;
            END;
        END IF;
        RETURN NEXT;
    END LOOP;

    IF registered > 0 THEN
        RAISE NOTICE '% set(s) registered; pg_partman still maintains them too', registered
              USING HINT = format('Turn its maintenance off: UPDATE %I.part_config SET automatic_maintenance = ''off''; (docs/migrating-from-pg_partman.md)', schema);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.import_pg_partman(name, boolean, text) IS
'partman_ext: registers every native RANGE set of pg_partman 4.x/5.x (<schema>.part_config) with register_partition_set(): interval, premake, retention, retention_keep_table (detach, else drop) / retention_schema (archive), default partition, automatic_maintenance off (enabled = false); time sets take their bounds in time_zone (default: the session''s TimeZone, as pg_partman did). One row per pg_partman set: the settings mapped, action (registered / would register / already registered / skipped / failed / would fail), what could not be mapped (not_mapped) and why a set was skipped or failed. Each set registers in its own subtransaction; dry_run => true registers and rolls back. pg_partman''s configuration is not changed. Errors: 22004 NULL schema, 42P01 no part_config in schema.';

-- Issue 12 (packaging): comments on the schema, the event trigger, triggers, policy, sequences and
-- every table column -- sql/install/90_comments.sql
COMMENT ON EVENT TRIGGER partman_ext_forget_dropped_sets IS
'partman_ext: on DROP TABLE of a registered parent, removes its partition set from part_config (forget_dropped_sets()); the data was dropped by the user, nothing else is touched.';
COMMENT ON TRIGGER part_config_schedule ON @extschema@.part_config IS
'partman_ext: a set registered or changed (and enabled) asks its maintenance jobs for a run (without moving their schedule) and wakes the scheduler (_part_config_changed()).';
COMMENT ON TRIGGER writes_total ON @extschema@.partition_activity_samples IS
'partman_ext: computes writes_total of each new sample from the partition''s previous sample (_activity_writes_total()).';
COMMENT ON POLICY key_statistics_readers ON @extschema@.key_statistics IS
'partman_ext: a role sees the heavy keys of a set only when it may SELECT the set''s parent table.';
COMMENT ON SEQUENCE @extschema@.alert_state_alert_id_seq IS 'partman_ext: ids of alert_state.alert_id.';
COMMENT ON SEQUENCE @extschema@.job_job_id_seq IS 'partman_ext: ids of job.job_id (dumped with the jobs users added).';
COMMENT ON SEQUENCE @extschema@.job_run_run_id_seq IS 'partman_ext: ids of job_run.run_id.';
COMMENT ON SEQUENCE @extschema@.maintenance_log_log_id_seq IS 'partman_ext: ids of maintenance_log.log_id.';

COMMENT ON COLUMN @extschema@.part_config.parent_table IS 'The partitioned parent table of the set.';
COMMENT ON COLUMN @extschema@.part_config.control_column IS 'The partition key column (time, integer) or the bucket key column.';
COMMENT ON COLUMN @extschema@.part_config.strategy IS 'time, integer or bucket.';
COMMENT ON COLUMN @extschema@.part_config.partition_interval IS 'Width of one partition: an interval of whole months, days or hours (time sets) or a positive integer (integer sets); NULL for bucket sets.';
COMMENT ON COLUMN @extschema@.part_config.anchor IS 'First bound of slot 0, from which every partition bound is counted (the lowest partition adopted at registration, else 2000-01-01 / Monday 2000-01-03 / 0).';
COMMENT ON COLUMN @extschema@.part_config.premake IS 'Intervals that must exist after the current one (counted from now in time_zone, or from max(control) in integer sets).';
COMMENT ON COLUMN @extschema@.part_config.retention IS 'Partitions whose upper bound is at or before now - retention (interval; integer sets: max(control) - retention) are retired by retention_mode; NULL keeps everything.';
COMMENT ON COLUMN @extschema@.part_config.retention_mode IS 'What retention does: drop (DROP TABLE), detach (the table stays) or archive (detach and move to archive_schema).';
COMMENT ON COLUMN @extschema@.part_config.archive_schema IS 'Schema that retention_mode archive moves retired partitions into.';
COMMENT ON COLUMN @extschema@.part_config.default_partition IS 'Whether the set keeps a DEFAULT partition for rows no partition covers.';
COMMENT ON COLUMN @extschema@.part_config.time_zone IS 'Time zone whose local midnights bound day and month partitions, and in which "now" is read for premake and retention.';
COMMENT ON COLUMN @extschema@.part_config.lock_timeout IS 'lock_timeout of every DDL statement on the set; NULL: the setting partman_ext.lock_timeout.';
COMMENT ON COLUMN @extschema@.part_config.buckets IS 'Number of buckets (bucket sets); NULL otherwise.';
COMMENT ON COLUMN @extschema@.part_config.skew_warning IS '|skew factor| from which a bucket is reported WARNING (default 0.3).';
COMMENT ON COLUMN @extschema@.part_config.skew_rebalance IS '|skew factor| from which a bucket is reported REBALANCE_RECOMMENDED (default 0.4).';
COMMENT ON COLUMN @extschema@.part_config.skew_critical IS '|skew factor| from which a bucket is reported CRITICAL (default 0.5).';
COMMENT ON COLUMN @extschema@.part_config.max_partition_bytes IS 'Size in bytes above which a partition is reported TOO_LARGE (default 5 GiB).';
COMMENT ON COLUMN @extschema@.part_config.max_partition_rows IS 'Estimated rows above which a partition is reported TOO_MANY_ROWS (default 10 million).';
COMMENT ON COLUMN @extschema@.part_config.enabled IS 'Whether maintenance (run_partition_maintenance() for all sets, the scheduler) includes the set.';
COMMENT ON COLUMN @extschema@.part_config.created_at IS 'When the set was registered.';
COMMENT ON COLUMN @extschema@.part_config.updated_at IS 'When the set''s settings last changed.';

COMMENT ON COLUMN @extschema@.maintenance_log.log_id IS 'Row id, in the order actions were logged.';
COMMENT ON COLUMN @extschema@.maintenance_log.logged_at IS 'When the action was logged (clock_timestamp()).';
COMMENT ON COLUMN @extschema@.maintenance_log.operation IS 'What was done: create_partition, create_default, drop_partition, detach_partition, archive_partition, empty_default (rows moved out of the default partition), create_bucket_partitions, maintenance (a whole set failed or was skipped).';
COMMENT ON COLUMN @extschema@.maintenance_log.parent_table IS 'The set''s parent, as the action named it.';
COMMENT ON COLUMN @extschema@.maintenance_log.partition_name IS 'The partition acted on, schema-qualified; NULL for a whole set.';
COMMENT ON COLUMN @extschema@.maintenance_log.success IS 'true when the action was done; false when it failed or was skipped (lock timeout).';
COMMENT ON COLUMN @extschema@.maintenance_log.sqlstate IS 'SQLSTATE of the error when it failed or was skipped (55P03: lock timeout).';
COMMENT ON COLUMN @extschema@.maintenance_log.message IS 'The action taken, or the error.';
COMMENT ON COLUMN @extschema@.maintenance_log.rows_moved IS 'Rows moved out of the default partition by this action.';
COMMENT ON COLUMN @extschema@.maintenance_log.duration_ms IS 'How long the action took, in milliseconds.';
COMMENT ON COLUMN @extschema@.maintenance_log.run_by IS 'The session user that ran maintenance.';

COMMENT ON COLUMN @extschema@.job.job_id IS 'Job id.';
COMMENT ON COLUMN @extschema@.job.kind IS 'maintenance, analyze, vacuum, health or sampling.';
COMMENT ON COLUMN @extschema@.job.parent_table IS 'The set the job works on; NULL: every registered set.';
COMMENT ON COLUMN @extschema@.job.schedule_interval IS 'Time between runs; NULL: run once.';
COMMENT ON COLUMN @extschema@.job.next_run IS 'When the job is due next.';
COMMENT ON COLUMN @extschema@.job.enabled IS 'Whether the scheduler runs the job (pause_job() / resume_job()).';
COMMENT ON COLUMN @extschema@.job.max_runtime IS 'A run still going after this long is cancelled and recorded as cancelled.';
COMMENT ON COLUMN @extschema@.job.max_retries IS 'Retries after a failed run before waiting for the next scheduled time.';
COMMENT ON COLUMN @extschema@.job.retry_backoff IS 'Wait before the first retry; doubled for each further one.';
COMMENT ON COLUMN @extschema@.job.options IS 'Options of the job''s kind as a JSON object, e.g. vacuum: {"full": true, "analyze": true}.';
COMMENT ON COLUMN @extschema@.job.consecutive_failures IS 'Failed runs in a row; reset by a success or by enabling the job.';
COMMENT ON COLUMN @extschema@.job.requested IS 'Run again as soon as the current run ends (a set registered or changed during it).';
COMMENT ON COLUMN @extschema@.job.builtin IS 'One of the default jobs CREATE EXTENSION adds (not dumped: CREATE EXTENSION adds them again).';
COMMENT ON COLUMN @extschema@.job.created_by IS 'The role that added the job.';
COMMENT ON COLUMN @extschema@.job.created_at IS 'When the job was added.';

COMMENT ON COLUMN @extschema@.job_run.run_id IS 'Run id, in the order runs started.';
COMMENT ON COLUMN @extschema@.job_run.job_id IS 'The job that ran (the run stays when the job is removed).';
COMMENT ON COLUMN @extschema@.job_run.kind IS 'The job''s kind at the time of the run.';
COMMENT ON COLUMN @extschema@.job_run.parent_table IS 'The job''s set at the time of the run; NULL: every set.';
COMMENT ON COLUMN @extschema@.job_run.started_at IS 'When the run started.';
COMMENT ON COLUMN @extschema@.job_run.finished_at IS 'When the run ended; NULL while it runs.';
COMMENT ON COLUMN @extschema@.job_run.status IS 'running, succeeded, failed, cancelled or skipped.';
COMMENT ON COLUMN @extschema@.job_run.sqlstate IS 'SQLSTATE of the error when the run failed.';
COMMENT ON COLUMN @extschema@.job_run.message IS 'Summary of the run, or its error.';
COMMENT ON COLUMN @extschema@.job_run.items_done IS 'Partitions created / dropped / moved / analyzed / vacuumed, or alerts sent.';
COMMENT ON COLUMN @extschema@.job_run.attempt IS '1 for a scheduled run, 2.. for its retries.';
COMMENT ON COLUMN @extschema@.job_run.pid IS 'Process id of the scheduler that ran it.';
COMMENT ON COLUMN @extschema@.job_run.details IS 'Per-set details as a JSON array (set, partition, action; errors with SQLSTATE).';

COMMENT ON COLUMN @extschema@.alert_state.alert_id IS 'Alert id.';
COMMENT ON COLUMN @extschema@.alert_state.severity IS 'critical, warning or info.';
COMMENT ON COLUMN @extschema@.alert_state.code IS 'Stable alert code (docs/monitoring.md), e.g. ROWS_IN_DEFAULT, INSUFFICIENT_PREMAKE.';
COMMENT ON COLUMN @extschema@.alert_state.parent_table IS 'The set concerned; NULL for an alert about every set.';
COMMENT ON COLUMN @extschema@.alert_state.partition_name IS 'The partition concerned, when there is one.';
COMMENT ON COLUMN @extschema@.alert_state.message IS 'What is wrong, in plain words.';
COMMENT ON COLUMN @extschema@.alert_state.recommendation IS 'What to do about it, often a statement to run.';
COMMENT ON COLUMN @extschema@.alert_state.raised_at IS 'When the health job first found the alert.';
COMMENT ON COLUMN @extschema@.alert_state.last_seen_at IS 'When the health job last found it still present.';
COMMENT ON COLUMN @extschema@.alert_state.cleared_at IS 'When the health job found it gone; NULL while it is open.';

COMMENT ON COLUMN @extschema@.partition_activity_samples.sampled_at IS 'When the sample was taken.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.parent_relid IS 'OID of the set''s parent.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.partition_relid IS 'OID of the partition (a top-level partition; sub-partitions are summed into it).';
COMMENT ON COLUMN @extschema@.partition_activity_samples.n_tup_ins IS 'Cumulative rows inserted (pg_stat_user_tables.n_tup_ins) at sampled_at.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.n_tup_upd IS 'Cumulative rows updated (pg_stat_user_tables.n_tup_upd) at sampled_at.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.n_tup_del IS 'Cumulative rows deleted (pg_stat_user_tables.n_tup_del) at sampled_at.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.writes_total IS 'Writes since the partition''s first sample, counted across counter resets.';

COMMENT ON COLUMN @extschema@.key_statistics.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics.key_value IS 'The key as text; NULL for a NULL key.';
COMMENT ON COLUMN @extschema@.key_statistics.partition_name IS 'Top-level partition of the set holding the key.';
COMMENT ON COLUMN @extschema@.key_statistics.row_count IS 'Rows with this key: exact, or sampled rows / sampling fraction.';
COMMENT ON COLUMN @extschema@.key_statistics.share IS 'Share of all rows of the set.';
COMMENT ON COLUMN @extschema@.key_statistics.partition_share IS 'Share of the rows of its partition.';
COMMENT ON COLUMN @extschema@.key_statistics.rank IS '1 = the heaviest key of its partition.';
COMMENT ON COLUMN @extschema@.key_statistics.sampled IS 'false: an exact GROUP BY over the whole set; true: a TABLESAMPLE BERNOULLI sample.';
COMMENT ON COLUMN @extschema@.key_statistics.sample_percent IS 'TABLESAMPLE BERNOULLI percentage; NULL when exact.';
COMMENT ON COLUMN @extschema@.key_statistics.rows_examined IS 'Rows counted (the sample size when sampled).';
COMMENT ON COLUMN @extschema@.key_statistics.error_bound IS '95% half-width of share, 1.96 * sqrt(p (1 - p) / n); 0 when exact.';
COMMENT ON COLUMN @extschema@.key_statistics.refreshed_at IS 'When refresh_key_statistics() computed the row.';

COMMENT ON COLUMN @extschema@.partition_action.parent_table IS 'The set''s parent, schema-qualified.';
COMMENT ON COLUMN @extschema@.partition_action.partition_name IS 'The partition, schema-qualified.';
COMMENT ON COLUMN @extschema@.partition_action.lower_bound IS 'Inclusive lower bound as the key type prints it.';
COMMENT ON COLUMN @extschema@.partition_action.upper_bound IS 'Exclusive upper bound as the key type prints it.';
COMMENT ON COLUMN @extschema@.partition_action.est_rows IS 'Catalog row estimate (pg_class.reltuples; NULL = never analyzed); for created partitions the rows moved into them.';
COMMENT ON COLUMN @extschema@.partition_action.bytes IS 'Retention rows: catalog size estimate, relpages x 8 kB of the table, its TOAST table and indexes.';
COMMENT ON COLUMN @extschema@.partition_action.rows_moved IS 'Rows moved out of the default partition by this action.';
COMMENT ON COLUMN @extschema@.partition_action.action IS 'created / would create / dropped / would drop / detached / would detach / archived / would archive / moved / would move / skipped / failed.';
COMMENT ON COLUMN @extschema@.partition_action.message IS 'Why it was skipped or failed (with SQLSTATE), or other detail.';

-- Issue 12, items 4-5 (command-line client, pictures): partition_writes_per_hour(); the report's
-- document gains buckets and writes_per_hour; the text report draws bar charts (_bar in C++,
-- _report_chart) and partition_report() takes charset (a new signature: the old one is dropped).
CREATE FUNCTION @extschema@.partition_writes_per_hour(parent regclass DEFAULT NULL, hours integer DEFAULT 24)
RETURNS TABLE (parent_table text, hour timestamptz, writes bigint)
LANGUAGE plpgsql STABLE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    now_at timestamptz := @extschema@.clock();
    last_hour timestamptz := date_trunc('hour', @extschema@.clock());
    first_hour timestamptz;
BEGIN
    IF hours IS NULL OR hours < 1 OR hours > 8784 THEN
        RAISE EXCEPTION 'hours must be between 1 and 8784'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('hours was %s.', coalesce(hours::text, 'NULL')),
                    HINT = 'hours is how many hours back to report, the current one included (default 24); samples are kept for partman_ext.activity_retention (default 8 days).';
    END IF;
    IF parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_writes_per_hour() reports on the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL for every set.';
    END IF;
    first_hour := last_hour - (hours - 1) * interval '1 hour';
    RETURN QUERY
    WITH sets AS (
        SELECT c.parent_table::oid AS relid, format('%I.%I', n.nspname, r.relname) AS name
          FROM @extschema@.part_config c
          JOIN pg_catalog.pg_class r ON r.oid = c.parent_table::oid
          JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE parent IS NULL OR c.parent_table = parent
    ), win AS (
        SELECT s.parent_relid, s.partition_relid, s.sampled_at, s.writes_total,
               lag(s.writes_total) OVER (PARTITION BY s.partition_relid ORDER BY s.sampled_at) AS prev
          FROM @extschema@.partition_activity_samples s
         WHERE s.sampled_at >= first_hour AND s.sampled_at <= now_at
           AND s.parent_relid IN (SELECT relid FROM sets)
    ), d AS (
        -- A partition's first sample in the window counts from its last sample before the window
        -- (one index probe, only then); without one it is the partition's baseline (0 writes).
        SELECT w.parent_relid, date_trunc('hour', w.sampled_at) AS hour,
               w.writes_total - coalesce(w.prev,
                                         (SELECT b.writes_total FROM @extschema@.partition_activity_samples b
                                           WHERE b.partition_relid = w.partition_relid AND b.sampled_at < first_hour
                                           ORDER BY b.sampled_at DESC LIMIT 1),
                                         w.writes_total) AS delta
          FROM win w
    )
    SELECT st.name, h.hour, sum(d.delta)::bigint
      FROM sets st
     CROSS JOIN generate_series(first_hour, last_hour, interval '1 hour') h(hour)
      LEFT JOIN d ON d.parent_relid = st.relid AND d.hour = h.hour
     GROUP BY st.name, h.hour
     ORDER BY st.name, h.hour;
END
$$;
COMMENT ON FUNCTION @extschema@.partition_writes_per_hour(regclass, integer) IS
'partman_ext: writes (rows inserted + updated + deleted) per hour of one set (or of every set with NULL) over the last hours hours (default 24, the current hour included; hours start at whole hours of the session''s time zone), from the activity samples: the writes between two samples of a partition count in the hour of the later one. writes is NULL for an hour without any sample of the set. Errors: hours outside 1 .. 8784, or parent not registered: 22023.';

DROP FUNCTION @extschema@.partition_report(text, regclass, integer);

CREATE FUNCTION @extschema@._bar(value double precision, scale double precision, width integer DEFAULT 30,
                                 charset text DEFAULT 'unicode', mark double precision DEFAULT NULL)
RETURNS text LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'partman_report_bar';
COMMENT ON FUNCTION @extschema@._bar(double precision, double precision, integer, text, double precision) IS
'partman_ext internal: a horizontal bar of value on a scale (width cells for the whole scale; Unicode block characters, exact to 1/8 of a cell, or ASCII ''#''), with a vertical line at mark when given; always the same width (width + 1 with a mark), space-padded. NULL when value is NULL.';

-- A titled bar chart, one line per element of items: its label (padded to the longest), a bar of
-- its value on the scale of its group (the largest value or mark of the elements with the same
-- group; one scale for all without group_key), with the mark's line when it has one, then its
-- figures. An unknown value (NULL) draws no bar. Bars: partman_ext._bar (src/core/bars.cpp), 30 cells.
CREATE FUNCTION @extschema@._report_chart(items jsonb, title text, charset text, label_key text, value_key text,
                                          figures_key text, group_key text DEFAULT NULL, mark_key text DEFAULT NULL)
RETURNS text LANGUAGE sql STABLE AS $$
    WITH e AS (
        SELECT i.n, coalesce(i.e ->> label_key, '-') AS label, (i.e ->> value_key)::float8 AS v,
               (i.e ->> mark_key)::float8 AS m, i.e ->> group_key AS g, coalesce(i.e ->> figures_key, '') AS figures
          FROM jsonb_array_elements(coalesce(items, '[]')) WITH ORDINALITY i(e, n)
    ), s AS (
        SELECT e.*, max(greatest(e.v, e.m)) OVER (PARTITION BY e.g) AS scale,
               max(length(e.label)) OVER () AS label_width,
               30 + (bool_or(e.m IS NOT NULL) OVER ())::integer AS bar_width
          FROM e
    )
    SELECT E'\n== ' || title || E' ==\n' ||
           coalesce(string_agg(rpad(s.label, s.label_width) || '  ' ||
                               rpad(coalesce(@extschema@._bar(s.v, s.scale, 30, charset, s.m), ''), s.bar_width) ||
                               '  ' || s.figures, E'\n' ORDER BY s.n),
                    '(none)')
      FROM s
$$;
COMMENT ON FUNCTION @extschema@._report_chart(jsonb, text, text, text, text, text, text, text) IS
'partman_ext internal: a titled bar chart section of the text report: per array element a label, a bar of a value (scaled per group, with an optional mark line) and its figures.';

-- Issue 8 (items 3, 4, 8): registration creates the set's partitions; retention waits for the next
-- regular maintenance run (part_config.retention_not_before) and says what it will remove;
-- list_partitions shows when; update_partition_set(..., retention => NULL) removes retention;
-- reapply_privileges() gives partitions the parent's grants.
ALTER TABLE @extschema@.part_config ADD COLUMN retention_not_before timestamptz;
COMMENT ON COLUMN @extschema@.part_config.retention_not_before IS
'partman_ext: destructive retention (drop, detach, archive) waits until this instant: the next regular run of the maintenance job after the set was registered with a retention or its retention, retention_mode or enabled changed. NULL: no wait.';

DROP FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval);
CREATE FUNCTION @extschema@.register_partition_set(
    parent regclass,
    control name,
    partition_interval text,
    premake integer DEFAULT 4,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT 'drop',
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT true,
    time_zone text DEFAULT 'UTC',
    lock_timeout interval DEFAULT '2s',
    enabled boolean DEFAULT true,
    dry_run boolean DEFAULT false)
RETURNS TABLE (parent_table text, strategy text, control_column text, partition_interval text,
               premake integer, retention text, retention_mode text, time_zone text,
               adopted_partitions integer, default_partition text,
               created_partitions integer, rows_moved bigint, retention_not_before timestamptz, enabled boolean)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_register_partition_set';

CREATE OR REPLACE FUNCTION @extschema@.update_partition_set(
    parent regclass,
    premake integer DEFAULT NULL,
    retention text DEFAULT 'unchanged',
    retention_mode text DEFAULT NULL,
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT NULL,
    time_zone text DEFAULT NULL,
    lock_timeout interval DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    clear_retention boolean DEFAULT false)
RETURNS SETOF @extschema@.part_config
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_update_partition_set_v2';

COMMENT ON FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean) IS
'partman_ext: change a partition set''s settings (NULL = keep; retention: ''unchanged'' = keep, NULL = remove retention, as does clear_retention => true). A new retention or retention_mode, or enabling a set with retention, removes nothing before the next regular maintenance run; a NOTICE says what will be removed and when. Returns the new configuration row. Existing partitions keep their bounds.';

COMMENT ON FUNCTION @extschema@.drop_old_partitions(regclass, integer, boolean) IS
'partman_ext: retention on request, at once (the set''s retention_not_before does not apply). Removes (per the set''s retention_mode: drop, detach, or archive) partitions whose upper bound is at or before now - retention months (time sets) or max(control) - retention (integer sets). Never the default partition or the current one. dry_run => true returns exactly what a real run would remove, with row estimates and bytes.';

DROP FUNCTION @extschema@.list_partitions(regclass);
CREATE FUNCTION @extschema@.list_partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table text, partition_name text, lower_bound text, upper_bound text,
               est_rows bigint, bytes bigint, is_default boolean, status text, retention_at timestamptz)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_list_partitions';

CREATE FUNCTION @extschema@.reapply_privileges(parent regclass, revoke_extra boolean DEFAULT false, dry_run boolean DEFAULT false)
RETURNS TABLE (parent_table text, partition_name text, action text, privileges text, grantee text, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_reapply_privileges';

COMMENT ON FUNCTION @extschema@.reapply_privileges(regclass, boolean, boolean) IS
'partman_ext: give every partition (all levels, default included) the privileges its parent grants and it lacks; revoke_extra => true also revokes privileges a partition grants and the parent does not. Runs as the parent''s owner; partitions owned by another role are skipped. One row per partition and grantee: privileges, action granted / revoked / would grant / would revoke / skipped / failed, the statement and any error. dry_run => true changes nothing.';


-- Comments of the functions whose texts issues 8 and 9 both changed, as merged.
COMMENT ON TYPE @extschema@.partition_action IS
'partman_ext: one action taken or planned on a partition (bounds, catalog row estimate, catalog size estimate in bytes, rows moved out of the default partition, action, message). action deferred: work left for a new transaction (lock budget) or a later run (partman_ext.max_gap_fill), with the range and count in message; skipped and failed rows carry their SQLSTATE at the start of message.';
COMMENT ON FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval, boolean, boolean) IS
'partman_ext: register a RANGE-partitioned parent as a time or integer partition set. partition_interval and retention are intervals (time sets) or integers (integer sets); premake counts intervals after the current one. Adopts existing partitions from the catalog, then (when enabled) creates the current and premake partitions, the gap fill and the default partition in the caller''s transaction, moving rows of their ranges out of the default partition; removes nothing. A retention first acts at the next regular maintenance run (retention_not_before); a NOTICE says what it will remove and when. enabled => false registers without creating anything or maintaining the set. dry_run => true changes nothing and says in a NOTICE what registration would create. Errors: 22004 NULL argument, 42809 not RANGE-partitioned, 0A000 multi-column/expression key, 42703/22023 wrong control column, 42804 unsupported type, 22023 bad interval/premake/retention/mode/zone/misaligned bounds, 3F000 missing archive schema, 42710 already registered, 42501 not the owner or the owner cannot create tables in the parent''s schema.';
COMMENT ON FUNCTION @extschema@.run_partition_maintenance(regclass, boolean) IS
'partman_ext: full maintenance of one set or (NULL) every enabled time/integer set the caller may maintain: premake and gap fill, retention (rows ''retention pending'' until the set''s retention_not_before), default partition, the parent''s grants on partitions missing them. Each set runs in its own subtransaction under its lock_timeout and an advisory lock, planned from a snapshot taken once that lock is held; one failing set never stops the others. Bounded per call: the current interval and premake first, then the default partition and retention, then at most partman_ext.max_gap_fill gap-fill partitions (nearest to now first), all within the transaction''s lock budget (max_locks_per_transaction); what is left comes back as deferred rows (run_partition_maintenance_proc continues at once in new transactions).';

-- Issue 8 items 5-7, issue 9 items 4, 7, 8 (scheduler): a scheduler for every database with the
-- extension, cron schedules in a time zone, next runs from the schedule, retries apart from the
-- regular schedule, bounded intervals, built-in jobs dumped, per-set failure alerts.
DO $$
BEGIN
    -- 0.1.0 created the role when it was missing: mark it so that DROP EXTENSION may drop it.
    IF pg_catalog.shobj_description((SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'partman_ext_admin'), 'pg_authid') IS NULL THEN
        COMMENT ON ROLE partman_ext_admin IS
            'partman_ext: created by CREATE EXTENSION partman_ext; members may register, change and maintain every partition set. Dropped with the extension''s last installation unless it has members.';
    END IF;
END
$$;
DO $$
BEGIN
    IF pg_catalog.obj_description('@extschema@'::regnamespace, 'pg_namespace') IS NULL THEN
        COMMENT ON SCHEMA @extschema@ IS
            'partman_ext: the schema of the extension partman_ext (partition sets managed from inside PostgreSQL: registration, premake, retention, default-partition relocation, routing, skew, monitoring views, health alerts and the scheduler''s jobs; start with README.md and docs/reference.md). DROP EXTENSION drops it when nothing else is in it.';
    END IF;
END
$$;
ALTER TABLE @extschema@.job ADD COLUMN schedule text CHECK (schedule IS NULL OR schedule_interval IS NULL);
ALTER TABLE @extschema@.job ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE @extschema@.job ADD COLUMN retry_at timestamptz;
COMMENT ON TABLE @extschema@.job IS
'partman_ext: scheduled jobs (kind, partition set or all, schedule (cron or interval) in a time zone, next regular run, retry, enabled, max runtime, retries, backoff). Change it with add_job/alter_job/pause_job/resume_job/remove_job/run_job; read it through the view partman_ext.jobs.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.job', '');
ALTER TABLE @extschema@.job_run ADD COLUMN reason text CHECK (reason IN ('schedule', 'requested', 'retry'));
CREATE FUNCTION @extschema@._job_restore_builtin() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- A dumped built-in job arriving in a database where CREATE EXTENSION made it afresh:
    -- the dumped row (with the user's changes) replaces the fresh one.
    DELETE FROM @extschema@.job j WHERE j.job_id = NEW.job_id AND j.builtin;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@._job_restore_builtin() IS
'partman_ext internal: on restore (pg_restore of a dump), a built-in job''s dumped row replaces the one CREATE EXTENSION created, so changes to built-in jobs survive pg_dump/pg_restore.';
REVOKE ALL ON FUNCTION @extschema@._job_restore_builtin() FROM PUBLIC;
CREATE TRIGGER job_restore_builtin BEFORE INSERT ON @extschema@.job
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@._job_restore_builtin();

CREATE FUNCTION @extschema@.scheduler_status() RETURNS text
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'partman_scheduler_status';
COMMENT ON FUNCTION @extschema@.scheduler_status() IS
'partman_ext: whether a scheduler serves this database: running, starting, paused: <why> (partman_ext.pause_scheduler), or not running: <why> (library not preloaded, partman_ext.enabled off, not in partman_ext.databases, no free background worker, ...).';

CREATE OR REPLACE VIEW @extschema@.job_runs AS
SELECT run_id, job_id, kind, parent_table, started_at, finished_at, finished_at - started_at AS duration,
       status, sqlstate, message, items_done, attempt, details, reason
FROM @extschema@.job_run;
COMMENT ON VIEW @extschema@.job_runs IS
'partman_ext: job-run history: job, kind, start, end, duration, status (running, succeeded, failed, cancelled, skipped), SQLSTATE, message, items done (every action taken: partitions created, created with rows moved, dropped, detached, archived, analyzed, vacuumed; alerts sent), attempt, per-set details (each action and each set''s failure with its SQLSTATE), reason (schedule, requested, retry).';

DROP FUNCTION @extschema@.add_job(text, regclass, interval, timestamptz, interval, integer, interval, jsonb, boolean);
CREATE FUNCTION @extschema@.add_job(
    kind text,
    parent regclass DEFAULT NULL,
    schedule_interval interval DEFAULT '1 hour',
    next_run timestamptz DEFAULT NULL,
    max_runtime interval DEFAULT NULL,
    max_retries integer DEFAULT NULL,
    retry_backoff interval DEFAULT NULL,
    options jsonb DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    schedule text DEFAULT NULL,
    time_zone text DEFAULT NULL)
RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_add_job';

DROP FUNCTION @extschema@.alter_job(bigint, interval, timestamptz, boolean, interval, integer, interval, jsonb);
CREATE FUNCTION @extschema@.alter_job(
    job_id bigint,
    schedule_interval interval DEFAULT NULL,
    next_run timestamptz DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    max_runtime interval DEFAULT NULL,
    max_retries integer DEFAULT NULL,
    retry_backoff interval DEFAULT NULL,
    options jsonb DEFAULT NULL,
    schedule text DEFAULT NULL,
    time_zone text DEFAULT NULL)
RETURNS SETOF @extschema@.jobs
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_alter_job';
COMMENT ON FUNCTION @extschema@.alter_job(bigint, interval, timestamptz, boolean, interval, integer, interval, jsonb, text, text) IS
'partman_ext: changes a job''s settings (NULL leaves one unchanged). A new schedule (cron or interval) or time zone recomputes next_run unless next_run is given; an explicit next_run is kept until that time. Enabling a job resets its failure count. Returns the job.';

CREATE FUNCTION @extschema@.job_next_run(job_id bigint, after timestamptz DEFAULT NULL)
RETURNS timestamptz
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_job_next_run';
COMMENT ON FUNCTION @extschema@.job_next_run(bigint, timestamptz) IS
'partman_ext: the first regular run of a job strictly after `after` (default partman_ext.clock()): its next_run when that lies later, else the next time its schedule fires (cron in its time zone, or next_run + k * schedule_interval). Retries and run_job() requests are not regular runs. NULL for a one-off job that has run.';

CREATE FUNCTION @extschema@.schedule_next_runs(schedule text, time_zone text DEFAULT 'UTC',
                                                after timestamptz DEFAULT NULL, count integer DEFAULT 5)
RETURNS SETOF timestamptz
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_schedule_next_runs';
COMMENT ON FUNCTION @extschema@.schedule_next_runs(text, text, timestamptz, integer) IS
'partman_ext: the next `count` (1..1000) times a cron schedule (or an interval text, stepping from `after`) fires after `after` (default partman_ext.clock()) in time_zone: to try a schedule before giving it to add_job/alter_job.';

CREATE OR REPLACE FUNCTION @extschema@._part_config_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- requested: runs at the next tick, and again after a run that is going on now (which may have
    -- listed the sets before this one committed). The regular schedule (next_run) is unchanged.
    UPDATE @extschema@.job j SET requested = true
    WHERE j.kind = 'maintenance' AND j.enabled
      AND (j.parent_table IS NULL OR j.parent_table = NEW.parent_table);
    PERFORM @extschema@._wake_scheduler();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@._part_config_changed() IS
'partman_ext internal: trigger on part_config making maintenance due now for a registered or changed set.';

CREATE FUNCTION @extschema@._extension_installed() RETURNS boolean
LANGUAGE c AS 'MODULE_PATHNAME', 'partman_extension_installed';
COMMENT ON FUNCTION @extschema@._extension_installed() IS
'partman_ext internal: called by the install and upgrade scripts; at commit asks the launcher to serve this database, and warns now when no scheduler will. Returns whether one will.';
REVOKE ALL ON FUNCTION @extschema@._extension_installed() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@._health_alerts(regclass, boolean, @extschema@._overview_row[]) IS
'partman_ext internal: every health alert of one set (or all sets); probe_default looks into non-empty default partitions instead of trusting the catalog estimate; overview: the partitions when already computed.';

-- At commit, the launcher serves this database with the new scheduler.
SELECT @extschema@._extension_installed();

-- Comments on the scheduler's new columns and trigger.
COMMENT ON COLUMN @extschema@.job.schedule IS 'Five-field cron schedule (pg_cron''s syntax, or an @macro), read on the wall clock of time_zone; NULL when the job has a schedule_interval or runs once.';
COMMENT ON COLUMN @extschema@.job.time_zone IS 'Time zone in which schedule and the day and month parts of schedule_interval are read (default UTC).';
COMMENT ON COLUMN @extschema@.job.retry_at IS 'When a failed run is retried (exponential backoff), before next_run; NULL when no retry is pending.';
COMMENT ON COLUMN @extschema@.job_run.reason IS 'Why the run happened: schedule (a regular run), requested (run_job(), a set registered or changed) or retry.';
COMMENT ON TRIGGER job_restore_builtin ON @extschema@.job IS 'partman_ext: on restore of a dump, a built-in job row replaces the one CREATE EXTENSION has just made (so changes to built-in jobs survive pg_dump / pg_restore).';

-- _health_alerts as merged (issues 8, 9: several branches changed it; this is its final text).
CREATE OR REPLACE FUNCTION @extschema@._health_alerts(parent regclass, probe_default boolean,
                                           overview @extschema@._overview_row[] DEFAULT NULL)
RETURNS TABLE (severity text, code text, parent_table text, partition_name text, message text,
               recommendation text, parent_relid oid)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ov AS MATERIALIZED (
        SELECT * FROM unnest(overview)
         WHERE overview IS NOT NULL AND (parent IS NULL OR parent_relid = parent::oid)
        UNION ALL
        SELECT * FROM @extschema@._partition_overview(parent) WHERE overview IS NULL
    ), agg AS (
        SELECT o.parent_relid,
               count(*) FILTER (WHERE NOT o.is_default) AS parts,
               count(*) FILTER (WHERE o.period = 'current') AS current_parts,
               count(*) FILTER (WHERE o.period = 'future') AS future_parts,
               (array_agg(o.upper_bound ORDER BY o.upper_time DESC NULLS LAST, o.upper_value DESC NULLS LAST)
                    FILTER (WHERE NOT o.is_default))[1] AS covered_until,
               bool_or(o.is_default) AS has_default,
               -- A partition open at the top (MAXVALUE, or infinity for time keys) covers the future.
               coalesce(bool_or(o.upper_bound IN ('MAXVALUE', 'infinity')) FILTER (WHERE NOT o.is_default), false) AS open_top,
               bool_and(o.lower_bound IS NULL AND o.upper_bound IS NULL) FILTER (WHERE NOT o.is_default) AS unread
          FROM ov o GROUP BY o.parent_relid
    ), sets AS (
        SELECT c.parent_table::oid AS relid, format('%I.%I', n.nspname, r.relname) AS name, c.strategy, c.premake,
               c.retention, c.buckets, c.time_zone, coalesce(a.parts, 0) AS parts,
               coalesce(a.current_parts, 0) AS current_parts, coalesce(a.future_parts, 0) AS future_parts,
               a.covered_until, coalesce(a.has_default, false) AS has_default, coalesce(a.open_top, false) AS open_top,
               coalesce(a.unread, false) AND c.strategy IN ('time', 'integer') AS busy
          FROM @extschema@.part_config c
          JOIN pg_catalog.pg_class r ON r.oid = c.parent_table::oid
          JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
          LEFT JOIN agg a ON a.parent_relid = c.parent_table::oid
         WHERE parent IS NULL OR c.parent_table = parent
    ), months AS (
        -- Rows per calendar month (set's time zone) of time partitions lying wholly inside one month.
        SELECT o.parent_relid AS relid, date_trunc('month', o.lower_time AT TIME ZONE o.time_zone) AS month,
               sum(o.est_rows) AS rows, bool_and(o.est_rows IS NOT NULL) AS known
          FROM ov o
         WHERE o.strategy = 'time' AND NOT o.is_default
           AND (o.upper_time AT TIME ZONE o.time_zone)
               <= date_trunc('month', o.lower_time AT TIME ZONE o.time_zone) + interval '1 month'
         GROUP BY 1, 2
    ), growth AS (
        -- The last two complete months.
        SELECT s.relid, s.name, m1.rows AS last_rows, m2.rows AS prev_rows
          FROM sets s
          JOIN months m1 ON m1.relid = s.relid AND m1.known
           AND m1.month = date_trunc('month', @extschema@.clock() AT TIME ZONE s.time_zone) - interval '1 month'
          JOIN months m2 ON m2.relid = s.relid AND m2.known
           AND m2.month = date_trunc('month', @extschema@.clock() AT TIME ZONE s.time_zone) - interval '2 months'
    )
    SELECT 'critical', 'NO_PARTITIONS', s.name, NULL::text,
           format('%s has no partitions', s.name),
           CASE WHEN s.strategy = 'bucket' THEN format('Create its buckets: SELECT * FROM partman_ext.create_bucket_partitions(%L, %s);', s.name, coalesce(s.buckets, 16))
                ELSE format('Create them: SELECT * FROM partman_ext.create_future_partitions(%L);', s.name) END,
           s.relid
      FROM sets s WHERE s.parts = 0
    UNION ALL
    SELECT 'critical', 'MISSING_CURRENT_PARTITION', s.name, NULL,
           format('no partition of %s covers the current time (%s); new rows %s', s.name,
                  to_char(@extschema@.clock() AT TIME ZONE s.time_zone, 'YYYY-MM-DD HH24:MI'),
                  CASE WHEN s.has_default THEN 'go to the default partition' ELSE 'are rejected' END),
           format('Create it now: SELECT * FROM partman_ext.create_future_partitions(%L);', s.name),
           s.relid
      FROM sets s WHERE s.strategy = 'time' AND s.parts > 0 AND s.current_parts = 0 AND NOT s.busy
    UNION ALL
    SELECT 'info', 'SET_BUSY', s.name, NULL,
           format('%s is locked by another session: its partitions were not inspected this time', s.name),
           'Nothing to do if maintenance or a migration is running; otherwise see pg_locks for the holder.',
           s.relid
      FROM sets s WHERE s.busy
    UNION ALL
    SELECT 'warning', 'INSUFFICIENT_PREMAKE', s.name, NULL,
           format('%s has %s future partition(s) (covered until %s); premake is %s', s.name, s.future_parts,
                  coalesce(s.covered_until, 'unknown'), s.premake),
           format('Run maintenance: SELECT * FROM partman_ext.run_partition_maintenance(%L);', s.name),
           s.relid
      FROM sets s WHERE s.strategy IN ('time', 'integer') AND s.parts > 0 AND s.future_parts < s.premake AND NOT s.busy
       AND NOT s.open_top
    UNION ALL
    -- Gap fill left for later runs (e.g. after one far-past row got its partition): what will be
    -- created, how many runs that takes and, with a maintenance job, about when it is done.
    SELECT 'warning', 'GAP_FILL_PENDING', s.name, NULL,
           format('%s: %s partition(s) from %s to %s are still to be created by gap fill (until then rows of that range go to the default partition); maintenance creates at most %s per run%s',
                  s.name, g.missing_partitions, coalesce(g.lower_bound, '?'), coalesce(g.upper_bound, '?'), g.per_run,
                  CASE WHEN g.runs_needed IS NULL THEN ' and gap fill is off (partman_ext.max_gap_fill = 0)'
                       WHEN j.next_run IS NULL THEN format(': about %s run(s); no enabled maintenance job is scheduled for this set', g.runs_needed)
                       ELSE format(': about %s run(s) of the maintenance job (every %s, next at %s), done around %s',
                                   g.runs_needed, j.schedule_interval, to_char(j.next_run, 'YYYY-MM-DD HH24:MI TZ'),
                                   to_char(j.next_run + (g.runs_needed - 1) * j.schedule_interval, 'YYYY-MM-DD HH24:MI TZ')) END),
           format('Nothing to do if these partitions are wanted: maintenance creates them run by run. To finish sooner, CALL partman_ext.run_partition_maintenance_proc(%L) again or raise partman_ext.max_gap_fill; if the old rows that started the gap are strays, delete them and drop the partition made for them.', s.name),
           s.relid
      FROM sets s
      JOIN @extschema@.gap_fill_status(parent) g ON to_regclass(g.parent_table) = s.relid
      LEFT JOIN LATERAL (SELECT j.schedule_interval, j.next_run FROM @extschema@.job j
                          WHERE j.kind = 'maintenance' AND j.enabled AND j.schedule_interval IS NOT NULL
                            AND (j.parent_table IS NULL OR j.parent_table::oid = s.relid)
                          ORDER BY j.next_run LIMIT 1) j ON true
     WHERE s.strategy IN ('time', 'integer') AND NOT s.busy
       AND (g.runs_needed IS NULL OR g.runs_needed > 1)  -- what the next run finishes is no news
    UNION ALL
    SELECT 'warning', 'BUCKET_COUNT_MISMATCH', s.name, NULL,
           format('%s has %s bucket partitions; %s are configured', s.name, s.parts, s.buckets),
           'Create the missing buckets or correct the bucket count with partman_ext.create_bucket_partitions().',
           s.relid
      FROM sets s WHERE s.strategy = 'bucket' AND s.parts > 0 AND s.buckets IS NOT NULL AND s.parts <> s.buckets
    UNION ALL
    SELECT 'warning', 'PARTITION_TOO_LARGE', o.parent_table, o.partition_name,
           format('%s is %s, above the limit of %s', o.partition_name, pg_catalog.pg_size_pretty(o.total_bytes),
                  pg_catalog.pg_size_pretty(o.max_partition_bytes)),
           CASE WHEN o.strategy = 'bucket' THEN 'Spread the set over more buckets, or raise max_partition_bytes.'
                ELSE 'Archive or drop old data (retention), use a shorter partition interval for new partitions, or raise max_partition_bytes.' END,
           o.parent_relid
      FROM ov o WHERE o.total_bytes > o.max_partition_bytes
    UNION ALL
    SELECT 'warning', 'PARTITION_TOO_MANY_ROWS', o.parent_table, o.partition_name,
           format('%s holds about %s rows, above the limit of %s', o.partition_name, o.est_rows, o.max_partition_rows),
           CASE WHEN o.strategy = 'bucket' THEN 'Spread the set over more buckets, or raise max_partition_rows.'
                ELSE 'Use a shorter partition interval for new partitions, archive old data, or raise max_partition_rows.' END,
           o.parent_relid
      FROM ov o WHERE o.est_rows > o.max_partition_rows
    UNION ALL
    SELECT 'info', 'HIGH_GROWTH', g.name, NULL,
           format('%s grew %s%% month over month (about %s rows last month, %s the month before)', g.name,
                  round(100.0 * (g.last_rows - g.prev_rows) / g.prev_rows), g.last_rows, g.prev_rows),
           'Plan capacity: check disk space, premake and the partition interval.',
           g.relid
      FROM growth g
     WHERE g.prev_rows > 0 AND g.last_rows > 1.5 * g.prev_rows
    UNION ALL
    SELECT 'info', 'PARTITIONS_BEYOND_RETENTION', s.name, min(o.partition_name ORDER BY o.lower_time, o.lower_value),
           format('%s partition(s) of %s are beyond its retention of %s (oldest: %s)', count(*), s.name, s.retention,
                  min(o.partition_name ORDER BY o.lower_time, o.lower_value)),
           format('Drop, detach or archive them: SELECT * FROM partman_ext.run_partition_maintenance(%L);', s.name),
           s.relid
      FROM sets s JOIN ov o ON o.parent_relid = s.relid AND o.beyond_retention
     GROUP BY s.relid, s.name, s.retention
    UNION ALL
    SELECT 'warning', 'ROWS_IN_DEFAULT', o.parent_table, o.partition_name,
           format('the default partition %s holds rows (%s)', o.partition_name,
                  coalesce('about ' || nullif(o.est_rows, 0) || ' rows, estimate',
                           pg_catalog.pg_size_pretty(o.table_bytes) || ' of data')),
           format('Create the partitions they belong to and move them: SELECT * FROM partman_ext.empty_default_partition(%L, dry_run => true);', o.parent_table),
           o.parent_relid
      FROM ov o
     WHERE o.is_default AND @extschema@._default_has_rows(o.partition_relid::regclass, o.est_rows, o.table_bytes, probe_default)
    UNION ALL
    SELECT CASE s.status WHEN 'CRITICAL' THEN 'critical' ELSE 'warning' END,
           CASE s.status WHEN 'WARNING' THEN 'SKEW_WARNING' WHEN 'REBALANCE_RECOMMENDED' THEN 'SKEW_REBALANCE_RECOMMENDED'
                ELSE 'SKEW_CRITICAL' END,
           o.parent_table, o.partition_name,
           format('%s holds %s%% of the rows of %s against an even %s%% (skew %s)', o.partition_name,
                  round((100 * s.share)::numeric, 2), o.parent_table, round((100 * s.expected_share)::numeric, 2),
                  round(s.skew_factor::numeric, 2)),
           format('Look for heavy keys and the bucket expression: SELECT * FROM partman_ext.rebalancing_recommendations(%L);', o.parent_table),
           o.parent_relid
      FROM @extschema@._bucket_skew(parent) s
      JOIN ov o ON o.partition_relid = s.partition_relid
     WHERE s.status IN ('WARNING', 'REBALANCE_RECOMMENDED', 'CRITICAL');

    -- Failing jobs of the scheduler, and sets that failed inside a job of every set.
    RETURN QUERY SELECT * FROM @extschema@._job_alerts(parent);
END
$$;

-- Issue 13 (Citus): the figures of a Citus table come from its shards (_citus_stats); the
-- per-partition layer of the monitoring views and activity sampling use them.
CREATE TYPE @extschema@._citus_figures AS (
    relid oid, shards integer, shards_read integer, est_rows bigint, unanalyzed_shards integer,
    heap_bytes bigint, table_bytes bigint, index_bytes bigint, total_bytes bigint,
    n_tup_ins bigint, n_tup_upd bigint, n_tup_del bigint, n_live_tup bigint, n_dead_tup bigint,
    seq_scan bigint, idx_scan bigint,
    last_vacuum timestamptz, last_autovacuum timestamptz,
    last_analyze timestamptz, last_autoanalyze timestamptz, xid_age integer);
COMMENT ON TYPE @extschema@._citus_figures IS
'partman_ext internal: figures of one Citus table summed over its shards (see _citus_stats).';

CREATE FUNCTION @extschema@._citus_stats(relids oid[])
RETURNS SETOF @extschema@._citus_figures
LANGUAGE plpgsql VOLATILE ROWS 10
    SET search_path = pg_catalog, pg_temp SET jit = off AS $$
DECLARE
    nodes text[];
    ports integer[];
    commands text[];
BEGIN
    IF relids IS NULL OR cardinality(relids) = 0
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus') THEN
        RETURN;
    END IF;
    -- Per node: the placements of the shards of the Citus tables among relids.
    SELECT array_agg(n.nodename ORDER BY n.nodename, n.nodeport), array_agg(n.nodeport ORDER BY n.nodename, n.nodeport),
           array_agg(format(
$cmd$SELECT CASE WHEN pg_catalog.set_config('lock_timeout', '1000', true) IS NOT NULL THEN (
WITH s AS (SELECT x.id, c.oid AS rel FROM ROWS FROM (pg_catalog.unnest(%L::pg_catalog.int8[]), pg_catalog.unnest(%L::pg_catalog.text[]), pg_catalog.unnest(%L::pg_catalog.text[])) AS x(id, nsp, name)
            JOIN pg_catalog.pg_namespace n ON n.nspname = x.nsp JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = x.name),
busy AS (SELECT l.relation FROM pg_catalog.pg_locks l WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
          AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())),
r AS (SELECT s.id, c.oid, c.reltuples, c.relpages, c.relfrozenxid,
             c.oid IN (SELECT b.relation FROM busy b) OR EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN busy b ON b.relation = i.indexrelid WHERE i.indrelid = c.oid) AS locked
        FROM s JOIN pg_catalog.pg_class c ON c.oid = s.rel)
SELECT COALESCE(pg_catalog.json_agg(pg_catalog.json_build_array(r.id, r.reltuples, r.relpages,
         CASE WHEN NOT r.locked THEN pg_catalog.pg_relation_size(r.oid) END,
         CASE WHEN NOT r.locked THEN pg_catalog.pg_table_size(r.oid) + pg_catalog.pg_indexes_size(r.oid) END,
         CASE WHEN NOT r.locked THEN pg_catalog.pg_indexes_size(r.oid) END,
         pg_catalog.pg_stat_get_tuples_inserted(r.oid), pg_catalog.pg_stat_get_tuples_updated(r.oid),
         pg_catalog.pg_stat_get_tuples_deleted(r.oid), pg_catalog.pg_stat_get_live_tuples(r.oid),
         pg_catalog.pg_stat_get_dead_tuples(r.oid), pg_catalog.pg_stat_get_numscans(r.oid),
         (SELECT pg_catalog.sum(pg_catalog.pg_stat_get_numscans(i.indexrelid)) FROM pg_catalog.pg_index i WHERE i.indrelid = r.oid),
         pg_catalog.pg_stat_get_last_vacuum_time(r.oid), pg_catalog.pg_stat_get_last_autovacuum_time(r.oid),
         pg_catalog.pg_stat_get_last_analyze_time(r.oid), pg_catalog.pg_stat_get_last_autoanalyze_time(r.oid),
         pg_catalog.age(r.relfrozenxid))), '[]') FROM r) END$cmd$,
               n.ids, n.nsps, n.names) ORDER BY n.nodename, n.nodeport)
      INTO nodes, ports, commands
      FROM (SELECT p.nodename, p.nodeport, array_agg(s.shardid) AS ids, array_agg(ns.nspname::text) AS nsps,
                   array_agg((SELECT i[array_upper(i, 1)] FROM pg_catalog.parse_ident(pg_catalog.shard_name(s.logicalrelid, s.shardid)) i)) AS names
              FROM pg_catalog.pg_dist_shard s
              JOIN pg_catalog.pg_dist_shard_placement p ON p.shardid = s.shardid AND p.shardstate = 1
              JOIN pg_catalog.pg_class r ON r.oid = s.logicalrelid
              JOIN pg_catalog.pg_namespace ns ON ns.oid = r.relnamespace
             WHERE s.logicalrelid::oid = ANY (relids)
             GROUP BY p.nodename, p.nodeport) n;
    IF nodes IS NULL THEN
        RETURN;
    END IF;

    RETURN QUERY
    WITH res AS (
        SELECT w.node_name, w.node_port, w.success, w.result
          FROM pg_catalog.master_run_on_worker(nodes, ports, commands, true) w
    ), placement AS (
        -- One row per shard placement that could be read.
        SELECT (j ->> 0)::bigint AS shardid, row_number() OVER (PARTITION BY (j ->> 0)::bigint
                                                                 ORDER BY res.node_name, res.node_port) AS copy,
               (j ->> 1)::real AS reltuples, (j ->> 2)::integer AS relpages, (j ->> 3)::bigint AS heap_bytes,
               (j ->> 4)::bigint AS total_bytes, (j ->> 5)::bigint AS index_bytes,
               (j ->> 6)::bigint AS ins, (j ->> 7)::bigint AS upd, (j ->> 8)::bigint AS del,
               (j ->> 9)::bigint AS live, (j ->> 10)::bigint AS dead, (j ->> 11)::bigint AS seq,
               (j ->> 12)::bigint AS idx, (j ->> 13)::timestamptz AS vac, (j ->> 14)::timestamptz AS autovac,
               (j ->> 15)::timestamptz AS ana, (j ->> 16)::timestamptz AS autoana, (j ->> 17)::integer AS xid_age
          FROM res CROSS JOIN LATERAL pg_catalog.json_array_elements(CASE WHEN res.success THEN res.result::json END) j
    ), shard AS (
        SELECT s.logicalrelid::oid AS rel, s.shardid AS sid,
               (SELECT count(*) FROM pg_catalog.pg_dist_shard_placement q
                 WHERE q.shardid = s.shardid AND q.shardstate = 1) AS placements,
               p.copy, p.reltuples, p.relpages, p.heap_bytes AS heap, p.total_bytes AS total, p.index_bytes AS idx_bytes,
               p.ins, p.upd, p.del, p.live, p.dead, p.seq, p.idx, p.vac, p.autovac, p.ana, p.autoana, p.xid_age AS age
          FROM pg_catalog.pg_dist_shard s
          LEFT JOIN placement p ON p.shardid = s.shardid
         WHERE s.logicalrelid::oid = ANY (relids)
    ), sized AS (
        -- Bytes of every placement (as citus_total_relation_size adds them); unknown when a
        -- placement could not be read.
        SELECT s.rel, s.sid,
               count(s.copy) = max(s.placements) AND bool_and(s.heap IS NOT NULL) AS complete,
               sum(s.heap) AS heap, sum(s.total - s.idx_bytes) AS tbl, sum(s.idx_bytes) AS idx_bytes, sum(s.total) AS total
          FROM shard s GROUP BY s.rel, s.sid
    ), counted AS (
        -- Rows and counters of one placement per shard (replicas hold the same rows).
        SELECT s.*, @extschema@._row_estimate('r', s.reltuples, s.relpages, s.heap) AS est
          FROM shard s WHERE s.copy IS NULL OR s.copy = 1
    )
    SELECT c.rel, count(*)::integer, (count(*) FILTER (WHERE c.copy IS NOT NULL))::integer,
           CASE WHEN bool_and(c.est IS NOT NULL) THEN sum(c.est)::bigint END,
           (count(*) FILTER (WHERE c.copy IS NOT NULL AND c.est IS NULL))::integer,
           CASE WHEN bool_and(z.complete) THEN sum(z.heap)::bigint END,
           CASE WHEN bool_and(z.complete) THEN sum(z.tbl)::bigint END,
           CASE WHEN bool_and(z.complete) THEN sum(z.idx_bytes)::bigint END,
           CASE WHEN bool_and(z.complete) THEN sum(z.total)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.ins)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.upd)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.del)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.live)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.dead)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.seq)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.idx)::bigint END,
           min(c.vac), min(c.autovac), min(c.ana), min(c.autoana), max(c.age)
      FROM counted c JOIN sized z ON z.rel = c.rel AND z.sid = c.sid
     GROUP BY c.rel;
END
$$;
COMMENT ON FUNCTION @extschema@._citus_stats(oid[]) IS
'partman_ext internal: for each Citus table among relids, figures summed over its shards on the nodes that hold them (one master_run_on_worker command per node): shards, shards read, row estimate (each shard''s reltuples scaled to its current size; NULL while a shard is unanalyzed or unreadable), heap/table/index/total bytes of every placement (as citus_total_relation_size counts them; NULL when one is unreadable), pg_stat counters of one placement per shard (NULL unless every shard was read), oldest vacuum/analyze times, largest xid age. No rows without the citus extension.';

CREATE FUNCTION @extschema@._citus_set_stats(parent regclass DEFAULT NULL)
RETURNS SETOF @extschema@._citus_figures
LANGUAGE plpgsql VOLATILE ROWS 10 AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus') THEN
        RETURN QUERY SELECT * FROM @extschema@._citus_stats(ARRAY(SELECT t.relid FROM @extschema@._partition_tree(parent) t));
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@._citus_set_stats(regclass) IS
'partman_ext internal: _citus_stats() of every partition of the registered sets (or of parent); no rows without the citus extension.';

CREATE OR REPLACE FUNCTION @extschema@._partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, parent_table text, partition_relid oid, partition_name text,
               is_default boolean, leaves integer, est_rows bigint, unanalyzed_leaves integer,
               total_bytes bigint, table_bytes bigint, index_bytes bigint,
               n_tup_ins bigint, n_tup_upd bigint, n_tup_del bigint, n_live_tup bigint, n_dead_tup bigint,
               seq_scan bigint, idx_scan bigint,
               last_vacuum timestamptz, last_autovacuum timestamptz,
               last_analyze timestamptz, last_autoanalyze timestamptz, xid_age integer)
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH dist AS (
        SELECT * FROM @extschema@._citus_set_stats(parent)
    ), leaf AS (
        SELECT t.parent_relid, t.partition_relid, r.oid, r.relkind, r.relfrozenxid, d.relid IS NOT NULL AS citus,
               CASE WHEN d.relid IS NOT NULL THEN d.est_rows
                    ELSE @extschema@._row_estimate(r.relkind, r.reltuples, r.relpages, sz.heap_bytes) END AS est,
               CASE WHEN d.relid IS NOT NULL THEN d.heap_bytes ELSE sz.heap_bytes END AS heap_bytes,
               CASE WHEN d.relid IS NOT NULL THEN d.total_bytes ELSE sz.total_bytes END AS total_bytes,
               CASE WHEN d.relid IS NOT NULL THEN d.index_bytes ELSE sz.index_bytes END AS index_bytes,
               d.n_tup_ins AS d_ins, d.n_tup_upd AS d_upd, d.n_tup_del AS d_del, d.n_live_tup AS d_live,
               d.n_dead_tup AS d_dead, d.seq_scan AS d_seq, d.idx_scan AS d_idx, d.last_vacuum AS d_vac,
               d.last_autovacuum AS d_autovac, d.last_analyze AS d_ana, d.last_autoanalyze AS d_autoana,
               d.xid_age AS d_xid_age
          FROM @extschema@._partition_tree(parent) t
          JOIN pg_catalog.pg_class r ON r.oid = t.relid
         CROSS JOIN LATERAL @extschema@._rel_sizes(r.oid) sz
          LEFT JOIN dist d ON d.relid = t.relid
    )
    SELECT l.parent_relid,
           format('%I.%I', pn.nspname, pc.relname),
           l.partition_relid,
           format('%I.%I', n.nspname, c.relname),
           coalesce(pt.partdefid = l.partition_relid, false),
           (count(*) FILTER (WHERE l.relkind <> 'p'))::integer,
           CASE WHEN bool_and(l.est IS NOT NULL) FILTER (WHERE l.relkind <> 'p') IS NOT FALSE
                THEN coalesce(sum(l.est) FILTER (WHERE l.relkind <> 'p'), 0)::bigint END,
           (count(*) FILTER (WHERE l.relkind <> 'p' AND l.est IS NULL))::integer,
           sum(l.total_bytes)::bigint, sum(l.heap_bytes)::bigint, sum(l.index_bytes)::bigint,
           sum(CASE WHEN l.citus THEN l.d_ins ELSE pg_catalog.pg_stat_get_tuples_inserted(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_upd ELSE pg_catalog.pg_stat_get_tuples_updated(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_del ELSE pg_catalog.pg_stat_get_tuples_deleted(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_live ELSE pg_catalog.pg_stat_get_live_tuples(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_dead ELSE pg_catalog.pg_stat_get_dead_tuples(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_seq ELSE pg_catalog.pg_stat_get_numscans(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_idx ELSE ix.idx_scan END)::bigint,
           min(CASE WHEN l.citus THEN l.d_vac ELSE pg_catalog.pg_stat_get_last_vacuum_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           min(CASE WHEN l.citus THEN l.d_autovac ELSE pg_catalog.pg_stat_get_last_autovacuum_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           min(CASE WHEN l.citus THEN l.d_ana ELSE pg_catalog.pg_stat_get_last_analyze_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           min(CASE WHEN l.citus THEN l.d_autoana ELSE pg_catalog.pg_stat_get_last_autoanalyze_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           max(CASE WHEN l.citus THEN l.d_xid_age ELSE pg_catalog.age(l.relfrozenxid) END) FILTER (WHERE l.relkind IN ('r', 'm', 't'))
      FROM leaf l
      JOIN pg_catalog.pg_class c ON c.oid = l.partition_relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_class pc ON pc.oid = l.parent_relid
      JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
      LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = l.parent_relid
      LEFT JOIN (SELECT x.indrelid, sum(pg_catalog.pg_stat_get_numscans(x.indexrelid)) AS idx_scan
                   FROM pg_catalog.pg_index x GROUP BY x.indrelid) ix ON ix.indrelid = l.oid
     GROUP BY l.parent_relid, pn.nspname, pc.relname, l.partition_relid, n.nspname, c.relname, pt.partdefid
$$;
COMMENT ON FUNCTION @extschema@._partitions(regclass) IS
'partman_ext internal: one row per partition of the registered sets with row estimate, sizes and pg_stat counters summed over its leaves (catalog and statistics only; a Citus leaf''s figures come from its shards, _citus_stats).';

CREATE OR REPLACE FUNCTION @extschema@.sample_partition_activity(keep interval DEFAULT NULL)
RETURNS TABLE (sampled_at timestamptz, sets integer, partitions integer,
               samples_thinned bigint, samples_pruned bigint, kept_for interval)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    at timestamptz := @extschema@.clock();
    n_sets integer;
    n_parts integer;
    thinned bigint;
    pruned bigint;
    retention interval;
BEGIN
    retention := coalesce(keep, nullif(current_setting('partman_ext.activity_retention', true), '')::interval,
                          interval '8 days');
    IF retention < interval '1 hour' THEN
        RAISE EXCEPTION 'activity retention must be at least 1 hour'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('The retention given is %s.', retention),
                    HINT = 'Hot spots need a week of samples: keep them for 8 days (the default) or more.';
    END IF;
    -- Counters as of now, not as of an earlier snapshot taken in this transaction.
    PERFORM pg_catalog.pg_stat_clear_snapshot();

    INSERT INTO @extschema@.partition_activity_samples AS s
           (sampled_at, parent_relid, partition_relid, n_tup_ins, n_tup_upd, n_tup_del)
    -- A Citus partition's writes happen in its shards (_citus_stats); one whose shards cannot all be
    -- read now gets no sample this time.
    SELECT at, t.parent_relid, t.partition_relid,
           sum(CASE WHEN d.relid IS NOT NULL THEN d.n_tup_ins ELSE pg_catalog.pg_stat_get_tuples_inserted(t.relid) END),
           sum(CASE WHEN d.relid IS NOT NULL THEN d.n_tup_upd ELSE pg_catalog.pg_stat_get_tuples_updated(t.relid) END),
           sum(CASE WHEN d.relid IS NOT NULL THEN d.n_tup_del ELSE pg_catalog.pg_stat_get_tuples_deleted(t.relid) END)
      FROM @extschema@._partition_tree(NULL) t
      LEFT JOIN @extschema@._citus_set_stats(NULL) d ON d.relid = t.relid
     GROUP BY t.parent_relid, t.partition_relid
    HAVING bool_and(d.relid IS NULL OR d.n_tup_ins IS NOT NULL)
    ON CONFLICT (partition_relid, sampled_at) DO UPDATE
       SET n_tup_ins = EXCLUDED.n_tup_ins, n_tup_upd = EXCLUDED.n_tup_upd, n_tup_del = EXCLUDED.n_tup_del;
    GET DIAGNOSTICS n_parts = ROW_COUNT;

    SELECT count(*) INTO n_sets FROM @extschema@.part_config c
     WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = c.parent_table::oid);

    -- Older than 2 hours (and younger than a day: older ones were thinned already): keep the last
    -- sample of each hour.
    DELETE FROM @extschema@.partition_activity_samples s
     USING (SELECT x.partition_relid, x.sampled_at,
                   row_number() OVER (PARTITION BY x.partition_relid, date_trunc('hour', x.sampled_at)
                                      ORDER BY x.sampled_at DESC) AS rn
              FROM @extschema@.partition_activity_samples x
             WHERE x.sampled_at < at - interval '2 hours'
               AND x.sampled_at >= date_trunc('hour', at - interval '1 day')) d
     WHERE d.rn > 1 AND s.partition_relid = d.partition_relid AND s.sampled_at = d.sampled_at;
    GET DIAGNOSTICS thinned = ROW_COUNT;

    DELETE FROM @extschema@.partition_activity_samples s WHERE s.sampled_at < at - retention;
    GET DIAGNOSTICS pruned = ROW_COUNT;

    RETURN QUERY SELECT at, n_sets, n_parts, thinned, pruned, retention;
END
$$;
COMMENT ON FUNCTION @extschema@.sample_partition_activity(interval) IS
'partman_ext: stores one sample of the cumulative write counters (n_tup_ins/upd/del) of every partition of every registered set, thins samples older than 2 hours to one per hour, deletes samples older than keep (default: setting partman_ext.activity_retention, else 8 days); returns the sample time, sets and partitions sampled, samples thinned and pruned.';

COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts with one GROUP BY tableoid scan), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against binomial noise sqrt(n p (1-p)), and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (|skew| >= the set''s thresholds, default 0.3/0.4/0.5, and beyond noise) or INSUFFICIENT_DATA (fewer than 30 rows per bucket expected, or counts unknown). A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows. For a Citus set rows and bytes come from the shards, and exact counts scan each partition (tableoid names shards there; docs/citus.md).';

COMMENT ON FUNCTION @extschema@.analyze_partitions(regclass) IS
'partman_ext: ANALYZE every leaf partition of parent now, as its owner, under the set''s lock_timeout. One row per partition: pg_class.reltuples before and after, action (analyzed/skipped on lock timeout/failed), message with SQLSTATE, duration (ms). For a Citus table the row estimates are those of its shards (docs/citus.md).';


-- list_partitions' comment as merged (issues 8, 9, 13).
COMMENT ON FUNCTION @extschema@.list_partitions(regclass) IS
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog (MINVALUE / MAXVALUE, or -infinity / infinity as written), est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size (for a Citus table est_rows and bytes come from its shards, bytes NULL while a shard cannot be read now; docs/citus.md), status past / current / future / beyond retention / default, retention_at: the first maintenance run at or after it removes the partition (NULL = never: no retention, set disabled, current or open-ended partition; integer sets: only partitions already behind retention).';

-- Issue 11 (skew from key-level variance, every key in key_statistics, statistics job, exact
-- counts per leaf, expression keys) -- sql/install/30_buckets.sql, sql/install/40_scheduler.sql.
-- analyze_partition_skew and _partition_distribution gain columns; key_statistics now holds every
-- key (its old top-N rows are derived data: refresh_key_statistics() recomputes them).
DROP FUNCTION @extschema@.analyze_partition_skew(regclass, boolean);
DROP VIEW @extschema@.partition_distribution;
DROP FUNCTION @extschema@._partition_distribution();
DROP FUNCTION @extschema@.refresh_key_statistics(regclass, integer, bigint, bigint);
DROP TABLE @extschema@.key_statistics;

-- Skew ---------------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.analyze_partition_skew(parent regclass DEFAULT NULL, exact boolean DEFAULT false)
RETURNS TABLE (parent_table text, partition_name text, row_count bigint, bytes bigint, share double precision,
               expected_share double precision, skew_factor double precision, z_score double precision, status text,
               effective_keys double precision, method text, heavy_key_rows bigint)
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partition_skew';

CREATE FUNCTION @extschema@._partition_distribution()
RETURNS TABLE (parent_table text, partitions integer, total_rows bigint, mean_rows double precision,
               stddev_rows double precision, cv double precision, max_skew double precision,
               max_mean_ratio double precision, status text, min_rows bigint, max_rows bigint,
               default_rows bigint, unanalyzed_partitions integer, effective_keys double precision,
               method text, noise_limit double precision)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'partman_partition_distribution';
COMMENT ON FUNCTION @extschema@._partition_distribution() IS
'partman_ext internal: the rows of the partition_distribution view.';

CREATE VIEW @extschema@.partition_distribution AS SELECT * FROM @extschema@._partition_distribution();
COMMENT ON VIEW @extschema@.partition_distribution IS
'partman_ext: one row per bucket set, from catalog estimates (pg_class.reltuples, no scan): partitions (buckets, DEFAULT excluded), total_rows, mean_rows, stddev_rows (population), cv = stddev/mean, max_skew = largest |skew factor|, max_mean_ratio = largest partition / mean, status (worst partition status, CRITICAL when the DEFAULT partition holds rows), min_rows, max_rows, default_rows, unanalyzed_partitions, effective_keys (n^2 / sum of squared rows per key), method (exact, key statistics, sample) and noise_limit (the excess, as a fraction of a bucket, that uniform hashing of these keys can produce by chance). Row figures are NULL while a partition has never been analyzed.';
GRANT SELECT ON @extschema@.partition_distribution TO PUBLIC;

-- Key statistics: every key of a bucket set ---------------------------------------------------------
CREATE TABLE @extschema@.key_statistics_settings (
    parent_table regclass PRIMARY KEY REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    value_column name,   -- numeric column summed per key into key_statistics.value_sum (NULL: none)
    time_column  name    -- timestamp column whose min / max per key are first_seen / last_seen (NULL: none)
);
COMMENT ON TABLE @extschema@.key_statistics_settings IS
'partman_ext: per bucket set, the columns refresh_key_statistics() aggregates per key besides rows and bytes: value_column (summed into value_sum, e.g. tokens) and time_column (first_seen / last_seen). Set them with refresh_key_statistics(parent, value_column => .., time_column => ..).';
COMMENT ON COLUMN @extschema@.key_statistics_settings.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics_settings.value_column IS 'Numeric column summed per key into key_statistics.value_sum; NULL: none.';
COMMENT ON COLUMN @extschema@.key_statistics_settings.time_column IS 'timestamptz, timestamp or date column whose min and max per key are key_statistics.first_seen and last_seen; NULL: none.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.key_statistics_settings', '');
REVOKE ALL ON @extschema@.key_statistics_settings FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics_settings TO PUBLIC;

CREATE TABLE @extschema@.key_statistics (
    parent_table   regclass NOT NULL REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    partition_name regclass NOT NULL,           -- top-level partition (bucket) holding the key
    key_value      text,                        -- the key column as text (NULL for a NULL key)
    row_count      bigint NOT NULL,
    bytes          bigint NOT NULL,             -- sum over the key's rows of pg_column_size of every column
    value_sum      numeric,                     -- sum of the set's value_column (NULL when none is set)
    first_seen     timestamptz,                 -- min of the set's time_column (NULL when none is set)
    last_seen      timestamptz,                 -- max of the set's time_column
    refreshed_at   timestamptz NOT NULL,
    UNIQUE NULLS NOT DISTINCT (parent_table, partition_name, key_value)
);
CREATE INDEX key_statistics_key ON @extschema@.key_statistics (parent_table, key_value);
CREATE INDEX key_statistics_rows ON @extschema@.key_statistics (parent_table, row_count DESC);
COMMENT ON TABLE @extschema@.key_statistics IS
'partman_ext: one row per key of each bucket set (exact counts per partition): rows, bytes, the sum of the set''s value column, first and last seen (min / max of its time column), partition. Kept by refresh_key_statistics() and the scheduler''s statistics job, which recount only the partitions written to since their last count. Rows are visible only to roles that may SELECT the parent table; they go away with the set''s part_config row (unregister, DROP TABLE).';
COMMENT ON COLUMN @extschema@.key_statistics.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics.partition_name IS 'Top-level partition of the set holding the key (regclass).';
COMMENT ON COLUMN @extschema@.key_statistics.key_value IS 'The key as text; NULL for a NULL key.';
COMMENT ON COLUMN @extschema@.key_statistics.row_count IS 'Rows with this key when its partition was last counted.';
COMMENT ON COLUMN @extschema@.key_statistics.bytes IS 'Sum over its rows of pg_column_size() of every column (values as stored: compressed or out of line).';
COMMENT ON COLUMN @extschema@.key_statistics.value_sum IS 'Sum of the set''s value_column over its rows (key_statistics_settings); NULL when none is set.';
COMMENT ON COLUMN @extschema@.key_statistics.first_seen IS 'Earliest value of the set''s time_column among its rows; NULL when none is set.';
COMMENT ON COLUMN @extschema@.key_statistics.last_seen IS 'Latest value of the set''s time_column among its rows; NULL when none is set.';
COMMENT ON COLUMN @extschema@.key_statistics.refreshed_at IS 'When its partition was last counted (partman_ext.clock()).';
REVOKE ALL ON @extschema@.key_statistics FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics TO PUBLIC;
ALTER TABLE @extschema@.key_statistics ENABLE ROW LEVEL SECURITY;
CREATE POLICY key_statistics_readers ON @extschema@.key_statistics FOR SELECT
    USING (pg_catalog.has_table_privilege(parent_table, 'SELECT'));
COMMENT ON POLICY key_statistics_readers ON @extschema@.key_statistics IS
'partman_ext: a role sees the keys of a set only when it may SELECT the set''s parent table.';

CREATE TABLE @extschema@.key_statistics_partitions (
    parent_table   regclass NOT NULL REFERENCES @extschema@.part_config (parent_table) ON DELETE CASCADE,
    partition_name regclass NOT NULL,
    row_count      bigint NOT NULL,             -- rows counted
    key_count      bigint NOT NULL,             -- distinct keys (a NULL key counts as one)
    key_rows_sum_sq double precision NOT NULL,  -- sum over its keys of row_count^2
    top_key_rows   bigint[] NOT NULL,           -- row counts of its 100 heaviest keys, heaviest first
    n_tup_ins      bigint NOT NULL,             -- write counters of its leaves (pg_stat) when counted
    n_tup_upd      bigint NOT NULL,
    n_tup_del      bigint NOT NULL,
    storage        oid[] NOT NULL,              -- relfilenode of each leaf (TRUNCATE, VACUUM FULL change it)
    refreshed_at   timestamptz NOT NULL,
    duration_ms    double precision NOT NULL,
    PRIMARY KEY (parent_table, partition_name)
);
COMMENT ON TABLE @extschema@.key_statistics_partitions IS
'partman_ext: one row per partition counted by refresh_key_statistics(): its rows, keys, the sum of squared rows per key and its heaviest keys'' rows (what analyze_partition_skew needs for the noise of uniform hashing), and the write counters and storage of its leaves at that time: a partition whose counters and storage have not changed since is not counted again.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.partition_name IS 'Top-level partition (bucket).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.row_count IS 'Rows counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.key_count IS 'Distinct keys counted (a NULL key counts as one).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.key_rows_sum_sq IS 'Sum over its keys of row_count squared.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.top_key_rows IS 'Row counts of its (up to) 100 heaviest keys, heaviest first.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.n_tup_ins IS 'pg_stat_get_tuples_inserted summed over its leaves when counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.n_tup_upd IS 'pg_stat_get_tuples_updated summed over its leaves when counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.n_tup_del IS 'pg_stat_get_tuples_deleted summed over its leaves when counted.';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.storage IS 'pg_class.relfilenode of each leaf when counted (in leaf oid order).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.refreshed_at IS 'When it was counted (partman_ext.clock()).';
COMMENT ON COLUMN @extschema@.key_statistics_partitions.duration_ms IS 'How long counting it took, in milliseconds.';
REVOKE ALL ON @extschema@.key_statistics_partitions FROM PUBLIC;
GRANT SELECT ON @extschema@.key_statistics_partitions TO PUBLIC;
ALTER TABLE @extschema@.key_statistics_partitions ENABLE ROW LEVEL SECURITY;
CREATE POLICY key_statistics_partitions_readers ON @extschema@.key_statistics_partitions FOR SELECT
    USING (pg_catalog.has_table_privilege(parent_table, 'SELECT'));
COMMENT ON POLICY key_statistics_partitions_readers ON @extschema@.key_statistics_partitions IS
'partman_ext: a role sees the counts of a set only when it may SELECT the set''s parent table.';

CREATE FUNCTION @extschema@.refresh_key_statistics(
    parent regclass DEFAULT NULL,
    value_column name DEFAULT NULL,
    time_column name DEFAULT NULL,
    full_refresh boolean DEFAULT false)
RETURNS TABLE (parent_table text, partitions integer, refreshed_partitions integer, keys bigint,
               rows_counted bigint, duration_ms double precision)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_refresh_key_statistics';
COMMENT ON FUNCTION @extschema@.refresh_key_statistics(regclass, name, name, boolean) IS
'partman_ext: brings key_statistics up to date for parent (or every bucket set the caller may maintain): recounts, with one GROUP BY key scan each, only the partitions written to (pg_stat n_tup_ins/upd/del of their leaves) or rewritten (relfilenode) since they were last counted, or all with full_refresh => true. value_column (numeric, summed per key) and time_column (first/last seen) are remembered per set; an empty name clears one. Reads the table as its owner. Returns per set: partitions, how many were recounted, keys, rows counted, duration.';

CREATE OR REPLACE FUNCTION @extschema@.rebalancing_recommendations(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table text, partition_name text, recommendation text, kind text, status text,
               skew_factor double precision, keys text[])
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_rebalancing_recommendations';
COMMENT ON FUNCTION @extschema@.rebalancing_recommendations(regclass) IS
'partman_ext: readable advice per bucket set (or for parent) from the skew estimates and key_statistics: fix_bucket_expression, empty_default, analyze, insufficient_data, split_hot_key (one key makes a partition hot: sub-partition it or give the key its own table), more_buckets (several large keys collide), refresh_key_statistics, use_hash, investigate_hot_bucket (many ordinary keys crowd one bucket beyond chance), investigate_cold_bucket, expression_key (LIST on an expression: equality on the key column does not prune; query with the expression or use HASH), none.';

ALTER TABLE @extschema@.job DROP CONSTRAINT job_kind_check;
ALTER TABLE @extschema@.job ADD CONSTRAINT job_kind_check
    CHECK (kind IN ('maintenance', 'analyze', 'vacuum', 'health', 'sampling', 'statistics'));
COMMENT ON FUNCTION @extschema@.add_job(text, regclass, interval, timestamptz, interval, integer, interval, jsonb, boolean, text, text) IS
'partman_ext: adds a job (kind maintenance/analyze/vacuum/statistics for one set or all; health; sampling). schedule: five-field cron (''0 3 * * *'') or an interval text, read in time_zone (default UTC); else schedule_interval (default 1 hour; NULL runs it once). Defaults: next_run the schedule''s first time (now for intervals), max_runtime 1 hour, 3 retries, backoff 1 minute (doubling). Intervals must be positive and at most 100 years (22023). Warns when no scheduler serves the database. Returns the job.';

-- analyze_partition_skew's comment as merged (issues 11, 13).
COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts every leaf), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against the key-level noise of uniform hashing sqrt(S2 p (1-p)) with S2 the sum of squared rows per key, and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (deviation not explained by the heaviest keys, beyond the noise limit at a family-wise false-alarm rate of 1/1000, and at least the set''s thresholds, default 0.3/0.4/0.5) or INSUFFICIENT_DATA (fewer than 30 rows per bucket, counts or key sizes unknown). effective_keys = n^2/S2; method says where the key sizes come from (exact, key statistics, sample); heavy_key_rows are the rows of the partition''s keys set aside as heavy. A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows. For a Citus set rows and bytes come from the shards, and exact counts take one count(*) per partition (docs/citus.md).';

-- Issue 14 (structure): the C++/PostgreSQL boundary self-test is no longer part of the product; it
-- lives in a test-only module (test/module). The library keeps the C symbol, which only says so.
DROP FUNCTION IF EXISTS @extschema@._boundary_selftest(text);

-- Issue 11, items 3-6 (names, naming, thresholds, one health model). Every name column of the
-- views and functions is regclass (operators regclass = text let WHERE parent_table = 'events'
-- resolve the name); histories keep text names and gain parent_relid; part_config gains naming,
-- max_monthly_growth and min_future_partitions; register_partition_set takes naming,
-- update_partition_set every threshold; one health model (_health_overview, _health_alerts) serves
-- check_partition_health, partition_health_summary, partition_health and partition_report.
ALTER TABLE @extschema@.part_config
    ADD COLUMN naming text,
    ADD COLUMN max_monthly_growth double precision NOT NULL DEFAULT 0.5 CHECK (max_monthly_growth > 0),
    ADD COLUMN min_future_partitions integer CHECK (min_future_partitions >= 0);
ALTER TABLE @extschema@.maintenance_log ADD COLUMN parent_relid regclass;
ALTER TABLE @extschema@.job_run ADD COLUMN parent_relid regclass;
ALTER TABLE @extschema@.alert_state ADD COLUMN parent_relid regclass;
-- The sets the history rows name, where those tables still exist (names were schema-qualified).
UPDATE @extschema@.maintenance_log l SET parent_relid = c.oid
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE l.parent_table = pg_catalog.format('%I.%I', n.nspname, c.relname);
UPDATE @extschema@.job_run l SET parent_relid = j.parent_table
  FROM @extschema@.job j WHERE j.job_id = l.job_id AND j.parent_table IS NOT NULL;
UPDATE @extschema@.alert_state l SET parent_relid = c.oid
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE l.parent_table = pg_catalog.format('%I.%I', n.nspname, c.relname);

-- Result types change: the views first, then the functions they read.
DROP VIEW @extschema@.partition_stats, @extschema@.partition_size_distribution,
    @extschema@.partition_chunk_distribution, @extschema@.partition_metadata, @extschema@.v_partition_sizes,
    @extschema@.partition_health, @extschema@.partition_hot_spots, @extschema@.partition_distribution;
DROP FUNCTION @extschema@.partition_health_summary();
DROP VIEW @extschema@.partition_health_summary;
DROP FUNCTION @extschema@._health_summary();
DROP FUNCTION @extschema@.check_partition_health(regclass);
DROP FUNCTION @extschema@._health_alerts(regclass, boolean, @extschema@._overview_row[]);
DROP FUNCTION @extschema@._default_has_rows(regclass, bigint, bigint, boolean);
DROP FUNCTION @extschema@._partition_overview(regclass);
DROP TYPE @extschema@._overview_row;
DROP FUNCTION @extschema@._partitions(regclass);
DROP FUNCTION @extschema@._hot_spots();
DROP FUNCTION @extschema@.partition_writes_per_hour(regclass, integer);
DROP FUNCTION @extschema@.analyze_partition_skew(regclass, boolean);
DROP FUNCTION @extschema@._partition_distribution();
DROP FUNCTION @extschema@.refresh_key_statistics(regclass, name, name, boolean);
DROP FUNCTION @extschema@.rebalancing_recommendations(regclass);
DROP FUNCTION @extschema@.get_partition_for_collection(uuid);
DROP FUNCTION @extschema@.get_partition_for_collection(uuid, regclass);
DROP FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval, boolean, boolean);
DROP FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean);
DROP FUNCTION @extschema@.reapply_privileges(regclass, boolean, boolean);
DROP FUNCTION @extschema@.list_partitions(regclass);
DROP FUNCTION @extschema@.gap_fill_status(regclass);
DROP FUNCTION @extschema@.analyze_partitions(regclass);
ALTER TYPE @extschema@.partition_action ALTER ATTRIBUTE parent_table TYPE regclass;

-- Operators regclass = text (sql/install/06_names.sql).
CREATE FUNCTION @extschema@._regclass_eq_name(rel regclass, relname text)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT rel = relname::pg_catalog.regclass $$;
COMMENT ON FUNCTION @extschema@._regclass_eq_name(regclass, text) IS
'partman_ext internal: rel = relname::regclass (the operator regclass = text).';
CREATE FUNCTION @extschema@._name_eq_regclass(relname text, rel regclass)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT relname::pg_catalog.regclass = rel $$;
COMMENT ON FUNCTION @extschema@._name_eq_regclass(text, regclass) IS
'partman_ext internal: relname::regclass = rel (the operator text = regclass).';
CREATE FUNCTION @extschema@._regclass_ne_name(rel regclass, relname text)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT rel <> relname::pg_catalog.regclass $$;
COMMENT ON FUNCTION @extschema@._regclass_ne_name(regclass, text) IS
'partman_ext internal: rel <> relname::regclass (the operator regclass <> text).';
CREATE FUNCTION @extschema@._name_ne_regclass(relname text, rel regclass)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT relname::pg_catalog.regclass <> rel $$;
COMMENT ON FUNCTION @extschema@._name_ne_regclass(text, regclass) IS
'partman_ext internal: relname::regclass <> rel (the operator text <> regclass).';

CREATE OPERATOR @extschema@.= (LEFTARG = regclass, RIGHTARG = text, FUNCTION = @extschema@._regclass_eq_name,
                               COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
                               RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR @extschema@.= (LEFTARG = text, RIGHTARG = regclass, FUNCTION = @extschema@._name_eq_regclass,
                               COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
                               RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR @extschema@.<> (LEFTARG = regclass, RIGHTARG = text, FUNCTION = @extschema@._regclass_ne_name,
                                COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
                                RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.<> (LEFTARG = text, RIGHTARG = regclass, FUNCTION = @extschema@._name_ne_regclass,
                                COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
                                RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR @extschema@.= (regclass, text) IS
'partman_ext: a regclass column equals a relation name (WHERE parent_table = ''events''): the name is read as ''events''::regclass.';
COMMENT ON OPERATOR @extschema@.= (text, regclass) IS
'partman_ext: a relation name equals a regclass column (''events'' = parent_table).';
COMMENT ON OPERATOR @extschema@.<> (regclass, text) IS
'partman_ext: a regclass column differs from a relation name (the name read as regclass).';
COMMENT ON OPERATOR @extschema@.<> (text, regclass) IS
'partman_ext: a relation name differs from a regclass column (the name read as regclass).';

CREATE OR REPLACE FUNCTION @extschema@.register_partition_set(
    parent regclass,
    control name,
    partition_interval text,
    premake integer DEFAULT 4,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT 'drop',
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT true,
    time_zone text DEFAULT 'UTC',
    lock_timeout interval DEFAULT '2s',
    enabled boolean DEFAULT true,
    dry_run boolean DEFAULT false,
    naming text DEFAULT NULL)
RETURNS TABLE (parent_table regclass, strategy text, control_column text, partition_interval text,
               premake integer, retention text, retention_mode text, time_zone text,
               adopted_partitions integer, default_partition regclass,
               created_partitions integer, rows_moved bigint, retention_not_before timestamptz, enabled boolean,
               naming text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_register_partition_set';
CREATE OR REPLACE FUNCTION @extschema@.update_partition_set(
    parent regclass,
    premake integer DEFAULT NULL,
    retention text DEFAULT 'unchanged',
    retention_mode text DEFAULT NULL,
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT NULL,
    time_zone text DEFAULT NULL,
    lock_timeout interval DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    clear_retention boolean DEFAULT false,
    naming text DEFAULT NULL,
    skew_warning double precision DEFAULT NULL,
    skew_rebalance double precision DEFAULT NULL,
    skew_critical double precision DEFAULT NULL,
    max_partition_bytes bigint DEFAULT NULL,
    max_partition_rows bigint DEFAULT NULL,
    max_monthly_growth double precision DEFAULT NULL,
    min_future_partitions integer DEFAULT NULL,
    reset text[] DEFAULT NULL)
RETURNS SETOF @extschema@.part_config
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_update_partition_set_v2';
CREATE OR REPLACE FUNCTION @extschema@.reapply_privileges(parent regclass, revoke_extra boolean DEFAULT false, dry_run boolean DEFAULT false)
RETURNS TABLE (parent_table regclass, partition_name regclass, action text, privileges text, grantee text, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_reapply_privileges';
CREATE OR REPLACE FUNCTION @extschema@.list_partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, partition_name regclass, lower_bound text, upper_bound text,
               est_rows bigint, bytes bigint, is_default boolean, status text, retention_at timestamptz)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_list_partitions';
COMMENT ON FUNCTION @extschema@.register_partition_set(regclass, name, text, integer, text, text, name, boolean, text, interval, boolean, boolean, text) IS
'partman_ext: register a RANGE-partitioned parent as a time or integer partition set. partition_interval and retention are intervals (time sets) or integers (integer sets); premake counts intervals after the current one. Adopts existing partitions from the catalog, then (when enabled) creates the current and premake partitions, the gap fill and the default partition in the caller''s transaction, moving rows of their ranges out of the default partition; removes nothing. A retention first acts at the next regular maintenance run (retention_not_before); a NOTICE says what it will remove and when. enabled => false registers without creating anything or maintaining the set. dry_run => true changes nothing and says in a NOTICE what registration would create. naming: the names of new partitions, a template of tokens (PARENT, YYYY, MM, DD, HH24, MI; LOWER for integer sets; "quoted" text is literal; docs/reference.md); NULL: the style every adopted partition follows when they all follow one (e.g. events_YYYY_MM), else the default <parent>_pYYYY_MM-style names. Returns the set with parent_table and default_partition as regclass and the naming in use (NULL: default). Errors: 22004 NULL argument, 42809 not RANGE-partitioned, 0A000 multi-column/expression key, 42703/22023 wrong control column, 42804 unsupported type, 22023 bad interval/premake/retention/mode/zone/misaligned bounds, 3F000 missing archive schema, 42710 already registered, 42501 not the owner or the owner cannot create tables in the parent''s schema.';
COMMENT ON FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean, text, double precision, double precision, double precision, bigint, bigint, double precision, integer, text[]) IS
'partman_ext: change a partition set''s settings, as its owner (or a member of partman_ext_admin): NULL = keep; retention: ''unchanged'' = keep, NULL = remove retention, as does clear_retention => true. naming: the template of new partitions'' names (time and integer sets). The health thresholds: skew_warning, skew_rebalance, skew_critical (|skew factor|, 0 < warning <= rebalance <= critical), max_partition_bytes, max_partition_rows (> 0), max_monthly_growth (fraction, > 0: HIGH_GROWTH above it), min_future_partitions (>= 0; NULL follows premake). reset: names of settings to put back to their defaults (naming, skew_warning, skew_rebalance, skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth, min_future_partitions). A new retention or retention_mode, or enabling a set with retention, removes nothing before the next regular maintenance run; a NOTICE says what will be removed and when. Returns the new configuration row. Existing partitions keep their bounds and names. Errors: 22023 bad value, 42501 not the owner.';
COMMENT ON FUNCTION @extschema@.list_partitions(regclass) IS
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog (MINVALUE / MAXVALUE, or -infinity / infinity as written), est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size (for a Citus table est_rows and bytes come from its shards, bytes NULL while a shard cannot be read now; docs/citus.md), status past / current / future / beyond retention / default, retention_at: the first maintenance run at or after it removes the partition (NULL = never: no retention, set disabled, current or open-ended partition; integer sets: only partitions already behind retention).';
COMMENT ON FUNCTION @extschema@.reapply_privileges(regclass, boolean, boolean) IS
'partman_ext: give every partition (all levels, default included) the privileges its parent grants and it lacks; revoke_extra => true also revokes privileges a partition grants and the parent does not. Runs as the parent''s owner; partitions owned by another role are skipped. One row per partition and grantee: privileges, action granted / revoked / would grant / would revoke / skipped / failed, the statement and any error. dry_run => true changes nothing.';
CREATE OR REPLACE FUNCTION @extschema@.gap_fill_status(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, missing_partitions bigint, lower_bound text, upper_bound text,
               per_run integer, runs_needed bigint)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_gap_fill_status';
COMMENT ON FUNCTION @extschema@.gap_fill_status(regclass) IS
'partman_ext: for each time/integer set (or one) with gap fill left to do: how many partitions are missing between the start of its coverage and now (the current interval and premake not counted), the range they span (lower_bound of the first, upper_bound of the last), partman_ext.max_gap_fill (per_run) and the maintenance runs that takes (NULL when gap fill is off). Catalog only: integer sets take the highest partition''s lower bound as now.';

CREATE OR REPLACE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection_regclass';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid) IS
'partman_ext: the partition (regclass) of table "chunks" (found through the search_path when called) that a row with this collection_id goes to; it prints as chunks_part_42 when its schema is on the search_path, and compares with ''chunks_part_42'' as any relation name does.';
CREATE OR REPLACE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid, parent regclass)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection_regclass';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid, regclass) IS
'partman_ext: the partition (regclass) of parent that a row with this collection_id (the uuid key column) goes to.';
CREATE OR REPLACE FUNCTION @extschema@.analyze_partition_skew(parent regclass DEFAULT NULL, exact boolean DEFAULT false)
RETURNS TABLE (parent_table regclass, partition_name regclass, row_count bigint, bytes bigint, share double precision,
               expected_share double precision, skew_factor double precision, z_score double precision, status text,
               effective_keys double precision, method text, heavy_key_rows bigint)
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partition_skew';
COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts every leaf), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against the key-level noise of uniform hashing sqrt(S2 p (1-p)) with S2 the sum of squared rows per key, and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (deviation not explained by the heaviest keys, beyond the noise limit at a family-wise false-alarm rate of 1/1000, and at least the set''s thresholds, default 0.3/0.4/0.5) or INSUFFICIENT_DATA (fewer than 30 rows per bucket, counts or key sizes unknown). effective_keys = n^2/S2; method says where the key sizes come from (exact, key statistics, sample); heavy_key_rows are the rows of the partition''s keys set aside as heavy. A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows. For a Citus set rows and bytes come from the shards, and exact counts take one count(*) per partition (docs/citus.md).';
CREATE OR REPLACE FUNCTION @extschema@._partition_distribution()
RETURNS TABLE (parent_table regclass, partitions integer, total_rows bigint, mean_rows double precision,
               stddev_rows double precision, cv double precision, max_skew double precision,
               max_mean_ratio double precision, status text, min_rows bigint, max_rows bigint,
               default_rows bigint, unanalyzed_partitions integer, effective_keys double precision,
               method text, noise_limit double precision)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'partman_partition_distribution';
COMMENT ON FUNCTION @extschema@._partition_distribution() IS
'partman_ext internal: the rows of the partition_distribution view.';
CREATE OR REPLACE VIEW @extschema@.partition_distribution AS SELECT * FROM @extschema@._partition_distribution();
COMMENT ON VIEW @extschema@.partition_distribution IS
'partman_ext: one row per bucket set, from catalog estimates (pg_class.reltuples, no scan): partitions (buckets, DEFAULT excluded), total_rows, mean_rows, stddev_rows (population), cv = stddev/mean, max_skew = largest |skew factor|, max_mean_ratio = largest partition / mean, status (worst partition status, CRITICAL when the DEFAULT partition holds rows), min_rows, max_rows, default_rows, unanalyzed_partitions, effective_keys (n^2 / sum of squared rows per key), method (exact, key statistics, sample) and noise_limit (the excess, as a fraction of a bucket, that uniform hashing of these keys can produce by chance). Row figures are NULL while a partition has never been analyzed.';
CREATE OR REPLACE FUNCTION @extschema@.refresh_key_statistics(
    parent regclass DEFAULT NULL,
    value_column name DEFAULT NULL,
    time_column name DEFAULT NULL,
    full_refresh boolean DEFAULT false)
RETURNS TABLE (parent_table regclass, partitions integer, refreshed_partitions integer, keys bigint,
               rows_counted bigint, duration_ms double precision)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_refresh_key_statistics';
COMMENT ON FUNCTION @extschema@.refresh_key_statistics(regclass, name, name, boolean) IS
'partman_ext: brings key_statistics up to date for parent (or every bucket set the caller may maintain): recounts, with one GROUP BY key scan each, only the partitions written to (pg_stat n_tup_ins/upd/del of their leaves) or rewritten (relfilenode) since they were last counted, or all with full_refresh => true. value_column (numeric, summed per key) and time_column (first/last seen) are remembered per set; an empty name clears one. Reads the table as its owner. Returns per set: partitions, how many were recounted, keys, rows counted, duration.';
CREATE OR REPLACE FUNCTION @extschema@.rebalancing_recommendations(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, partition_name regclass, recommendation text, kind text, status text,
               skew_factor double precision, keys text[])
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_rebalancing_recommendations';
COMMENT ON FUNCTION @extschema@.rebalancing_recommendations(regclass) IS
'partman_ext: readable advice per bucket set (or for parent) from the skew estimates and key_statistics: fix_bucket_expression, empty_default, analyze, insufficient_data, split_hot_key (one key makes a partition hot: sub-partition it or give the key its own table), more_buckets (several large keys collide), refresh_key_statistics, use_hash, investigate_hot_bucket (many ordinary keys crowd one bucket beyond chance), investigate_cold_bucket, expression_key (LIST on an expression: equality on the key column does not prune; query with the expression or use HASH), none.';

GRANT SELECT ON @extschema@.partition_distribution TO PUBLIC;
-- jobs reads job_run.* (its new column too).
CREATE OR REPLACE VIEW @extschema@.jobs AS
SELECT j.job_id, j.kind, j.parent_table, j.schedule_interval,
       nullif(least(j.next_run, j.retry_at, CASE WHEN j.requested THEN @extschema@.clock() END), 'infinity') AS next_run,
       j.enabled, j.max_runtime, j.max_retries, j.retry_backoff, j.options, j.consecutive_failures,
       r.started_at AS last_started_at, r.finished_at AS last_finished_at, r.status AS last_status,
       r.sqlstate AS last_sqlstate, r.message AS last_message, j.builtin, j.created_by,
       j.schedule, j.time_zone, nullif(j.next_run, 'infinity') AS next_regular_run,
       s.status AS scheduler_status
FROM @extschema@.job j
CROSS JOIN (SELECT @extschema@.scheduler_status() AS status) s
LEFT JOIN LATERAL (SELECT * FROM @extschema@.job_run r WHERE r.job_id = j.job_id ORDER BY r.run_id DESC LIMIT 1) r ON true;
COMMENT ON VIEW @extschema@.jobs IS
'partman_ext: every scheduled job with its schedule (interval or cron in time_zone), when it runs next (next_run: the regular run, a retry or a requested run, whichever is first; next_regular_run: the schedule''s), retry settings, its last run (status running while it runs), and whether a scheduler serves this database (scheduler_status).';

GRANT SELECT ON @extschema@.jobs TO PUBLIC;
CREATE OR REPLACE VIEW @extschema@.job_runs AS
SELECT run_id, job_id, kind, parent_table, started_at, finished_at, finished_at - started_at AS duration,
       status, sqlstate, message, items_done, attempt, details, reason, parent_relid
FROM @extschema@.job_run;
COMMENT ON VIEW @extschema@.job_runs IS
'partman_ext: job-run history: job, kind, start, end, duration, status (running, succeeded, failed, cancelled, skipped), SQLSTATE, message, items done (every action taken: partitions created, created with rows moved, dropped, detached, archived, analyzed, vacuumed; alerts sent), attempt, per-set details (each action and each set''s failure with its SQLSTATE), reason (schedule, requested, retry), parent_relid (the set as regclass: joins the monitoring views; parent_table is its schema-qualified name at the time, readable after the set is dropped).';
CREATE OR REPLACE VIEW @extschema@.alerts AS
SELECT alert_id, CASE WHEN cleared_at IS NULL THEN 'raised' ELSE 'cleared' END AS state, severity, code,
       parent_table, partition_name, message, recommendation, raised_at, last_seen_at, cleared_at, parent_relid
FROM @extschema@.alert_state;
COMMENT ON VIEW @extschema@.alerts IS
'partman_ext: health alerts found by the health job (the rows of check_partition_health whose severity is not info; raised = still present, cleared = gone). Each change is logged with WARNING and sent once with NOTIFY partman_ext_alerts. parent_table and partition_name are schema-qualified names as text (a history: readable after the tables are dropped); parent_relid is the set as regclass, for joins with the monitoring views.';
CREATE OR REPLACE FUNCTION @extschema@.analyze_partitions(parent regclass)
RETURNS TABLE (parent_table regclass, partition_name regclass, est_rows_before bigint, est_rows bigint, action text,
               message text, duration_ms numeric)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_analyze_partitions';
COMMENT ON FUNCTION @extschema@.analyze_partitions(regclass) IS
'partman_ext: ANALYZE every leaf partition of parent now, as its owner, under the set''s lock_timeout. One row per partition: pg_class.reltuples before and after, action (analyzed/skipped on lock timeout/failed), message with SQLSTATE, duration (ms). For a Citus table the row estimates are those of its shards (docs/citus.md).';
CREATE OR REPLACE FUNCTION @extschema@._job_alerts(parent regclass)
RETURNS TABLE (severity text, code text, parent_table regclass, partition_name regclass, message text,
               recommendation text)
LANGUAGE sql STABLE AS $$
    WITH runs AS (
        SELECT r.job_id, r.kind, r.started_at, r.status, r.sqlstate, r.message, r.details,
               -- rows written before parent_relid existed, or by hand: the set named in parent_table
               coalesce(r.parent_relid::oid,
                        (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                          WHERE format('%I.%I', n.nspname, c.relname) = r.parent_table)) AS set_oid,
               r.parent_table IS NULL AS every_set,
               row_number() OVER (PARTITION BY r.job_id ORDER BY r.run_id DESC) AS rn
          FROM @extschema@.job_run r
         WHERE r.status IN ('succeeded', 'failed', 'cancelled')
    ), last AS (
        SELECT r.*, (SELECT count(*) FROM runs f
                      WHERE f.job_id = r.job_id AND f.status <> 'succeeded'
                        AND f.rn < coalesce((SELECT min(ok.rn) FROM runs ok
                                              WHERE ok.job_id = r.job_id AND ok.status = 'succeeded'), 2147483647)) AS failures
          FROM runs r WHERE r.rn = 1
    ), set_failures AS (
        SELECT DISTINCT ON (d->>'set_oid')
               l.job_id, l.started_at, (d->>'set_oid')::oid AS set_oid, d->>'partition' AS partition_text,
               d->>'sqlstate' AS sqlstate, d->>'message' AS message
          FROM last l, jsonb_array_elements(l.details) d
         WHERE l.kind = 'maintenance' AND l.every_set AND l.status = 'succeeded'
           AND d->>'action' = 'failed' AND d ? 'set_oid'
         ORDER BY d->>'set_oid', l.started_at DESC
    )
    SELECT CASE WHEN l.kind = 'maintenance' AND NOT l.every_set THEN 'critical' ELSE 'warning' END,
           CASE WHEN l.kind = 'maintenance' THEN 'MAINTENANCE_JOB_FAILING' ELSE 'JOB_FAILING' END,
           c.oid::regclass, NULL::regclass,
           format('%s job %s%s: %s run(s) in a row %s, the last at %s: %s%s', l.kind, l.job_id,
                  CASE WHEN c.oid IS NOT NULL THEN ' of ' || c.oid::regclass::text ELSE '' END,
                  l.failures, l.status, to_char(l.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                  coalesce('[' || l.sqlstate || '] ', ''), coalesce(l.message, 'no message')),
           'Read the error in partman_ext.job_runs, fix its cause, then run the job''s function by hand to check.'::text
      FROM last l
      LEFT JOIN pg_catalog.pg_class c ON c.oid = l.set_oid
     WHERE l.status <> 'succeeded' AND (parent IS NULL OR l.set_oid IS NULL OR l.set_oid = parent::oid)
    UNION ALL
    -- The partition of a failed step, when it exists (a partition that could not be created does
    -- not: the message names it).
    SELECT 'critical', 'SET_MAINTENANCE_FAILING', c.oid::regclass, p.relid,
           format('maintenance of %s failed in the run of job %s at %s: %s%s%s', c.oid::regclass,
                  f.job_id, to_char(f.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                  CASE WHEN p.relid IS NULL THEN coalesce(nullif(f.partition_text, '') || ': ', '') ELSE '' END,
                  CASE WHEN f.message LIKE f.sqlstate || ':%' THEN '' ELSE coalesce('[' || nullif(f.sqlstate, '') || '] ', '') END,
                  coalesce(f.message, 'no message')),
           format('Fix the cause (see partman_ext.maintenance_log), then check: SELECT * FROM partman_ext.run_partition_maintenance(%L);',
                  c.oid::regclass)
      FROM set_failures f
      JOIN pg_catalog.pg_class c ON c.oid = f.set_oid
      LEFT JOIN LATERAL (SELECT i.inhrelid::regclass AS relid FROM pg_catalog.pg_inherits i
                           JOIN pg_catalog.pg_class pc ON pc.oid = i.inhrelid
                           JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                          WHERE i.inhparent = c.oid AND format('%I.%I', pn.nspname, pc.relname) = f.partition_text) p ON true
     WHERE parent IS NULL OR f.set_oid = parent::oid
$$;
COMMENT ON FUNCTION @extschema@._job_alerts(regclass) IS
'partman_ext internal: health alerts about jobs: a job failing as a whole (MAINTENANCE_JOB_FAILING, JOB_FAILING), and a set that failed inside a maintenance run of every set (SET_MAINTENANCE_FAILING, on that set).';

CREATE OR REPLACE FUNCTION @extschema@._partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, parent_table regclass, partition_relid oid, partition_name regclass,
               is_default boolean, leaves integer, est_rows bigint, unanalyzed_leaves integer,
               total_bytes bigint, table_bytes bigint, index_bytes bigint,
               n_tup_ins bigint, n_tup_upd bigint, n_tup_del bigint, n_live_tup bigint, n_dead_tup bigint,
               seq_scan bigint, idx_scan bigint,
               last_vacuum timestamptz, last_autovacuum timestamptz,
               last_analyze timestamptz, last_autoanalyze timestamptz, xid_age integer)
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH dist AS (
        SELECT * FROM @extschema@._citus_set_stats(parent)
    ), leaf AS (
        SELECT t.parent_relid, t.partition_relid, r.oid, r.relkind, r.relfrozenxid, d.relid IS NOT NULL AS citus,
               CASE WHEN d.relid IS NOT NULL THEN d.est_rows
                    ELSE @extschema@._row_estimate(r.relkind, r.reltuples, r.relpages, sz.heap_bytes) END AS est,
               CASE WHEN d.relid IS NOT NULL THEN d.heap_bytes ELSE sz.heap_bytes END AS heap_bytes,
               CASE WHEN d.relid IS NOT NULL THEN d.total_bytes ELSE sz.total_bytes END AS total_bytes,
               CASE WHEN d.relid IS NOT NULL THEN d.index_bytes ELSE sz.index_bytes END AS index_bytes,
               d.n_tup_ins AS d_ins, d.n_tup_upd AS d_upd, d.n_tup_del AS d_del, d.n_live_tup AS d_live,
               d.n_dead_tup AS d_dead, d.seq_scan AS d_seq, d.idx_scan AS d_idx, d.last_vacuum AS d_vac,
               d.last_autovacuum AS d_autovac, d.last_analyze AS d_ana, d.last_autoanalyze AS d_autoana,
               d.xid_age AS d_xid_age
          FROM @extschema@._partition_tree(parent) t
          JOIN pg_catalog.pg_class r ON r.oid = t.relid
         CROSS JOIN LATERAL @extschema@._rel_sizes(r.oid) sz
          LEFT JOIN dist d ON d.relid = t.relid
    )
    SELECT l.parent_relid,
           l.parent_relid::regclass,
           l.partition_relid,
           l.partition_relid::regclass,
           coalesce(pt.partdefid = l.partition_relid, false),
           (count(*) FILTER (WHERE l.relkind <> 'p'))::integer,
           CASE WHEN bool_and(l.est IS NOT NULL) FILTER (WHERE l.relkind <> 'p') IS NOT FALSE
                THEN coalesce(sum(l.est) FILTER (WHERE l.relkind <> 'p'), 0)::bigint END,
           (count(*) FILTER (WHERE l.relkind <> 'p' AND l.est IS NULL))::integer,
           sum(l.total_bytes)::bigint, sum(l.heap_bytes)::bigint, sum(l.index_bytes)::bigint,
           sum(CASE WHEN l.citus THEN l.d_ins ELSE pg_catalog.pg_stat_get_tuples_inserted(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_upd ELSE pg_catalog.pg_stat_get_tuples_updated(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_del ELSE pg_catalog.pg_stat_get_tuples_deleted(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_live ELSE pg_catalog.pg_stat_get_live_tuples(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_dead ELSE pg_catalog.pg_stat_get_dead_tuples(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_seq ELSE pg_catalog.pg_stat_get_numscans(l.oid) END)::bigint,
           sum(CASE WHEN l.citus THEN l.d_idx ELSE ix.idx_scan END)::bigint,
           min(CASE WHEN l.citus THEN l.d_vac ELSE pg_catalog.pg_stat_get_last_vacuum_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           min(CASE WHEN l.citus THEN l.d_autovac ELSE pg_catalog.pg_stat_get_last_autovacuum_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           min(CASE WHEN l.citus THEN l.d_ana ELSE pg_catalog.pg_stat_get_last_analyze_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           min(CASE WHEN l.citus THEN l.d_autoana ELSE pg_catalog.pg_stat_get_last_autoanalyze_time(l.oid) END) FILTER (WHERE l.relkind <> 'p'),
           max(CASE WHEN l.citus THEN l.d_xid_age ELSE pg_catalog.age(l.relfrozenxid) END) FILTER (WHERE l.relkind IN ('r', 'm', 't'))
      FROM leaf l
      LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = l.parent_relid
      LEFT JOIN (SELECT x.indrelid, sum(pg_catalog.pg_stat_get_numscans(x.indexrelid)) AS idx_scan
                   FROM pg_catalog.pg_index x GROUP BY x.indrelid) ix ON ix.indrelid = l.oid
     GROUP BY l.parent_relid, l.partition_relid, pt.partdefid
$$;
COMMENT ON FUNCTION @extschema@._partitions(regclass) IS
'partman_ext internal: one row per partition of the registered sets with row estimate, sizes and pg_stat counters summed over its leaves (catalog and statistics only; a Citus leaf''s figures come from its shards, _citus_stats).';
CREATE TYPE @extschema@._overview_row AS (
    parent_relid oid, parent_table regclass, strategy text, partition_relid oid, partition_name regclass,
    is_default boolean, key_type regtype, lower_bound text, upper_bound text, lower_time timestamptz,
    upper_time timestamptz, lower_value numeric, upper_value numeric, period text,
    beyond_retention boolean, est_rows bigint, unanalyzed_leaves integer, total_bytes bigint,
    table_bytes bigint, index_bytes bigint, xid_age integer,
    last_vacuum timestamptz, last_autovacuum timestamptz,
    last_analyze timestamptz, last_autoanalyze timestamptz,
    max_partition_bytes bigint, max_partition_rows bigint, time_zone text,
    has_rows boolean, share double precision, expected_share double precision,
    skew_factor double precision, skew_status text);
COMMENT ON TYPE @extschema@._overview_row IS
'partman_ext internal: one partition with its figures, bounds, period and retention state (see _partition_overview); the health model''s inputs (_health_overview) add whether a default partition holds rows and the skew of a bucket.';
CREATE OR REPLACE FUNCTION @extschema@._partition_overview(parent regclass DEFAULT NULL)
RETURNS SETOF @extschema@._overview_row
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH p AS (
        SELECT p.*, c.strategy, c.retention, c.time_zone, c.max_partition_bytes, c.max_partition_rows,
               b.key_type, b.lower_bound, b.upper_bound, b.lower_local, b.upper_local, b.now_local,
               b.lower_time, b.upper_time, b.lower_value, b.upper_value
          FROM @extschema@._partitions(parent) p
          JOIN @extschema@.part_config c ON c.parent_table::oid = p.parent_relid
          LEFT JOIN @extschema@._partition_bounds(parent) b ON b.partition_relid = p.partition_relid
    ), cur AS (
        SELECT p.parent_relid,
               coalesce(max(p.lower_value) FILTER (WHERE coalesce(p.est_rows, 1) > 0), min(p.lower_value)) AS cur_lower
          FROM p WHERE p.strategy = 'integer' AND NOT p.is_default
         GROUP BY p.parent_relid
    )
    SELECT p.parent_relid, p.parent_table, p.strategy, p.partition_relid, p.partition_name, p.is_default,
           p.key_type, p.lower_bound, p.upper_bound, p.lower_time, p.upper_time, p.lower_value, p.upper_value,
           CASE WHEN p.is_default THEN 'default'
                WHEN p.strategy = 'time' THEN
                    CASE WHEN p.upper_local <= p.now_local THEN 'past'
                         WHEN p.lower_local > p.now_local THEN 'future'
                         WHEN p.upper_bound IS NOT NULL THEN 'current' END
                WHEN p.strategy = 'integer' THEN
                    CASE WHEN p.lower_value = cur.cur_lower THEN 'current'
                         WHEN p.lower_value > cur.cur_lower THEN 'future'
                         WHEN p.lower_value < cur.cur_lower THEN 'past' END
           END,
           CASE WHEN p.is_default OR p.retention IS NULL THEN false
                WHEN p.strategy = 'time' THEN coalesce(p.upper_local <= p.now_local - p.retention::interval, false)
                WHEN p.strategy = 'integer' AND btrim(p.retention) ~ '^[0-9]+$' THEN
                    coalesce(p.upper_value <= cur.cur_lower - btrim(p.retention)::numeric, false)
                ELSE false END,
           p.est_rows, p.unanalyzed_leaves, p.total_bytes, p.table_bytes, p.index_bytes, p.xid_age,
           p.last_vacuum, p.last_autovacuum, p.last_analyze, p.last_autoanalyze,
           p.max_partition_bytes, p.max_partition_rows, p.time_zone,
           NULL::boolean, NULL::double precision, NULL::double precision, NULL::double precision, NULL::text
      FROM p
      LEFT JOIN cur ON cur.parent_relid = p.parent_relid
$$;
COMMENT ON FUNCTION @extschema@._partition_overview(regclass) IS
'partman_ext internal: each partition with its figures, bounds, period (current / future / past / default) and whether it is beyond the set''s retention.';
CREATE OR REPLACE FUNCTION @extschema@._bucket_skew(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, share double precision, expected_share double precision,
               skew_factor double precision, z_score double precision, status text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
    set_oid oid;
BEGIN
    IF to_regprocedure('@extschema@.analyze_partition_skew(regclass, boolean)') IS NULL THEN
        RETURN;  -- bucket analysis not installed
    END IF;
    FOR set_oid IN
        SELECT c.parent_table::oid FROM @extschema@.part_config c
         WHERE c.strategy = 'bucket' AND (parent IS NULL OR c.parent_table = parent)
           AND @extschema@._lockable(c.parent_table::oid)  -- locked by another session: skipped
         ORDER BY 1
    LOOP
        RETURN QUERY
        SELECT set_oid, s.partition_name::oid, s.share, s.expected_share, s.skew_factor, s.z_score, s.status
          FROM @extschema@.analyze_partition_skew(set_oid::regclass, false) s;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@._bucket_skew(regclass) IS
'partman_ext internal: analyze_partition_skew() (catalog estimates) for every registered bucket set.';

CREATE OR REPLACE VIEW @extschema@.partition_stats AS
SELECT p.parent_table, p.partition_name, c.strategy, p.is_default,
       p.est_rows AS row_estimate,
       CASE WHEN count(*) FILTER (WHERE p.est_rows IS NULL) OVER w = 0
            THEN round(100.0 * p.est_rows / nullif(sum(p.est_rows) OVER w, 0), 2) END AS row_percentage,
       p.total_bytes,
       pg_catalog.pg_size_pretty(p.total_bytes) AS total_size,
       round(100.0 * p.total_bytes / nullif(sum(p.total_bytes) OVER w, 0), 2) AS byte_percentage,
       p.n_live_tup AS live_tuples, p.n_dead_tup AS dead_tuples,
       p.n_tup_ins AS inserts, p.n_tup_upd AS updates, p.n_tup_del AS deletes,
       p.seq_scan AS seq_scans, p.idx_scan AS index_scans,
       greatest(p.last_analyze, p.last_autoanalyze) AS last_analyze,
       greatest(p.last_vacuum, p.last_autovacuum) AS last_vacuum
  FROM @extschema@._partitions(NULL) p
  JOIN @extschema@.part_config c ON c.parent_table::oid = p.parent_relid
WINDOW w AS (PARTITION BY p.parent_relid);
COMMENT ON VIEW @extschema@.partition_stats IS
'partman_ext: one row per partition: estimated rows (pg_class.reltuples, NULL = never analyzed) and their share of the set, total bytes and share, pg_stat_user_tables counters (live/dead tuples, inserts/updates/deletes since the last stats reset, scans), last ANALYZE and VACUUM. Catalog and statistics only.';
CREATE OR REPLACE VIEW @extschema@.partition_size_distribution AS
SELECT p.parent_table, p.partition_name, p.is_default,
       p.total_bytes, p.table_bytes, p.index_bytes,
       p.total_bytes - p.table_bytes - p.index_bytes AS toast_bytes,
       pg_catalog.pg_size_pretty(p.total_bytes) AS total_size,
       round(100.0 * p.total_bytes / nullif(sum(p.total_bytes) OVER w, 0), 2) AS byte_percentage,
       round(p.total_bytes / nullif(avg(p.total_bytes) OVER w, 0), 2) AS size_vs_mean,
       (rank() OVER (PARTITION BY p.parent_relid ORDER BY p.total_bytes DESC))::integer AS size_rank
  FROM @extschema@._partitions(NULL) p
WINDOW w AS (PARTITION BY p.parent_relid);
COMMENT ON VIEW @extschema@.partition_size_distribution IS
'partman_ext: physical size of each partition: total, heap, index and TOAST bytes (relation sizes), its percentage of the set, its ratio to the set''s mean partition size and its rank (1 = largest).';
CREATE OR REPLACE VIEW @extschema@.partition_chunk_distribution AS
SELECT o.parent_table, o.partition_name, o.strategy, o.is_default,
       o.est_rows AS row_estimate,
       CASE WHEN count(*) FILTER (WHERE o.est_rows IS NULL) OVER w = 0
            THEN round(100.0 * o.est_rows / nullif(sum(o.est_rows) OVER w, 0), 2) END AS row_percentage,
       round(100.0 / nullif(count(*) FILTER (WHERE NOT o.is_default) OVER w, 0), 2) AS expected_percentage,
       round(o.table_bytes::numeric / nullif(o.est_rows, 0), 1) AS avg_row_bytes,
       CASE WHEN o.lower_time IS NOT NULL THEN date_trunc('second', @extschema@.clock() - o.lower_time) END AS data_age,
       o.xid_age
  FROM @extschema@._partition_overview(NULL) o
WINDOW w AS (PARTITION BY o.parent_relid);
COMMENT ON VIEW @extschema@.partition_chunk_distribution IS
'partman_ext: rows per partition (catalog estimate), their percentage of the set against the even share (100 / partitions), average row size in bytes (heap bytes / rows), age of the partition''s range (now - lower bound, time sets) and its transaction-ID age (age(relfrozenxid)).';
CREATE OR REPLACE VIEW @extschema@.partition_metadata AS
SELECT o.parent_table, o.partition_name, o.is_default,
       (o.lower_time AT TIME ZONE o.time_zone)::date AS partition_date,
       o.lower_bound, o.upper_bound,
       o.est_rows AS row_count, o.total_bytes AS size_bytes,
       greatest(o.last_analyze, o.last_autoanalyze) AS last_analyze,
       greatest(o.last_vacuum, o.last_autovacuum) AS last_vacuum,
       o.last_analyze AS last_manual_analyze, o.last_autoanalyze,
       o.last_vacuum AS last_manual_vacuum, o.last_autovacuum
  FROM @extschema@._partition_overview(NULL) o;
COMMENT ON VIEW @extschema@.partition_metadata IS
'partman_ext: per partition: partition_date (first day of its range in the set''s time zone, time sets), bounds, row count (catalog estimate), size in bytes, last ANALYZE and last VACUUM (manual or auto, from pg_stat_user_tables).';
CREATE OR REPLACE VIEW @extschema@.v_partition_sizes AS
SELECT o.partition_name, o.lower_time AS start_date, o.upper_time AS end_date,
       o.est_rows AS row_count,
       round(o.total_bytes / 1048576.0, 2) AS size_mb,
       o.parent_table, o.total_bytes AS bytes
  FROM @extschema@._partition_overview(NULL) o;
COMMENT ON VIEW @extschema@.v_partition_sizes IS
'partman_ext: partition_name, start_date and end_date (range of a time set''s partition, NULL otherwise), row_count (catalog estimate, NULL = never analyzed), size_mb (total relation size in MiB), parent_table, bytes.';

GRANT SELECT ON @extschema@.partition_stats, @extschema@.partition_size_distribution,
    @extschema@.partition_chunk_distribution, @extschema@.partition_metadata,
    @extschema@.v_partition_sizes TO PUBLIC;
CREATE OR REPLACE FUNCTION @extschema@._hot_spots()
RETURNS TABLE (parent_table regclass, partition_name regclass, writes_hour bigint, writes_day bigint, writes_week bigint,
               hour_percentage numeric, day_percentage numeric, week_percentage numeric,
               expected_percentage numeric, is_default boolean, first_sampled_at timestamptz,
               last_sampled_at timestamptz)
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH p AS (
        SELECT t.parent_relid, t.partition_relid,
               t.parent_relid::regclass AS parent_table,
               t.partition_relid::regclass AS partition_name,
               coalesce(pt.partdefid = t.partition_relid, false) AS is_default,
               l.writes_total - coalesce(h.writes_total, f.writes_total) AS writes_hour,
               l.writes_total - coalesce(d.writes_total, f.writes_total) AS writes_day,
               l.writes_total - coalesce(w.writes_total, f.writes_total) AS writes_week,
               f.sampled_at AS first_sampled_at, l.sampled_at AS last_sampled_at
          FROM @extschema@._partition_tree(NULL) t
          LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = t.parent_relid
          LEFT JOIN LATERAL (SELECT s.writes_total, s.sampled_at FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid ORDER BY s.sampled_at DESC LIMIT 1) l ON true
          LEFT JOIN LATERAL (SELECT s.writes_total, s.sampled_at FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid ORDER BY s.sampled_at LIMIT 1) f ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= @extschema@.clock() - interval '1 hour'
                              ORDER BY s.sampled_at DESC LIMIT 1) h ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= @extschema@.clock() - interval '1 day'
                              ORDER BY s.sampled_at DESC LIMIT 1) d ON true
          LEFT JOIN LATERAL (SELECT s.writes_total FROM @extschema@.partition_activity_samples s
                              WHERE s.partition_relid = t.partition_relid AND s.sampled_at <= @extschema@.clock() - interval '7 days'
                              ORDER BY s.sampled_at DESC LIMIT 1) w ON true
         WHERE t.depth = 1
    )
    SELECT p.parent_table, p.partition_name, p.writes_hour, p.writes_day, p.writes_week,
           round(100.0 * p.writes_hour / nullif(sum(p.writes_hour) OVER set, 0), 2) AS hour_percentage,
           round(100.0 * p.writes_day / nullif(sum(p.writes_day) OVER set, 0), 2) AS day_percentage,
           round(100.0 * p.writes_week / nullif(sum(p.writes_week) OVER set, 0), 2) AS week_percentage,
           round(100.0 / nullif(count(*) FILTER (WHERE NOT p.is_default) OVER set, 0), 2) AS expected_percentage,
           p.is_default, p.first_sampled_at, p.last_sampled_at
      FROM p
    WINDOW set AS (PARTITION BY p.parent_relid)
$$;
COMMENT ON FUNCTION @extschema@._hot_spots() IS
'partman_ext internal: the rows of the partition_hot_spots view.';
CREATE OR REPLACE VIEW @extschema@.partition_hot_spots AS SELECT * FROM @extschema@._hot_spots();
COMMENT ON VIEW @extschema@.partition_hot_spots IS
'partman_ext: writes (inserted + updated + deleted rows) per partition in the last hour, day and week, counted from the last sample taken before the window began to the latest sample (last_sampled_at; the oldest kept is first_sampled_at) in partition_activity_samples (a counter that went down was reset: counted from its new value), and each partition''s percentage of its set''s writes (NULL when the set had none), against the even share 100 / partitions. NULL without samples.';

CREATE OR REPLACE FUNCTION @extschema@._severity_rank(severity text)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE severity WHEN 'critical' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END
$$;
COMMENT ON FUNCTION @extschema@._severity_rank(text) IS
'partman_ext internal: 1 for critical, 2 for warning, 3 for anything else (sort order of alerts).';
CREATE OR REPLACE FUNCTION @extschema@._default_content(part regclass, est_rows bigint, heap_bytes bigint,
                                             OUT has_rows boolean, OUT rows bigint)
RETURNS record LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    sub boolean := EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = part);
BEGIN
    has_rows := coalesce(est_rows > 0, heap_bytes > 0);
    IF heap_bytes = 0 AND NOT sub THEN
        has_rows := false;
    ELSIF NOT sub AND pg_catalog.has_table_privilege(part, 'SELECT') AND @extschema@._lockable(part) THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', part) INTO has_rows;
    END IF;
    rows := CASE WHEN NOT has_rows THEN 0 WHEN est_rows > 0 THEN est_rows END;
END
$$;
COMMENT ON FUNCTION @extschema@._default_content(regclass, bigint, bigint) IS
'partman_ext internal: whether a default partition holds rows (false without blocks; an EXISTS (SELECT 1 ..) read when it is readable at once, else the catalog estimate) and how many (0, the estimate, or NULL when unknown).';
CREATE OR REPLACE FUNCTION @extschema@._health_overview(parent regclass DEFAULT NULL)
RETURNS SETOF @extschema@._overview_row
LANGUAGE plpgsql VOLATILE ROWS 1000
    SET jit = off AS $$
DECLARE
    r record;
    o @extschema@._overview_row;
    d record;
BEGIN
    FOR r IN
        SELECT ov AS row, s.share, s.expected_share, s.skew_factor, s.status
          FROM @extschema@._partition_overview(parent) ov
          LEFT JOIN @extschema@._bucket_skew(parent) s ON s.partition_relid = ov.partition_relid
    LOOP
        o := r.row;
        IF o.is_default THEN
            d := @extschema@._default_content(o.partition_name, o.est_rows, o.table_bytes);
            o.has_rows := d.has_rows;
            o.est_rows := d.rows;
        END IF;
        o.share := r.share;
        o.expected_share := r.expected_share;
        o.skew_factor := r.skew_factor;
        o.skew_status := r.status;
        RETURN NEXT o;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@._health_overview(regclass) IS
'partman_ext internal: the inputs of the health model, read once: every partition with its catalog figures (_partition_overview), what a default partition holds (_default_content: has_rows, and est_rows 0 / estimate / NULL = unknown) and the skew of each bucket (_bucket_skew).';
CREATE TYPE @extschema@._alert_row AS (
    severity text, code text, parent_table regclass, partition_name regclass, message text, recommendation text);
COMMENT ON TYPE @extschema@._alert_row IS
'partman_ext internal: one health alert (the rows of check_partition_health).';
CREATE OR REPLACE FUNCTION @extschema@._health_alerts(parent regclass, overview @extschema@._overview_row[] DEFAULT NULL)
RETURNS SETOF @extschema@._alert_row
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
BEGIN
    IF overview IS NULL THEN
        overview := ARRAY(SELECT o FROM @extschema@._health_overview(parent) o);
    END IF;
    RETURN QUERY
    WITH ov AS MATERIALIZED (
        SELECT * FROM unnest(overview) o WHERE parent IS NULL OR o.parent_relid = parent::oid
    ), agg AS (
        SELECT o.parent_relid,
               count(*) FILTER (WHERE NOT o.is_default) AS parts,
               count(*) FILTER (WHERE o.period = 'current') AS current_parts,
               count(*) FILTER (WHERE o.period = 'future') AS future_parts,
               (array_agg(o.upper_bound ORDER BY o.upper_time DESC NULLS LAST, o.upper_value DESC NULLS LAST)
                    FILTER (WHERE NOT o.is_default))[1] AS covered_until,
               bool_or(o.is_default) AS has_default,
               -- A partition open at the top (MAXVALUE, or infinity for time keys) covers the future.
               coalesce(bool_or(o.upper_bound IN ('MAXVALUE', 'infinity')) FILTER (WHERE NOT o.is_default), false) AS open_top,
               bool_and(o.lower_bound IS NULL AND o.upper_bound IS NULL) FILTER (WHERE NOT o.is_default) AS unread
          FROM ov o GROUP BY o.parent_relid
    ), sets AS (
        SELECT c.parent_table::oid AS relid, c.parent_table AS name, c.strategy, c.premake,
               coalesce(c.min_future_partitions, c.premake) AS min_future, c.min_future_partitions,
               c.max_monthly_growth, c.retention, c.buckets, c.time_zone, coalesce(a.parts, 0) AS parts,
               coalesce(a.current_parts, 0) AS current_parts, coalesce(a.future_parts, 0) AS future_parts,
               a.covered_until, coalesce(a.has_default, false) AS has_default, coalesce(a.open_top, false) AS open_top,
               coalesce(a.unread, false) AND c.strategy IN ('time', 'integer') AS busy
          FROM @extschema@.part_config c
          LEFT JOIN agg a ON a.parent_relid = c.parent_table::oid
         WHERE (parent IS NULL OR c.parent_table = parent)
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = c.parent_table::oid)
    ), months AS (
        -- Rows per calendar month (set's time zone) of time partitions lying wholly inside one month.
        SELECT o.parent_relid AS relid, date_trunc('month', o.lower_time AT TIME ZONE o.time_zone) AS month,
               sum(o.est_rows) AS rows, bool_and(o.est_rows IS NOT NULL) AS known
          FROM ov o
         WHERE o.strategy = 'time' AND NOT o.is_default
           AND (o.upper_time AT TIME ZONE o.time_zone)
               <= date_trunc('month', o.lower_time AT TIME ZONE o.time_zone) + interval '1 month'
         GROUP BY 1, 2
    ), growth AS (
        -- The last two complete months.
        SELECT s.relid, s.name, s.max_monthly_growth, m1.rows AS last_rows, m2.rows AS prev_rows
          FROM sets s
          JOIN months m1 ON m1.relid = s.relid AND m1.known
           AND m1.month = date_trunc('month', @extschema@.clock() AT TIME ZONE s.time_zone) - interval '1 month'
          JOIN months m2 ON m2.relid = s.relid AND m2.known
           AND m2.month = date_trunc('month', @extschema@.clock() AT TIME ZONE s.time_zone) - interval '2 months'
    )
    SELECT 'critical', 'NO_PARTITIONS', s.name, NULL::regclass,
           format('%s has no partitions', s.name),
           CASE WHEN s.strategy = 'bucket' THEN format('Create its buckets: SELECT * FROM partman_ext.create_bucket_partitions(%L, %s);', s.name, coalesce(s.buckets, 16))
                ELSE format('Create them: SELECT * FROM partman_ext.create_future_partitions(%L);', s.name) END
      FROM sets s WHERE s.parts = 0
    UNION ALL
    SELECT 'critical', 'MISSING_CURRENT_PARTITION', s.name, NULL,
           format('no partition of %s covers the current time (%s); new rows %s', s.name,
                  to_char(@extschema@.clock() AT TIME ZONE s.time_zone, 'YYYY-MM-DD HH24:MI'),
                  CASE WHEN s.has_default THEN 'go to the default partition' ELSE 'are rejected' END),
           format('Create it now: SELECT * FROM partman_ext.create_future_partitions(%L);', s.name)
      FROM sets s WHERE s.strategy = 'time' AND s.parts > 0 AND s.current_parts = 0 AND NOT s.busy
    UNION ALL
    SELECT 'info', 'SET_BUSY', s.name, NULL,
           format('%s is locked by another session: its partitions were not inspected this time', s.name),
           'Nothing to do if maintenance or a migration is running; otherwise see pg_locks for the holder.'
      FROM sets s WHERE s.busy
    UNION ALL
    SELECT 'warning', 'INSUFFICIENT_PREMAKE', s.name, NULL,
           format('%s has %s future partition(s) (covered until %s); %s', s.name, s.future_parts,
                  coalesce(s.covered_until, 'unknown'),
                  CASE WHEN s.min_future_partitions IS NULL THEN format('premake is %s', s.premake)
                       ELSE format('min_future_partitions is %s', s.min_future_partitions) END),
           format('Run maintenance: SELECT * FROM partman_ext.run_partition_maintenance(%L);', s.name)
      FROM sets s WHERE s.strategy IN ('time', 'integer') AND s.parts > 0 AND s.future_parts < s.min_future AND NOT s.busy
       AND NOT s.open_top
    UNION ALL
    -- Gap fill left for later runs (e.g. after one far-past row got its partition): what will be
    -- created, how many runs that takes and, with a maintenance job, about when it is done.
    SELECT 'warning', 'GAP_FILL_PENDING', s.name, NULL,
           format('%s: %s partition(s) from %s to %s are still to be created by gap fill (until then rows of that range go to the default partition); maintenance creates at most %s per run%s',
                  s.name, g.missing_partitions, coalesce(g.lower_bound, 'unknown'), coalesce(g.upper_bound, 'unknown'), g.per_run,
                  CASE WHEN g.runs_needed IS NULL THEN ' and gap fill is off (partman_ext.max_gap_fill = 0)'
                       WHEN j.next_run IS NULL THEN format(': about %s run(s); no enabled maintenance job is scheduled for this set', g.runs_needed)
                       ELSE format(': about %s run(s) of the maintenance job (every %s, next at %s), done around %s',
                                   g.runs_needed, j.schedule_interval, to_char(j.next_run, 'YYYY-MM-DD HH24:MI TZ'),
                                   to_char(j.next_run + (g.runs_needed - 1) * j.schedule_interval, 'YYYY-MM-DD HH24:MI TZ')) END),
           format('Nothing to do if these partitions are wanted: maintenance creates them run by run. To finish sooner, CALL partman_ext.run_partition_maintenance_proc(%L) again or raise partman_ext.max_gap_fill; if the old rows that started the gap are strays, delete them and drop the partition made for them.', s.name)
      FROM sets s
      JOIN @extschema@.gap_fill_status(parent) g ON g.parent_table::oid = s.relid
      LEFT JOIN LATERAL (SELECT j.schedule_interval, j.next_run FROM @extschema@.job j
                          WHERE j.kind = 'maintenance' AND j.enabled AND j.schedule_interval IS NOT NULL
                            AND (j.parent_table IS NULL OR j.parent_table::oid = s.relid)
                          ORDER BY j.next_run LIMIT 1) j ON true
     WHERE s.strategy IN ('time', 'integer') AND NOT s.busy
       AND (g.runs_needed IS NULL OR g.runs_needed > 1)  -- what the next run finishes is no news
    UNION ALL
    SELECT 'warning', 'BUCKET_COUNT_MISMATCH', s.name, NULL,
           format('%s has %s bucket partitions; %s are configured', s.name, s.parts, s.buckets),
           'Create the missing buckets or correct the bucket count with partman_ext.create_bucket_partitions().'
      FROM sets s WHERE s.strategy = 'bucket' AND s.parts > 0 AND s.buckets IS NOT NULL AND s.parts <> s.buckets
    UNION ALL
    SELECT 'warning', 'PARTITION_TOO_LARGE', o.parent_table, o.partition_name,
           format('%s is %s, above the limit of %s', o.partition_name, pg_catalog.pg_size_pretty(o.total_bytes),
                  pg_catalog.pg_size_pretty(o.max_partition_bytes)),
           CASE WHEN o.strategy = 'bucket' THEN 'Spread the set over more buckets, or raise max_partition_bytes (update_partition_set).'
                ELSE 'Archive or drop old data (retention), use a shorter partition interval for new partitions, or raise max_partition_bytes (update_partition_set).' END
      FROM ov o WHERE o.total_bytes > o.max_partition_bytes
    UNION ALL
    SELECT 'warning', 'PARTITION_TOO_MANY_ROWS', o.parent_table, o.partition_name,
           format('%s holds about %s rows, above the limit of %s', o.partition_name, o.est_rows, o.max_partition_rows),
           CASE WHEN o.strategy = 'bucket' THEN 'Spread the set over more buckets, or raise max_partition_rows (update_partition_set).'
                ELSE 'Use a shorter partition interval for new partitions, archive old data, or raise max_partition_rows (update_partition_set).' END
      FROM ov o WHERE o.est_rows > o.max_partition_rows
    UNION ALL
    SELECT 'info', 'HIGH_GROWTH', g.name, NULL,
           format('%s grew %s%% month over month (about %s rows last month, %s the month before; alert above %s%%)', g.name,
                  round(100.0 * (g.last_rows - g.prev_rows) / g.prev_rows), g.last_rows, g.prev_rows,
                  trim_scale(round((100 * g.max_monthly_growth)::numeric, 1))),
           'Plan capacity: check disk space, premake and the partition interval.'
      FROM growth g
     WHERE g.prev_rows > 0 AND g.last_rows > (1 + g.max_monthly_growth) * g.prev_rows
    UNION ALL
    SELECT 'info', 'PARTITIONS_BEYOND_RETENTION', s.name,
           (array_agg(o.partition_name ORDER BY o.lower_time, o.lower_value))[1],
           format('%s partition(s) of %s are beyond its retention of %s (oldest: %s)', count(*), s.name, s.retention,
                  (array_agg(o.partition_name ORDER BY o.lower_time, o.lower_value))[1]),
           format('Drop, detach or archive them: SELECT * FROM partman_ext.run_partition_maintenance(%L);', s.name)
      FROM sets s JOIN ov o ON o.parent_relid = s.relid AND o.beyond_retention
     GROUP BY s.relid, s.name, s.retention
    UNION ALL
    SELECT 'warning', 'ROWS_IN_DEFAULT', o.parent_table, o.partition_name,
           format('the default partition %s holds rows (%s)', o.partition_name,
                  coalesce('about ' || o.est_rows || ' rows, estimate',
                           'number unknown: not analyzed since it grew; ' || pg_catalog.pg_size_pretty(o.table_bytes) || ' of data',
                           'number unknown')),
           format('Create the partitions they belong to and move them: SELECT * FROM partman_ext.empty_default_partition(%L, dry_run => true);', o.parent_table)
      FROM ov o
     WHERE o.is_default AND o.has_rows
    UNION ALL
    SELECT CASE o.skew_status WHEN 'CRITICAL' THEN 'critical' ELSE 'warning' END,
           CASE o.skew_status WHEN 'WARNING' THEN 'SKEW_WARNING' WHEN 'REBALANCE_RECOMMENDED' THEN 'SKEW_REBALANCE_RECOMMENDED'
                ELSE 'SKEW_CRITICAL' END,
           o.parent_table, o.partition_name,
           format('%s holds %s of the rows of %s against an even %s (skew %s)', o.partition_name,
                  coalesce(round((100 * o.share)::numeric, 2) || '%', 'an unknown share'), o.parent_table,
                  coalesce(round((100 * o.expected_share)::numeric, 2) || '%', 'unknown'),
                  coalesce(round(o.skew_factor::numeric, 2)::text, 'unknown')),
           format('Look for heavy keys and the bucket expression: SELECT * FROM partman_ext.rebalancing_recommendations(%L);', o.parent_table)
      FROM ov o
     WHERE o.skew_status IN ('WARNING', 'REBALANCE_RECOMMENDED', 'CRITICAL');

    -- Failing jobs of the scheduler, and sets that failed inside a job of every set.
    RETURN QUERY SELECT * FROM @extschema@._job_alerts(parent);
END
$$;
COMMENT ON FUNCTION @extschema@._health_alerts(regclass, @extschema@._overview_row[]) IS
'partman_ext internal: the rules of the health model: every alert of one set (or all sets) from its inputs (_health_overview, read here when overview is NULL) and the set''s thresholds (part_config: max_partition_bytes, max_partition_rows, max_monthly_growth, min_future_partitions or premake, skew levels).';

CREATE OR REPLACE FUNCTION @extschema@._health_summary(parent regclass DEFAULT NULL,
                                            overview @extschema@._overview_row[] DEFAULT NULL,
                                            alert_rows @extschema@._alert_row[] DEFAULT NULL)
RETURNS TABLE (parent_table regclass, strategy text, status text, alerts text[], partitions integer,
               future_coverage integer, premake integer, partitions_pending_cleanup integer,
               rows_in_default bigint, total_rows bigint, partitions_unanalyzed integer, total_bytes bigint,
               total_size text, oldest_partition regclass, newest_partition regclass, oldest_start timestamptz,
               newest_end timestamptz, max_skew double precision, default_partition regclass)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
BEGIN
    IF overview IS NULL THEN
        overview := ARRAY(SELECT o FROM @extschema@._health_overview(parent) o);
    END IF;
    IF alert_rows IS NULL THEN
        alert_rows := ARRAY(SELECT a FROM @extschema@._health_alerts(parent, overview) a);
    END IF;
    RETURN QUERY
    WITH ov AS MATERIALIZED (
        SELECT * FROM unnest(overview) o WHERE parent IS NULL OR o.parent_relid = parent::oid
    ), al AS (
        SELECT c.parent_table::oid AS parent_relid,
               array_agg(a.severity || ': ' || a.message
                         ORDER BY @extschema@._severity_rank(a.severity), a.code, a.partition_name::text) AS alerts,
               bool_or(a.severity = 'critical') AS critical,
               bool_or(a.severity = 'warning') AS warning
          FROM @extschema@.part_config c
          JOIN unnest(alert_rows) a
            ON a.parent_table = c.parent_table OR a.parent_table IS NULL  -- jobs of every set
         GROUP BY c.parent_table
    ), agg AS (
        SELECT o.parent_relid,
               count(*) FILTER (WHERE NOT o.is_default) AS partitions,
               CASE WHEN bool_or(o.lower_bound IS NOT NULL OR o.upper_bound IS NOT NULL) FILTER (WHERE NOT o.is_default)
                    THEN count(*) FILTER (WHERE o.period = 'future') END AS future_coverage,
               count(*) FILTER (WHERE o.beyond_retention) AS pending_cleanup,
               sum(o.est_rows) FILTER (WHERE o.is_default) AS rows_in_default,
               CASE WHEN count(*) FILTER (WHERE o.est_rows IS NULL) = 0 THEN sum(o.est_rows) END AS total_rows,
               count(*) FILTER (WHERE o.est_rows IS NULL) AS unanalyzed,
               sum(o.total_bytes) AS total_bytes,
               (array_agg(o.partition_name ORDER BY o.lower_time, o.lower_value)
                    FILTER (WHERE NOT o.is_default AND (o.lower_time IS NOT NULL OR o.lower_value IS NOT NULL)))[1] AS oldest,
               (array_agg(o.partition_name ORDER BY o.lower_time DESC, o.lower_value DESC)
                    FILTER (WHERE NOT o.is_default AND (o.lower_time IS NOT NULL OR o.lower_value IS NOT NULL)))[1] AS newest,
               min(o.lower_time) FILTER (WHERE NOT o.is_default) AS oldest_start,
               max(o.upper_time) FILTER (WHERE NOT o.is_default) AS newest_end,
               max(abs(o.skew_factor)) AS max_skew,
               (array_agg(o.partition_name) FILTER (WHERE o.is_default))[1] AS default_part
          FROM ov o GROUP BY o.parent_relid
    )
    SELECT c.parent_table, c.strategy,
           CASE WHEN coalesce(g.partitions, 0) = 0 THEN 'NO_PARTITIONS'
                WHEN al.critical THEN 'CRITICAL'
                WHEN al.warning THEN 'WARNING'
                WHEN g.pending_cleanup > 0 THEN 'CLEANUP_NEEDED'
                ELSE 'HEALTHY' END AS status,
           coalesce(al.alerts, '{}'::text[]) AS alerts,
           coalesce(g.partitions, 0)::integer AS partitions,
           CASE WHEN c.strategy <> 'bucket' AND (g.future_coverage IS NOT NULL OR coalesce(g.partitions, 0) = 0)
                THEN coalesce(g.future_coverage, 0)::integer END AS future_coverage,
           c.premake,
           coalesce(g.pending_cleanup, 0)::integer AS partitions_pending_cleanup,
           g.rows_in_default::bigint AS rows_in_default,
           g.total_rows::bigint AS total_rows,
           coalesce(g.unanalyzed, 0)::integer AS partitions_unanalyzed,
           coalesce(g.total_bytes, 0)::bigint AS total_bytes,
           pg_catalog.pg_size_pretty(coalesce(g.total_bytes, 0)) AS total_size,
           g.oldest AS oldest_partition, g.newest AS newest_partition,
           g.oldest_start, g.newest_end,
           g.max_skew, g.default_part
      FROM @extschema@.part_config c
      LEFT JOIN agg g ON g.parent_relid = c.parent_table::oid
      LEFT JOIN al ON al.parent_relid = c.parent_table::oid
     WHERE (parent IS NULL OR c.parent_table = parent)
       AND EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = c.parent_table::oid);
END
$$;
COMMENT ON FUNCTION @extschema@._health_summary(regclass, @extschema@._overview_row[], @extschema@._alert_row[]) IS
'partman_ext internal: the rows of the partition_health_summary view, from the health model''s inputs (_health_overview) and alerts (_health_alerts), read here unless given.';
CREATE OR REPLACE VIEW @extschema@.partition_health_summary AS SELECT * FROM @extschema@._health_summary();
COMMENT ON VIEW @extschema@.partition_health_summary IS
'partman_ext: one row per set (parent_table regclass): status (NO_PARTITIONS, CRITICAL, WARNING, CLEANUP_NEEDED, HEALTHY: the worst severity of its alerts), its alerts (severity: message, exactly the rows check_partition_health returns for it), partitions, future_coverage (partitions wholly after now / above the current one; NULL when the set could not be read), premake, partitions pending cleanup (beyond retention), rows in the default partition (0 when an EXISTS probe finds it empty, else the catalog estimate; NULL when unknown), total rows (sum of the estimates; NULL while a partition holding data was never analyzed: partitions_unanalyzed counts them), total bytes, oldest and newest partition (regclass) and the time they span, largest |skew| (bucket sets, full precision), the default partition (regclass; NULL: none).';
CREATE OR REPLACE FUNCTION @extschema@.partition_health_summary()
RETURNS SETOF @extschema@.partition_health_summary LANGUAGE sql STABLE AS $$
    SELECT * FROM @extschema@.partition_health_summary
$$;
COMMENT ON FUNCTION @extschema@.partition_health_summary() IS
'partman_ext: the rows of the partition_health_summary view, for callers that use the function form.';
CREATE OR REPLACE FUNCTION @extschema@._partition_health(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_table regclass, partition_name regclass, strategy text, is_default boolean, period text,
               lower_bound text, upper_bound text, row_estimate bigint, total_bytes bigint,
               skew_factor double precision, partition_status text, status_reason text)
LANGUAGE plpgsql VOLATILE ROWS 1000
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    overview @extschema@._overview_row[] := ARRAY(SELECT o FROM @extschema@._health_overview(parent) o);
BEGIN
    RETURN QUERY
    WITH a AS (
        SELECT DISTINCT ON (a.partition_name) a.partition_name, a.message,
               CASE a.code WHEN 'ROWS_IN_DEFAULT' THEN 'DEFAULT_HAS_ROWS'
                           WHEN 'PARTITION_TOO_LARGE' THEN 'TOO_LARGE'
                           WHEN 'PARTITION_TOO_MANY_ROWS' THEN 'TOO_MANY_ROWS'
                           ELSE a.code END AS status
          FROM @extschema@._health_alerts(parent, overview) a
         WHERE a.partition_name IS NOT NULL AND a.code <> 'PARTITIONS_BEYOND_RETENTION'
         ORDER BY a.partition_name,
                  CASE a.code WHEN 'ROWS_IN_DEFAULT' THEN 1 WHEN 'PARTITION_TOO_LARGE' THEN 2
                              WHEN 'PARTITION_TOO_MANY_ROWS' THEN 3 ELSE 4 END,
                  @extschema@._severity_rank(a.severity), a.code
    )
    SELECT o.parent_table, o.partition_name, o.strategy, o.is_default, o.period,
           o.lower_bound, o.upper_bound, o.est_rows, o.total_bytes, o.skew_factor,
           coalesce(a.status, CASE WHEN o.beyond_retention THEN 'PENDING_CLEANUP' ELSE 'NORMAL' END),
           coalesce(a.message, CASE WHEN o.beyond_retention THEN 'older than the set''s retention' END)
      FROM unnest(overview) WITH ORDINALITY o
      LEFT JOIN a ON a.partition_name = o.partition_name
     ORDER BY o.ordinality;
END
$$;
COMMENT ON FUNCTION @extschema@._partition_health(regclass) IS
'partman_ext internal: the rows of the partition_health view (each partition''s status from the health model''s alerts).';
CREATE OR REPLACE VIEW @extschema@.partition_health AS SELECT * FROM @extschema@._partition_health();
COMMENT ON VIEW @extschema@.partition_health IS
'partman_ext: per-partition status from the health model (the alerts of check_partition_health about that partition): NORMAL, DEFAULT_HAS_ROWS (ROWS_IN_DEFAULT: the default partition holds rows, probed), TOO_LARGE / TOO_MANY_ROWS (above the set''s max_partition_bytes / max_partition_rows), SKEW_WARNING / SKEW_REBALANCE_RECOMMENDED / SKEW_CRITICAL (bucket sets), another alert code naming the partition, PENDING_CLEANUP (beyond retention); with parent_table and partition_name (regclass), period (current / future / past / default), bounds, estimated rows (a default partition: 0 when probed empty), bytes, skew factor (bucket sets, full precision) and the reason (the alert''s message).';

CREATE OR REPLACE FUNCTION @extschema@._report_document(parent regclass, top integer)
RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    doc jsonb;
    part jsonb;
    -- The health model's inputs and alerts, read once: the sets and the alerts agree.
    overview @extschema@._overview_row[] := ARRAY(SELECT o FROM @extschema@._health_overview(parent) o);
    alert_rows @extschema@._alert_row[] := ARRAY(SELECT a FROM @extschema@._health_alerts(parent, overview) a);
BEGIN
    doc := jsonb_build_object(
        'generated_at', @extschema@.clock(),
        'parent_table', parent,
        'sets', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.parent_table::text), '[]')
                   FROM @extschema@._health_summary(parent, overview, alert_rows) s),
        'alerts', (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY @extschema@._severity_rank(a.severity),
                                             a.parent_table::text NULLS FIRST, a.code, a.partition_name::text), '[]')
                     FROM unnest(alert_rows) a),
        -- v_partition_sizes' columns, from the same inputs (a default partition probed empty has 0 rows)
        'sizes', (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.bytes DESC, v.partition_name::text), '[]')
                    FROM (SELECT o.partition_name, o.lower_time AS start_date, o.upper_time AS end_date,
                                 o.est_rows AS row_count, round(o.total_bytes / 1048576.0, 2) AS size_mb,
                                 o.parent_table, o.total_bytes AS bytes
                            FROM unnest(overview) o
                           ORDER BY o.total_bytes DESC, o.partition_name::text LIMIT top) v),
        'hot_spots', (SELECT coalesce(jsonb_agg(to_jsonb(h) ORDER BY h.writes_hour DESC, h.writes_day DESC, h.partition_name::text), '[]')
                        FROM (SELECT * FROM @extschema@.partition_hot_spots z
                               WHERE (parent IS NULL OR z.parent_table = parent) AND z.writes_week > 0
                               ORDER BY z.writes_hour DESC, z.writes_day DESC, z.partition_name::text LIMIT top) h),
        'writes_per_hour', (SELECT coalesce(jsonb_agg(jsonb_build_object('hour', w.hour, 'writes', w.writes) ORDER BY w.hour), '[]')
                              FROM (SELECT z.hour, sum(z.writes)::bigint AS writes
                                      FROM @extschema@.partition_writes_per_hour(parent, 24) z GROUP BY z.hour) w));

    -- Every bucket of the bucket sets (analyze_partition_skew, catalog estimates; a set locked by
    -- another session is left out), and those whose skew status is a deviation.
    part := (SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'parent_table', k.parent_table, 'partition_name', k.partition_name, 'row_count', k.row_count,
                        'share', k.share, 'expected_share', k.expected_share, 'skew_factor', k.skew_factor,
                        'z_score', k.z_score, 'status', k.status)
                    ORDER BY k.parent_table::text, k.ordinality), '[]')
               FROM @extschema@.part_config c
              CROSS JOIN LATERAL @extschema@.analyze_partition_skew(c.parent_table, false) WITH ORDINALITY k
              WHERE c.strategy = 'bucket' AND (parent IS NULL OR c.parent_table = parent)
                AND @extschema@._lockable(c.parent_table::oid));
    doc := doc || jsonb_build_object('buckets', part, 'skew',
        (SELECT coalesce(jsonb_agg(e - 'row_count' ORDER BY abs((e ->> 'skew_factor')::float8) DESC NULLS LAST, e ->> 'partition_name'), '[]')
           FROM jsonb_array_elements(part) e
          WHERE e ->> 'status' NOT IN ('HEALTHY', 'INSUFFICIENT_DATA')));

    -- The bucket helpers' relations, when installed.
    part := '[]';
    IF to_regclass('@extschema@.partition_distribution') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.parent_table::text), ''[]'')
                   FROM @extschema@.partition_distribution d WHERE $1 IS NULL OR d.parent_table = $1'
           INTO part USING parent;
    END IF;
    doc := doc || jsonb_build_object('distribution', part);
    part := '[]';
    IF to_regclass('@extschema@.key_statistics') IS NOT NULL THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(k)), ''[]'') FROM (SELECT * FROM @extschema@.key_statistics k %s LIMIT %s) k',
                       CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                          WHERE a.attrelid = to_regclass('@extschema@.key_statistics')
                                            AND a.attname = 'row_count' AND NOT a.attisdropped)
                            THEN 'ORDER BY k.row_count DESC' ELSE '' END, top)
           INTO part;
    END IF;
    RETURN doc || jsonb_build_object('heavy_keys', part);
END
$$;
COMMENT ON FUNCTION @extschema@._report_document(regclass, integer) IS
'partman_ext internal: the partition_report() document (sets, alerts, distribution, buckets, sizes, hot spots, writes per hour, skew, heavy keys) as jsonb.';
CREATE OR REPLACE FUNCTION @extschema@._report_lines(items jsonb, title text, fmt text, VARIADIC keys text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT E'\n== ' || title || E' ==\n' ||
           coalesce(string_agg(format(fmt, VARIADIC ARRAY(SELECT coalesce(i.e ->> k, 'unknown') FROM unnest(keys) k)),
                               E'\n' ORDER BY i.n),
                    '(none)')
      FROM jsonb_array_elements(coalesce(items, '[]')) WITH ORDINALITY i(e, n)
$$;
COMMENT ON FUNCTION @extschema@._report_lines(jsonb, text, text, text[]) IS
'partman_ext internal: a titled section of the text report, one formatted line per array element.';

COMMENT ON COLUMN @extschema@.maintenance_log.parent_table IS 'The set''s parent, schema-qualified, as the action named it (text: a history stays readable after tables are dropped; parent_relid is the regclass).';
COMMENT ON COLUMN @extschema@.job_run.parent_table IS 'The job''s set at the time of the run, schema-qualified (text, readable after the set is dropped; parent_relid is the regclass); NULL: every set.';
COMMENT ON COLUMN @extschema@.alert_state.parent_table IS 'The set concerned, schema-qualified (text, readable after the set is dropped; parent_relid is the regclass); NULL for an alert about every set.';
COMMENT ON COLUMN @extschema@.alert_state.partition_name IS 'The partition concerned, schema-qualified, when there is one (text: a cleared alert may name a partition dropped since).';
COMMENT ON COLUMN @extschema@.partition_activity_samples.parent_relid IS 'OID of the set''s parent.';
COMMENT ON COLUMN @extschema@.partition_action.parent_table IS 'The set''s parent (regclass).';
COMMENT ON COLUMN @extschema@.partition_action.partition_name IS 'The partition, schema-qualified (text: a dry run names partitions that do not exist yet, a drop one that exists no more).';
COMMENT ON COLUMN @extschema@.part_config.naming IS 'Template of the names of partitions the set creates (core tokens PARENT, YYYY, MM, DD, HH24, MI, LOWER; docs/reference.md, "Partition names"); NULL: the default <parent>_pYYYY_MM-style names. Registration takes it from the adopted partitions when they all follow one.';
COMMENT ON COLUMN @extschema@.part_config.max_monthly_growth IS 'Month-over-month growth in rows (a fraction) above which the set is reported HIGH_GROWTH (default 0.5: 50 %, seed 003).';
COMMENT ON COLUMN @extschema@.part_config.min_future_partitions IS 'Future partitions below which the set is reported INSUFFICIENT_PREMAKE; NULL (default): its premake (seed 003 warns below 2).';
COMMENT ON COLUMN @extschema@.maintenance_log.parent_relid IS 'The set''s parent as regclass (joins the monitoring views; prints as an OID once the table is dropped, when parent_table still names it).';
COMMENT ON COLUMN @extschema@.job_run.parent_relid IS 'The job''s set as regclass (prints as an OID once the table is dropped, when parent_table still names it); NULL: every set.';
COMMENT ON COLUMN @extschema@.alert_state.parent_relid IS 'The set concerned as regclass (prints as an OID once the table is dropped, when parent_table still names it).';
GRANT SELECT ON @extschema@.partition_health_summary, @extschema@.partition_hot_spots, @extschema@.partition_health TO PUBLIC;

-- Issue 10 (moving data without stalling the application): update_partition_set(...,
-- partition_interval => ...) changes the interval of future partitions; the default partition
-- emptied in batches (data_movement, progress, _relocate_step, default_relocation_plan,
-- empty_default_partition_proc), create_partitions, partition_table / undo_partition_table and
-- their procedures -- sql/install/20_partition_sets.sql, sql/install/70_data_movement.sql
DROP FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean, text, double precision, double precision, double precision, bigint, bigint, double precision, integer, text[]);
CREATE FUNCTION @extschema@.update_partition_set(
    parent regclass,
    premake integer DEFAULT NULL,
    retention text DEFAULT 'unchanged',
    retention_mode text DEFAULT NULL,
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT NULL,
    time_zone text DEFAULT NULL,
    lock_timeout interval DEFAULT NULL,
    enabled boolean DEFAULT NULL,
    clear_retention boolean DEFAULT false,
    naming text DEFAULT NULL,
    skew_warning double precision DEFAULT NULL,
    skew_rebalance double precision DEFAULT NULL,
    skew_critical double precision DEFAULT NULL,
    max_partition_bytes bigint DEFAULT NULL,
    max_partition_rows bigint DEFAULT NULL,
    max_monthly_growth double precision DEFAULT NULL,
    min_future_partitions integer DEFAULT NULL,
    reset text[] DEFAULT NULL,
    partition_interval text DEFAULT NULL)
RETURNS SETOF @extschema@.part_config
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_update_partition_set_v2';

-- (the comment as in sql/install/20_partition_sets.sql)
COMMENT ON FUNCTION @extschema@.update_partition_set(regclass, integer, text, text, name, boolean, text, interval, boolean, boolean, text, double precision, double precision, double precision, bigint, bigint, double precision, integer, text[], text) IS
'partman_ext: change a partition set''s settings, as its owner (or a member of partman_ext_admin): NULL = keep; retention: ''unchanged'' = keep, NULL = remove retention, as does clear_retention => true. naming: the template of new partitions'' names (time and integer sets). The health thresholds: skew_warning, skew_rebalance, skew_critical (|skew factor|, 0 < warning <= rebalance <= critical), max_partition_bytes, max_partition_rows (> 0), max_monthly_growth (fraction, > 0: HIGH_GROWTH above it), min_future_partitions (>= 0; NULL follows premake). reset: names of settings to put back to their defaults (naming, skew_warning, skew_rebalance, skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth, min_future_partitions). A new retention or retention_mode, or enabling a set with retention, removes nothing before the next regular maintenance run; a NOTICE says what will be removed and when. partition_interval changes the interval of partitions created from now on (e.g. ''1 month'' to ''7 days''): the grid continues from the upper bound of the highest partition; 22023 when it cannot (months must start on the 1st) or premake would reach beyond the key type. Returns the new configuration row. Existing partitions keep their bounds and names. Errors: 22023 bad value, 42501 not the owner.';


-- One row per data movement in progress (written by partman_ext as the extension owner).
CREATE TABLE @extschema@.data_movement (
    movement_id    bigserial PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('relocate', 'partition_table', 'undo_partition_table')),
    parent_table   oid NOT NULL,
    source_table   oid NOT NULL,
    target_table   oid NOT NULL,
    owner_role     oid NOT NULL,
    lo_units       bigint,
    hi_units       bigint,
    lower_bound    text,
    upper_bound    text,
    key_columns    text[],
    last_key       text[],
    next_block     bigint NOT NULL DEFAULT 0,
    phase          text NOT NULL DEFAULT 'copy' CHECK (phase IN ('copy', 'swap')),
    batch_size     bigint NOT NULL DEFAULT 0,
    rows_done      bigint NOT NULL DEFAULT 0,
    rows_estimated bigint,
    batches        bigint NOT NULL DEFAULT 0,
    options        jsonb NOT NULL DEFAULT '{}',
    started_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    pid            integer,
    message        text
);
COMMENT ON TABLE @extschema@.data_movement IS
'partman_ext: one row per data movement in progress (a range of a default partition relocated in batches, partition_table, undo_partition_table): where it stands, so that a crash or cancel loses nothing and the next step resumes. Removed when the movement is done (maintenance_log keeps what it did). Read it through partman_ext.progress.';
COMMENT ON COLUMN @extschema@.data_movement.movement_id IS 'Identifies the movement (partman_ext.progress.movement_id).';
COMMENT ON COLUMN @extschema@.data_movement.kind IS 'relocate (a range of a default partition), partition_table or undo_partition_table.';
COMMENT ON COLUMN @extschema@.data_movement.parent_table IS 'OID of the partitioned parent concerned (relocate, undo: the set; partition_table: the new parent).';
COMMENT ON COLUMN @extschema@.data_movement.source_table IS 'OID of the table rows come from (the default partition, the plain table, or the parent being undone).';
COMMENT ON COLUMN @extschema@.data_movement.target_table IS 'OID of the table rows go to (the partition being filled, the new parent, or the new plain table).';
COMMENT ON COLUMN @extschema@.data_movement.owner_role IS 'OID of the role the work runs as (the owner of the source).';
COMMENT ON COLUMN @extschema@.data_movement.lo_units IS 'relocate: lower bound of the range in the set''s units (µs of local time since 2000, or the integer).';
COMMENT ON COLUMN @extschema@.data_movement.hi_units IS 'relocate: upper bound of the range in the set''s units.';
COMMENT ON COLUMN @extschema@.data_movement.lower_bound IS 'relocate: lower bound of the range as people read it.';
COMMENT ON COLUMN @extschema@.data_movement.upper_bound IS 'relocate: upper bound of the range as people read it.';
COMMENT ON COLUMN @extschema@.data_movement.key_columns IS 'partition_table, undo_partition_table: the unique key rows are copied in order of.';
COMMENT ON COLUMN @extschema@.data_movement.last_key IS 'partition_table, undo_partition_table: the key of the last row copied (NULL: none yet).';
COMMENT ON COLUMN @extschema@.data_movement.next_block IS 'relocate: the next block of the default partition a batch reads.';
COMMENT ON COLUMN @extschema@.data_movement.phase IS 'copy (batches) or swap (the final short transaction).';
COMMENT ON COLUMN @extschema@.data_movement.batch_size IS 'Rows per batch asked for (0: the setting partman_ext.batch_size).';
COMMENT ON COLUMN @extschema@.data_movement.rows_done IS 'Rows moved or copied so far.';
COMMENT ON COLUMN @extschema@.data_movement.rows_estimated IS 'Rows to move or copy, counted or estimated when the movement started.';
COMMENT ON COLUMN @extschema@.data_movement.batches IS 'Batches (transactions) done so far.';
COMMENT ON COLUMN @extschema@.data_movement.options IS 'The call''s options (partition_table: the set''s settings, applied at the swap).';
COMMENT ON COLUMN @extschema@.data_movement.started_at IS 'When the movement started (wall clock).';
COMMENT ON COLUMN @extschema@.data_movement.updated_at IS 'When its last batch committed (wall clock).';
COMMENT ON COLUMN @extschema@.data_movement.pid IS 'Backend that committed the last batch.';
COMMENT ON COLUMN @extschema@.data_movement.message IS 'Why the movement waits, when it does (a failed swap, a check that did not add up).';
COMMENT ON SEQUENCE @extschema@.data_movement_movement_id_seq IS 'partman_ext: ids of data_movement.movement_id.';
REVOKE ALL ON @extschema@.data_movement FROM PUBLIC;

CREATE FUNCTION @extschema@._progress()
RETURNS TABLE (pid integer, parent_table regclass, movement_id bigint, step text, target_table text,
               rows_done bigint, rows_estimated bigint, started timestamptz, updated timestamptz)
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'partman_progress';
COMMENT ON FUNCTION @extschema@._progress() IS
'partman_ext internal: the data movements running in this database now, from shared memory (needs shared_preload_libraries = ''partman_ext''); partman_ext.progress reads it.';

CREATE VIEW @extschema@.progress AS
WITH live AS (SELECT * FROM @extschema@._progress())
SELECT l.parent_table::regclass AS parent_table, l.step, l.rows_done, l.rows_estimated, l.started,
       round(l.rows_done / greatest(extract(epoch FROM l.updated - l.started), 0.001))::bigint AS rate,
       'running'::text AS state, l.pid, l.movement_id, l.target_table, l.updated
  FROM live l
UNION ALL
SELECT m.parent_table::regclass, m.kind || coalesce(' [' || m.lower_bound || ', ' || m.upper_bound || ')', '')
           || CASE WHEN m.phase = 'swap' THEN ': swap' ELSE '' END,
       m.rows_done, m.rows_estimated, m.started_at,
       round(m.rows_done / greatest(extract(epoch FROM m.updated_at - m.started_at), 0.001))::bigint,
       CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.pid = m.pid AND a.state <> 'idle')
            THEN 'running' ELSE 'waiting' END,
       m.pid, m.movement_id, m.target_table::regclass::text, m.updated_at
  FROM @extschema@.data_movement m
 WHERE NOT EXISTS (SELECT 1 FROM live l WHERE l.movement_id = m.movement_id);
COMMENT ON VIEW @extschema@.progress IS
'partman_ext: data movements at work or waiting: parent_table (the set), step (what is moved: a range of the default partition, partition_table, undo_partition_table), rows_done, rows_estimated, started (wall clock), rate (rows per second since started), state (running, or waiting: resumed by the next step of its procedure or by the scheduler), pid, movement_id (partman_ext.data_movement), target_table (the table being filled), updated (last progress). Running work comes from shared memory and is visible while its transaction is open.';
GRANT SELECT ON @extschema@.progress TO PUBLIC;

CREATE FUNCTION @extschema@._relocate_step(parent regclass, batch_size integer, all_ranges boolean)
RETURNS TABLE (done boolean, action text, partition_name text, lower_bound text, upper_bound text,
               rows_moved bigint, message text, movement_id bigint)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_relocate_step';
COMMENT ON FUNCTION @extschema@._relocate_step(regclass, integer, boolean) IS
'partman_ext internal: one transaction of emptying a set''s default partition in batches (empty_default_partition_proc, the scheduler): the next batch of the range in progress, its final ATTACH, or the start of the next range. done: nothing more to do now. action waiting: a lock stayed busy for lock_timeout (55P03), try again.';

CREATE FUNCTION @extschema@.default_relocation_plan(parent regclass, all_ranges boolean DEFAULT false)
RETURNS TABLE (action text, partition_name text, lower_bound text, upper_bound text, est_rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_relocate_plan';
COMMENT ON FUNCTION @extschema@.default_relocation_plan(regclass, boolean) IS
'partman_ext: what emptying the set''s default partition in batches would do, changing nothing: one row per range that would move (action would relocate, rows counted, the partition it becomes), per range that stays and why (stays: older than retention, beyond premake, an existing partition covers part of it, no partition can hold the value, NULL control value), and a range in progress. all_ranges => false (default): the scheduler''s choice (ranges retention keeps, up to premake); true: empty_default_partition_proc''s (every range a partition can hold).';

-- Empties the default partition in batches, committing after each one, so that no lock or row
-- lock is held longer than a batch. No SET clause: a procedure with one cannot commit.
CREATE PROCEDURE @extschema@.empty_default_partition_proc(parent regclass, batch_size integer DEFAULT NULL,
                                                          dry_run boolean DEFAULT false)
LANGUAGE plpgsql AS $$
DECLARE
    s record;
    total bigint := 0;
    waits integer := 0;
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded)
    IF dry_run THEN
        FOR s IN SELECT * FROM @extschema@.default_relocation_plan(parent, true) LOOP
            RAISE NOTICE 'dry run: % % rows%', s.action, s.est_rows,
                coalesce(' [' || s.lower_bound || ', ' || coalesce(s.upper_bound, '') || ')', '') || coalesce(': ' || s.message, '');
        END LOOP;
        RETURN;
    END IF;
    LOOP
        SELECT * INTO s FROM @extschema@._relocate_step(parent, batch_size, true);
        COMMIT;
        total := total + s.rows_moved;
        IF s.action = 'waiting' THEN
            waits := waits + 1;
            IF waits > 30 THEN
                RAISE EXCEPTION 'partman_ext: % still waits for a lock after % attempts', parent, waits
                    USING ERRCODE = '55P03', DETAIL = s.message,
                          HINT = 'Nothing is lost: CALL it again (or let the scheduler) to resume.';
            END IF;
            PERFORM pg_catalog.pg_sleep(1);
            CONTINUE;
        END IF;
        waits := 0;
        IF s.message IS NOT NULL THEN RAISE NOTICE '%', s.message; END IF;
        EXIT WHEN s.done;
    END LOOP;
    RAISE NOTICE '%: % rows relocated from the default partition', parent, total;
END
$$;
COMMENT ON PROCEDURE @extschema@.empty_default_partition_proc(regclass, integer, boolean) IS
'partman_ext: empties the set''s default partition range by range in batches of about batch_size rows (default partman_ext.batch_size), committing after each batch: writers are never held longer than a batch, and only the final ATTACH of a range holds the default partition (polled within the set''s lock_timeout, retried). A NOTICE per batch; partman_ext.progress shows the work from other sessions. Resumes where it stopped after a crash or cancel (CALL it again). While a range moves, its rows already moved are in the partition being filled and not yet visible through the parent. Rows no partition can hold stay, with a NOTICE. dry_run => true: NOTICEs of default_relocation_plan(parent, true), nothing changed.';

-- Ranges on demand (seed 002's --create-partitions 2024-01 2024-12).
CREATE FUNCTION @extschema@.create_partitions(parent regclass, "from" text, "to" text, dry_run boolean DEFAULT false)
RETURNS SETOF @extschema@.partition_action
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_create_partitions';
COMMENT ON FUNCTION @extschema@.create_partitions(regclass, text, text, boolean) IS
'partman_ext: creates the partitions of every interval that overlaps [from, to) of a time or integer set, also before its oldest partition or beyond premake (never ones that exist). from and to are values of the control column''s type, or for time sets a month ''YYYY-MM'' or a year ''YYYY'' in the set''s time zone (as to, a month or year is included: (''2024-01'', ''2024-12'') is January through December 2024). Rows of a new range waiting in the default partition move into it in the same transaction. At most 10000 partitions per call; within the transaction''s lock budget (the rest comes back as a deferred row). Errors 22023 (bad value, from not before to, too many), 42704, 42501, 42809 (bucket set). dry_run => true returns what would be created and the rows that would move.';

-- Converting a plain table into a partition set online, and back.
CREATE FUNCTION @extschema@.partition_table(
    source regclass,
    control name,
    partition_interval text,
    premake integer DEFAULT 4,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT 'drop',
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT true,
    time_zone text DEFAULT 'UTC',
    lock_timeout interval DEFAULT '2s',
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false,
    dry_run boolean DEFAULT false)
RETURNS TABLE (movement_id bigint, step text, object text, action text, rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_partition_table';
COMMENT ON FUNCTION @extschema@.partition_table(regclass, name, text, integer, text, text, name, boolean, text, interval, integer, boolean, boolean) IS
'partman_ext: starts converting the plain table source into a partition set of control ranges (options as register_partition_set) while the application keeps using it: creates beside it a partitioned table shaped like it (columns, defaults, constraints, indexes (unique keys get the control column, which PostgreSQL requires), foreign keys, grants, owner) with the partitions its rows need and a default partition, registered disabled, and a trigger on the source that mirrors every write into it. The rows are then copied in batches of batch_size (partman_ext.batch_size) in the order of a unique key by the scheduler, or at once by CALL partition_table_proc(...); when both tables hold the same rows one short transaction (polled within lock_timeout, retried) renames the source to <name>_old (drop_source => true drops it), gives the partitioned table its name, index and constraint names, serial and identity sequences, points dependent views at it, creates the source''s triggers on it and enables the set. One row per step (movement_id in partman_ext.progress and data_movement). Calling it again for the same source resumes. dry_run => true: every check and step, blockers as action blocked, nothing changed. Errors: 0A000 with the blockers (no primary key or unique index on NOT NULL columns, a foreign key referencing it, row-level security, rules, inheritance, a partition or unlogged or temporary table, views of other owners), 42703, 42804, 42809 (already a set), 22023, 42501.';

CREATE FUNCTION @extschema@.undo_partition_table(
    parent regclass,
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false,
    lock_timeout interval DEFAULT '2s',
    dry_run boolean DEFAULT false)
RETURNS TABLE (movement_id bigint, step text, object text, action text, rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_undo_partition_table';
COMMENT ON FUNCTION @extschema@.undo_partition_table(regclass, integer, boolean, interval, boolean) IS
'partman_ext: starts moving a partitioned table back into one plain table while the application keeps using it (pg_partman''s undo_partition): a plain table shaped like the parent (columns, defaults, constraints, indexes, foreign keys, grants, owner) beside it, a trigger on the parent mirroring every write, the rows copied in batches in the order of a unique key (scheduler, or CALL undo_partition_table_proc(...)), maintenance of the set paused meanwhile; then one short transaction renames the parent to <name>_partitioned (kept with its partitions; drop_source => true drops it), gives the plain table its name, index names and sequences, points dependent views at it, creates the parent''s triggers on it and unregisters the set. One row per step; calling it again resumes; dry_run => true changes nothing.';

CREATE FUNCTION @extschema@._movement_step(movement_id bigint, batch_size integer DEFAULT NULL)
RETURNS TABLE (done boolean, action text, rows bigint, message text)
LANGUAGE c CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_movement_step';
COMMENT ON FUNCTION @extschema@._movement_step(bigint, integer) IS
'partman_ext internal: one transaction of a conversion (partition_table, undo_partition_table): a batch of the copy (action copied; verified when the copy is complete and both tables hold the same rows), or the swap (done). action waiting: a lock stayed busy for lock_timeout (55P03), try again.';

CREATE FUNCTION @extschema@._sync_row() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'partman_sync_row';
COMMENT ON FUNCTION @extschema@._sync_row() IS
'partman_ext internal: trigger of a table being converted (partition_table, undo_partition_table) that mirrors each INSERT, UPDATE, DELETE (and TRUNCATE) into its replacement, as the conversion''s owner. Serves only the triggers partman_ext creates (the firing table must be the movement''s source).';

-- Runs movements to the end, committing after each step; a step that meets a busy lock waits a
-- second and tries again. No SET clause: a procedure with one cannot commit.
CREATE PROCEDURE @extschema@.run_data_movement(movement_id bigint DEFAULT NULL, batch_size integer DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    m record;
    s record;
    waits integer;
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded)
    FOR m IN SELECT p.movement_id AS id, p.parent_table, p.step FROM @extschema@.progress p
              WHERE p.movement_id IS NOT NULL AND p.step NOT LIKE 'relocate%'
                AND (run_data_movement.movement_id IS NULL OR p.movement_id = run_data_movement.movement_id)
                AND (run_data_movement.movement_id IS NOT NULL
                     OR pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = p.parent_table), 'USAGE')
                     OR pg_catalog.pg_has_role('partman_ext_admin', 'MEMBER'))
              ORDER BY p.movement_id LOOP
        waits := 0;
        LOOP
            SELECT * INTO s FROM @extschema@._movement_step(m.id, batch_size);
            COMMIT;
            IF s.action = 'waiting' THEN
                waits := waits + 1;
                IF waits > 30 THEN
                    RAISE EXCEPTION 'partman_ext: movement % still waits for a lock after % attempts', m.id, waits
                        USING ERRCODE = '55P03', DETAIL = s.message,
                              HINT = 'Nothing is lost: CALL partman_ext.run_data_movement() again (or let the scheduler) to resume.';
                END IF;
                PERFORM pg_catalog.pg_sleep(1);
                CONTINUE;
            END IF;
            waits := 0;
            RAISE NOTICE '%', s.message;
            EXIT WHEN s.done;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_data_movement(bigint, integer) IS
'partman_ext: carries conversions (partition_table, undo_partition_table) to their end now, one movement or (NULL) every one the caller may run, committing after each batch (batch_size overrides the movement''s), with a NOTICE per step; the swap is retried while its locks stay busy (30 attempts a second apart). Resumes where a crash or cancel stopped them. Default-partition relocations have their own procedure, empty_default_partition_proc.';

CREATE PROCEDURE @extschema@.partition_table_proc(
    source regclass,
    control name,
    partition_interval text,
    premake integer DEFAULT 4,
    retention text DEFAULT NULL,
    retention_mode text DEFAULT 'drop',
    archive_schema name DEFAULT NULL,
    default_partition boolean DEFAULT true,
    time_zone text DEFAULT 'UTC',
    lock_timeout interval DEFAULT '2s',
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false)
LANGUAGE plpgsql AS $$
DECLARE
    id bigint;
    s record;
BEGIN
    FOR s IN SELECT * FROM @extschema@.partition_table(source, control, partition_interval, premake, retention,
                                                         retention_mode, archive_schema, default_partition, time_zone,
                                                         lock_timeout, batch_size, drop_source) LOOP
        id := s.movement_id;
        RAISE NOTICE '% %: %', s.step, s.action, s.message;
    END LOOP;
    COMMIT;
    CALL @extschema@.run_data_movement(id, batch_size);
END
$$;
COMMENT ON PROCEDURE @extschema@.partition_table_proc(regclass, name, text, integer, text, text, name, boolean, text, interval, integer, boolean) IS
'partman_ext: partition_table(...) carried out now: starts (or resumes) the conversion, then copies in batches committing after each one and swaps (run_data_movement), with a NOTICE per step. CALL it again after a crash or cancel to resume. The dry run is partition_table(..., dry_run => true).';

CREATE PROCEDURE @extschema@.undo_partition_table_proc(
    parent regclass,
    batch_size integer DEFAULT NULL,
    drop_source boolean DEFAULT false,
    lock_timeout interval DEFAULT '2s')
LANGUAGE plpgsql AS $$
DECLARE
    id bigint;
    s record;
BEGIN
    FOR s IN SELECT * FROM @extschema@.undo_partition_table(parent, batch_size, drop_source, lock_timeout) LOOP
        id := s.movement_id;
        RAISE NOTICE '% %: %', s.step, s.action, s.message;
    END LOOP;
    COMMIT;
    CALL @extschema@.run_data_movement(id, batch_size);
END
$$;
COMMENT ON PROCEDURE @extschema@.undo_partition_table_proc(regclass, integer, boolean, interval) IS
'partman_ext: undo_partition_table(...) carried out now: starts (or resumes) it, then copies in batches committing after each one and swaps (run_data_movement), with a NOTICE per step. CALL it again after a crash or cancel to resume. The dry run is undo_partition_table(..., dry_run => true).';

-- Issue 14 item 8: the batch form of get_partition_for_value.
CREATE FUNCTION @extschema@.get_partitions_for_values(parent regclass, "values" anyarray)
RETURNS regclass[] LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partitions_for_values';
COMMENT ON FUNCTION @extschema@.get_partitions_for_values(regclass, anyarray) IS
'partman_ext: the batch form of get_partition_for_value: an array of the same shape as values whose element i is the leaf partition PostgreSQL would route values[i] to (a NULL element goes where a NULL key goes: the DEFAULT partition, or an error). One router is built for the whole array; raises SQLSTATE 23514 for the first element no partition accepts.';
-- issue 10 item 5: partitioning_advice() and its helpers (sql/install/72_advice.sql).

CREATE FUNCTION @extschema@._advice_plan(key text, lo float8, hi float8, now float8, rows float8, bytes float8,
                                         target_bytes float8, rows_per_day float8)
RETURNS TABLE (strategy text, partition_interval text, premake integer, partitions bigint,
               bytes_per_partition bigint, rows_per_partition bigint, worth boolean, reasons text[])
LANGUAGE c IMMUTABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_advice_plan';
COMMENT ON FUNCTION @extschema@._advice_plan(text, float8, float8, float8, float8, float8, float8, float8) IS
'partman_ext internal: the recommendation of partitioning_advice() for one candidate control column (key time, date or integer; lo, hi, now: seconds since 1970 for time keys, values for integer keys; rows; bytes; target_bytes per partition; rows_per_day of growth): strategy, partition_interval (NULL when none can be chosen), premake, partitions covering the values present, bytes and rows per partition, worth (at least two partitions of about target_bytes), reasons in plain words.';

CREATE FUNCTION @extschema@._advice_blockers(source regclass, control name)
RETURNS text[]
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_advice_blockers';
COMMENT ON FUNCTION @extschema@._advice_blockers(regclass, name) IS
'partman_ext internal: what stops partition_table(source, control, ...) (read from the catalog, the same checks partition_table makes); empty when nothing does.';

CREATE FUNCTION @extschema@.partitioning_advice(
    schema_name name DEFAULT NULL,
    min_bytes bigint DEFAULT 1073741824,
    target_partition_bytes bigint DEFAULT 268435456,
    exact boolean DEFAULT false,
    all_candidates boolean DEFAULT false)
RETURNS TABLE (table_name regclass, total_bytes bigint, size text, rows_estimated bigint, rows_inserted bigint,
               rows_deleted bigint, stats_since timestamptz, rows_per_day bigint, growth_source text,
               candidate_rank integer, control name, control_type text, indexed boolean, control_default text,
               lowest_value text, highest_value text, range_source text, where_calls bigint, strategy text,
               partition_interval text, premake integer, partitions bigint, rows_per_partition bigint,
               bytes_per_partition bigint, verdict text, reasons text[], call text)
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t record;
    c record;
    p record;
    pss name;
    pss_queries text[];
    pss_calls bigint[];
    since timestamptz;
    now_s float8 := extract(epoch FROM @extschema@.clock());
    lo_t text; hi_t text; lo_n float8; hi_n float8; src text;
    kind text; numexpr text; finite text;
    rank integer;
    table_rx text; col_rx text;
    why text[];
    blockers text[];
    growth float8; growth_src text;
    weak boolean;
BEGIN
    IF min_bytes IS NULL OR target_partition_bytes IS NULL OR exact IS NULL OR all_candidates IS NULL THEN
        RAISE EXCEPTION 'min_bytes, target_partition_bytes, exact and all_candidates must not be NULL'
            USING ERRCODE = '22004', DETAIL = 'Only schema_name may be NULL (every schema).',
                  HINT = 'Leave an argument out to use its default.';
    END IF;
    IF min_bytes < 0 THEN
        RAISE EXCEPTION 'min_bytes must be zero or positive' USING ERRCODE = '22023',
            DETAIL = format('Got %s. Tables smaller than min_bytes (total size, bytes) are not listed.', min_bytes),
            HINT = 'Pass min_bytes => 0 to list every plain table.';
    END IF;
    IF target_partition_bytes <= 0 THEN
        RAISE EXCEPTION 'target_partition_bytes must be positive' USING ERRCODE = '22023',
            DETAIL = format('Got %s. It is the size (bytes) the recommended interval aims at for one partition.', target_partition_bytes),
            HINT = 'Leave it out for 256 MB, or pass e.g. 1073741824 for 1 GB.';
    END IF;
    IF schema_name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = schema_name) THEN
        RAISE EXCEPTION 'schema "%" does not exist', schema_name USING ERRCODE = '3F000',
            DETAIL = 'partitioning_advice(schema_name) lists the plain tables of that schema.',
            HINT = 'Pass an existing schema name, or NULL for every schema.';
    END IF;

    -- pg_stat_statements, when installed and loaded: the texts of this database's queries.
    SELECT n.nspname INTO pss FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements';
    IF pss IS NOT NULL THEN
        BEGIN
            EXECUTE format('SELECT array_agg(s.query), array_agg(s.calls) FROM %I.pg_stat_statements s'
                           ' WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())', pss)
               INTO pss_queries, pss_calls;
            pss_queries := coalesce(pss_queries, '{}');
            pss_calls := coalesce(pss_calls, '{}');
        EXCEPTION WHEN OTHERS THEN
            pss_queries := NULL;  -- installed but not loaded (shared_preload_libraries), or not readable
        END;
    END IF;
    SELECT d.stats_reset INTO since FROM pg_stat_database d WHERE d.datname = current_database();

    FOR t IN
        SELECT cl.oid, n.nspname, cl.relname, pg_total_relation_size(cl.oid) AS bytes,
               CASE WHEN cl.reltuples >= 0 THEN cl.reltuples::bigint END AS reltuples,
               s.n_tup_ins, s.n_tup_del,
               -- being converted (partition_table): it carries the trigger that mirrors its writes
               -- (read from the catalog: data_movement is not readable by every caller)
               EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = cl.oid
                          AND tg.tgfoid = '@extschema@._sync_row()'::regprocedure) AS converting
          FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
          LEFT JOIN pg_stat_user_tables s ON s.relid = cl.oid
         WHERE cl.relkind = 'r' AND NOT cl.relispartition AND cl.relpersistence <> 't'
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
           AND (schema_name IS NULL OR n.nspname = schema_name)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = cl.oid
                             AND d.deptype = 'e')
           AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = cl.oid)
           AND pg_total_relation_size(cl.oid) >= min_bytes
         ORDER BY 4 DESC, n.nspname, cl.relname
    LOOP
        table_name := t.oid;
        total_bytes := t.bytes;
        size := pg_size_pretty(t.bytes);
        rows_estimated := t.reltuples;
        rows_inserted := t.n_tup_ins;
        rows_deleted := t.n_tup_del;
        stats_since := since;
        table_rx := '\m' || regexp_replace(t.relname, '([^[:alnum:]_])', '\\\1', 'g') || '\M';
        rank := 0;
        -- Candidates, scored: an index leading with the column, a default of now() or a sequence,
        -- queries filtering on it, values in the order rows arrive, a time column over an integer one.
        FOR c IN
            WITH cand AS (
                SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS typ,
                       CASE WHEN a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype) THEN 'time'
                            WHEN a.atttypid = 'date'::regtype THEN 'date' ELSE 'integer' END AS kind,
                       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = t.oid AND i.indkey[0] = a.attnum) AS idx,
                       pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity <> '' AS ident,
                       st.histogram_bounds::text AS hist, st.most_common_vals::text AS mcv, st.correlation,
                       CASE WHEN pss_queries IS NOT NULL THEN
                           (SELECT coalesce(sum(q.calls), 0)::bigint FROM unnest(pss_queries, pss_calls) q(query, calls)
                             WHERE q.query ~* table_rx
                               AND q.query ~* ('\mwhere\M.*\m' || regexp_replace(a.attname, '([^[:alnum:]_])', '\\\1', 'g') || '\M'))
                       END AS wc
                  FROM pg_attribute a
                  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  LEFT JOIN pg_stats st ON st.schemaname = t.nspname AND st.tablename = t.relname
                                       AND st.attname = a.attname AND NOT st.inherited
                 WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                   AND a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype,
                                      'int2'::regtype, 'int4'::regtype, 'int8'::regtype))
            , scored AS (
                SELECT cand.*,
                       coalesce(cand.kind <> 'integer' AND cand.def ~* '\m(now|clock_timestamp|current_timestamp|statement_timestamp|transaction_timestamp|localtimestamp|current_date|clock)\M', false) AS def_now,
                       coalesce(cand.kind = 'integer' AND (cand.ident OR cand.def ~* '\mnextval\M'), false) AS def_seq
                  FROM cand)
            SELECT * FROM scored
             ORDER BY (CASE WHEN scored.idx THEN 2 ELSE 0 END + CASE WHEN scored.def_now OR scored.def_seq THEN 2 ELSE 0 END
                       + CASE WHEN scored.wc > 0 THEN 1 ELSE 0 END
                       + CASE WHEN abs(scored.correlation) >= 0.9 THEN 1 ELSE 0 END
                       + CASE WHEN scored.kind <> 'integer' THEN 1 ELSE 0 END) DESC,
                      scored.wc DESC NULLS LAST, scored.attnum
        LOOP
            rank := rank + 1;
            EXIT WHEN rank > 1 AND NOT all_candidates;
            candidate_rank := rank;
            control := c.attname;
            control_type := c.typ;
            indexed := c.idx;
            control_default := CASE WHEN c.ident THEN 'identity' ELSE c.def END;
            where_calls := c.wc;
            why := '{}';
            IF c.idx THEN why := array_append(why, format('an index leads with %I', c.attname)); END IF;
            IF c.def_now THEN why := array_append(why, 'its default is the current time: rows arrive in its order'); END IF;
            IF c.def_seq THEN why := array_append(why, 'filled by a sequence: rows arrive in its order'); END IF;
            IF c.wc > 0 THEN why := array_append(why, format('%s call%s in pg_stat_statements filter on it in a WHERE', c.wc, CASE WHEN c.wc = 1 THEN '' ELSE 's' END)); END IF;
            IF abs(c.correlation) >= 0.9 THEN
                why := array_append(why, format('its values follow the physical order of the rows (correlation %s, pg_stats)',
                                                round(c.correlation::numeric, 2)));
            END IF;
            -- Value range: the statistics (histogram bounds and most common values), or the index.
            kind := c.kind;
            finite := CASE WHEN kind = 'integer' THEN 'true' ELSE 'isfinite(v)' END;
            numexpr := CASE WHEN kind = 'integer' THEN '%s::float8' ELSE 'extract(epoch FROM %s)::float8' END;
            lo_t := NULL; hi_t := NULL; lo_n := NULL; hi_n := NULL; src := NULL;
            IF exact AND c.idx AND has_column_privilege(t.oid, c.attnum, 'SELECT') THEN
                EXECUTE format('SELECT l::text, h::text, ' || format(numexpr, 'l') || ', ' || format(numexpr, 'h') ||
                               ' FROM (SELECT (SELECT %1$I FROM ONLY %2$s WHERE %1$I IS NOT NULL AND %3$s ORDER BY %1$I LIMIT 1) AS l,'
                               ' (SELECT %1$I FROM ONLY %2$s WHERE %1$I IS NOT NULL AND %3$s ORDER BY %1$I DESC LIMIT 1) AS h) r',
                               c.attname, t.oid::regclass, replace(finite, '(v)', format('(%I)', c.attname)))
                   INTO lo_t, hi_t, lo_n, hi_n;
                src := format('min and max read through the index on %I (exact)', c.attname);
            ELSIF c.hist IS NOT NULL OR c.mcv IS NOT NULL THEN
                EXECUTE format('SELECT min(v)::text, max(v)::text, ' || format(numexpr, 'min(v)') || ', ' || format(numexpr, 'max(v)') ||
                               ' FROM (SELECT unnest(%1$L::%2$s[]) AS v UNION ALL SELECT unnest(%3$L::%2$s[])) x WHERE %4$s',
                               coalesce(c.hist, '{}'), c.typ, coalesce(c.mcv, '{}'), finite)
                   INTO lo_t, hi_t, lo_n, hi_n;
                src := 'pg_stats (histogram bounds and most common values of the last ANALYZE)';
                IF exact THEN src := src || '; exact => true needs an index leading with the column and SELECT on it'; END IF;
            ELSE
                src := 'none: no statistics (run ANALYZE, or no SELECT privilege on the column)';
            END IF;
            lowest_value := lo_t;
            highest_value := hi_t;
            range_source := src;
            -- Growth: the statistics counters since their reset, else rows over the time range.
            growth := NULL; growth_src := NULL;
            IF since IS NOT NULL AND t.n_tup_ins IS NOT NULL AND now_s > extract(epoch FROM since) THEN
                growth := (t.n_tup_ins - t.n_tup_del) / ((now_s - extract(epoch FROM since)) / 86400);
                growth_src := 'pg_stat_user_tables (n_tup_ins - n_tup_del) since pg_stat_database.stats_reset';
            ELSIF kind <> 'integer' AND hi_n > lo_n AND t.reltuples IS NOT NULL THEN
                growth := t.reltuples / ((hi_n - lo_n) / 86400);
                growth_src := format('reltuples over the range of %I (statistics; counters were never reset)', c.attname);
            END IF;
            rows_per_day := round(growth)::bigint;
            growth_source := growth_src;
            SELECT * INTO p FROM @extschema@._advice_plan(kind, lo_n, hi_n, CASE WHEN kind <> 'integer' THEN now_s END,
                                                          t.reltuples, t.bytes, target_partition_bytes, growth);
            strategy := p.strategy;
            partition_interval := p.partition_interval;
            premake := p.premake;
            partitions := CASE WHEN p.partition_interval IS NOT NULL THEN p.partitions END;
            rows_per_partition := CASE WHEN p.partition_interval IS NOT NULL THEN p.rows_per_partition END;
            bytes_per_partition := CASE WHEN p.partition_interval IS NOT NULL THEN p.bytes_per_partition END;
            blockers := @extschema@._advice_blockers(t.oid, c.attname);
            weak := NOT (c.idx OR c.def_now OR c.def_seq OR coalesce(c.wc, 0) > 0 OR coalesce(abs(c.correlation), 0) >= 0.9);
            IF weak THEN
                why := array_append(why, format('a weak candidate: no index leads with it, its default is neither now() nor a sequence, '
                                                'no query is known to filter on it, and its values do not follow the order rows '
                                                'arrive in (correlation %s): ranges of it would not match how rows are written or read',
                                                coalesce(round(c.correlation::numeric, 2)::text, 'unknown')));
            END IF;
            reasons := why || p.reasons || blockers;
            verdict := CASE WHEN t.converting THEN 'converting'
                            WHEN cardinality(blockers) > 0 THEN 'blocked'
                            WHEN p.partition_interval IS NULL OR lo_n IS NULL THEN 'no statistics'
                            WHEN weak THEN 'weak candidate'
                            WHEN p.worth THEN 'recommended'
                            ELSE 'not worth it' END;
            IF t.converting THEN reasons := array_append(reasons, 'a conversion of it is in progress (partman_ext.progress)'); END IF;
            call := CASE WHEN p.partition_interval IS NOT NULL THEN
                format('SELECT * FROM @extschema@.partition_table(%L, %L, %L, premake => %s);',
                       format('%I.%I', t.nspname, t.relname), c.attname, p.partition_interval, p.premake) END;
            RETURN NEXT;
        END LOOP;
        IF rank = 0 THEN
            candidate_rank := NULL; control := NULL; control_type := NULL; indexed := NULL; control_default := NULL;
            lowest_value := NULL; highest_value := NULL; range_source := NULL; where_calls := NULL;
            rows_per_day := NULL; growth_source := NULL;
            strategy := NULL; partition_interval := NULL; premake := NULL; partitions := NULL;
            rows_per_partition := NULL; bytes_per_partition := NULL; call := NULL;
            verdict := 'no candidate column';
            reasons := ARRAY['no timestamptz, timestamp, date, smallint, integer or bigint column to partition by'];
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.partitioning_advice(name, bigint, bigint, boolean, boolean) IS
'partman_ext: plain tables worth partitioning (of schema_name, or every schema; at least min_bytes total bytes, 0 lists all), one row per table with its best candidate control column (all_candidates => true: one per candidate, candidate_rank 1 is the best): size (pg_total_relation_size), rows_estimated (pg_class.reltuples, an estimate, NULL before the first ANALYZE), rows_inserted/rows_deleted (pg_stat_user_tables since stats_since, pg_stat_database.stats_reset), rows_per_day and where it comes from, the column (timestamptz, timestamp, date, smallint, integer, bigint; preferring an index, a default of now() or a sequence, queries filtering on it, values in row order), its lowest and highest value (pg_stats, no table scan; exact => true reads them through an index leading with the column), where_calls (calls in pg_stat_statements whose text filters on it in a WHERE; NULL when pg_stat_statements is not installed and loaded), the strategy, partition_interval and premake it recommends (partitions of about target_partition_bytes, at most 1000), verdict (recommended, not worth it, weak candidate, blocked, no statistics, no candidate column, converting), reasons in plain words, and the partition_table(...) call that carries it out. Changes nothing. Errors: 22004, 22023, 3F000.';

-- issue 14: typed results. partition_action carries the SQLSTATE of a skipped or failed step in a
-- column of its own (the scheduler no longer reads it out of message).
ALTER TYPE @extschema@.partition_action ADD ATTRIBUTE sqlstate text;
COMMENT ON TYPE @extschema@.partition_action IS
'partman_ext: one action taken or planned on a partition (bounds, catalog row estimate, catalog size estimate in bytes, rows moved out of the default partition, action, message). action deferred: work left for a new transaction (lock budget) or a later run (partman_ext.max_gap_fill), with the range and count in message; skipped and failed rows carry their SQLSTATE in sqlstate (and at the start of message); sqlstate is NULL for a step that succeeded.';
COMMENT ON COLUMN @extschema@.partition_action.sqlstate IS 'The five-character SQLSTATE of a step that was skipped or failed (55P03: lock timeout, will retry); NULL when the step succeeded or was skipped without an error (e.g. no default partition).';

-- issue 14: one rule of who may maintain a set (C++ pg::owner_or_admin), called by the procedures.
CREATE OR REPLACE FUNCTION @extschema@._may_maintain(parent regclass)
RETURNS boolean LANGUAGE c STABLE STRICT AS 'MODULE_PATHNAME', 'partman_may_maintain';
COMMENT ON FUNCTION @extschema@._may_maintain(regclass) IS
'partman_ext internal: true when the caller may maintain or change the set of parent: it has the privileges of the parent''s owner or of partman_ext_admin (PostgreSQL''s has_privs_of_role: a NOINHERIT member of partman_ext_admin must SET ROLE partman_ext_admin first), or is a superuser. False when parent no longer exists. The same rule every C function applies.';
CREATE OR REPLACE PROCEDURE @extschema@.run_partition_maintenance_proc(parent regclass DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    s regclass;
    summary text;
    chunk record;
    gap_left bigint;
    done text[];
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded), which defines partman_ext.max_gap_fill
    FOR s IN
        SELECT c.parent_table FROM @extschema@.part_config c JOIN pg_catalog.pg_class r ON r.oid = c.parent_table
         WHERE c.enabled AND c.strategy <> 'bucket' AND (parent IS NULL OR c.parent_table = parent)
           AND (parent IS NOT NULL OR @extschema@._may_maintain(c.parent_table))  -- one set: 42501 from the chunk
         ORDER BY c.parent_table::oid
    LOOP
        gap_left := pg_catalog.current_setting('partman_ext.max_gap_fill')::bigint;
        done := '{}';
        LOOP
            SELECT * INTO chunk FROM @extschema@._maintenance_chunk(s, gap_left);
            gap_left := GREATEST(gap_left - chunk.gap_created, 0);
            COMMIT;
            -- Rows deferred to the next chunk are counted only when no chunk follows.
            EXIT WHEN NOT chunk.more_now OR chunk.progress = 0;
            done := done || ARRAY(SELECT a FROM pg_catalog.unnest(chunk.actions) a WHERE a <> 'deferred');
        END LOOP;
        done := done || chunk.actions;
        SELECT pg_catalog.string_agg(n::text || ' ' || action, ', ' ORDER BY action) INTO summary
          FROM (SELECT a AS action, pg_catalog.count(*) AS n FROM pg_catalog.unnest(done) a GROUP BY a) x;
        RAISE NOTICE '%: %', s, coalesce(summary, 'nothing to do');
    END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_partition_maintenance_proc(regclass) IS
'partman_ext: run_partition_maintenance for one set or (NULL) every enabled time/integer set the caller may maintain, committing after each set and after each chunk of work its transaction''s lock budget allows (max_locks_per_transaction), until the run''s gap fill (at most partman_ext.max_gap_fill partitions per set) is done. Reports one NOTICE per set (actions and counts); details are in maintenance_log.';
CREATE OR REPLACE PROCEDURE @extschema@.run_data_movement(movement_id bigint DEFAULT NULL, batch_size integer DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    m record;
    s record;
    waits integer;
BEGIN
    PERFORM @extschema@.clock();  -- loads the library (where it is not preloaded)
    FOR m IN SELECT p.movement_id AS id, p.parent_table, p.step FROM @extschema@.progress p
              WHERE p.movement_id IS NOT NULL AND p.step NOT LIKE 'relocate%'
                AND (run_data_movement.movement_id IS NULL OR p.movement_id = run_data_movement.movement_id)
                AND (run_data_movement.movement_id IS NOT NULL
                     OR @extschema@._may_maintain(p.parent_table))
              ORDER BY p.movement_id LOOP
        waits := 0;
        LOOP
            SELECT * INTO s FROM @extschema@._movement_step(m.id, batch_size);
            COMMIT;
            IF s.action = 'waiting' THEN
                waits := waits + 1;
                IF waits > 30 THEN
                    RAISE EXCEPTION 'partman_ext: movement % still waits for a lock after % attempts', m.id, waits
                        USING ERRCODE = '55P03', DETAIL = s.message,
                              HINT = 'Nothing is lost: CALL partman_ext.run_data_movement() again (or let the scheduler) to resume.';
                END IF;
                PERFORM pg_catalog.pg_sleep(1);
                CONTINUE;
            END IF;
            waits := 0;
            RAISE NOTICE '%', s.message;
            EXIT WHEN s.done;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_data_movement(bigint, integer) IS
'partman_ext: carries conversions (partition_table, undo_partition_table) to their end now, one movement or (NULL) every one the caller may run, committing after each batch (batch_size overrides the movement''s), with a NOTICE per step; the swap is retried while its locks stay busy (30 attempts a second apart). Resumes where a crash or cancel stopped them. Default-partition relocations have their own procedure, empty_default_partition_proc.';

-- issue 14: one lookup of "is this a registered set" (C++ pg::load_set), called by the SQL functions.
CREATE OR REPLACE FUNCTION @extschema@._is_registered(parent regclass)
RETURNS boolean LANGUAGE c STABLE STRICT AS 'MODULE_PATHNAME', 'partman_is_registered';
COMMENT ON FUNCTION @extschema@._is_registered(regclass) IS
'partman_ext internal: true when parent is a registered partition set (has a row in partman_ext.part_config, of any strategy, enabled or not). The same lookup every C function makes.';
CREATE OR REPLACE FUNCTION @extschema@.partition_writes_per_hour(parent regclass DEFAULT NULL, hours integer DEFAULT 24)
RETURNS TABLE (parent_table regclass, hour timestamptz, writes bigint)
LANGUAGE plpgsql STABLE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    now_at timestamptz := @extschema@.clock();
    last_hour timestamptz := date_trunc('hour', @extschema@.clock());
    first_hour timestamptz;
BEGIN
    IF hours IS NULL OR hours < 1 OR hours > 8784 THEN
        RAISE EXCEPTION 'hours must be between 1 and 8784'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('hours was %s.', coalesce(hours::text, 'NULL')),
                    HINT = 'hours is how many hours back to report, the current one included (default 24); samples are kept for partman_ext.activity_retention (default 8 days).';
    END IF;
    IF parent IS NOT NULL AND NOT @extschema@._is_registered(parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_writes_per_hour() reports on the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL for every set.';
    END IF;
    first_hour := last_hour - (hours - 1) * interval '1 hour';
    RETURN QUERY
    WITH sets AS (
        SELECT c.parent_table::oid AS relid, c.parent_table AS name
          FROM @extschema@.part_config c
         WHERE (parent IS NULL OR c.parent_table = parent)
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = c.parent_table::oid)
    ), win AS (
        SELECT s.parent_relid, s.partition_relid, s.sampled_at, s.writes_total,
               lag(s.writes_total) OVER (PARTITION BY s.partition_relid ORDER BY s.sampled_at) AS prev
          FROM @extschema@.partition_activity_samples s
         WHERE s.sampled_at >= first_hour AND s.sampled_at <= now_at
           AND s.parent_relid IN (SELECT relid FROM sets)
    ), d AS (
        -- A partition's first sample in the window counts from its last sample before the window
        -- (one index probe, only then); without one it is the partition's baseline (0 writes).
        SELECT w.parent_relid, date_trunc('hour', w.sampled_at) AS hour,
               w.writes_total - coalesce(w.prev,
                                         (SELECT b.writes_total FROM @extschema@.partition_activity_samples b
                                           WHERE b.partition_relid = w.partition_relid AND b.sampled_at < first_hour
                                           ORDER BY b.sampled_at DESC LIMIT 1),
                                         w.writes_total) AS delta
          FROM win w
    )
    SELECT st.name, h.hour, sum(d.delta)::bigint
      FROM sets st
     CROSS JOIN generate_series(first_hour, last_hour, interval '1 hour') h(hour)
      LEFT JOIN d ON d.parent_relid = st.relid AND d.hour = h.hour
     GROUP BY st.name, h.hour
     ORDER BY st.name::text, h.hour;
END
$$;
COMMENT ON FUNCTION @extschema@.partition_writes_per_hour(regclass, integer) IS
'partman_ext: writes (rows inserted + updated + deleted) per hour of one set (or of every set with NULL) over the last hours hours (default 24, the current hour included; hours start at whole hours of the session''s time zone), from the activity samples: the writes between two samples of a partition count in the hour of the later one. writes is NULL for an hour without any sample of the set. Errors: hours outside 1 .. 8784, or parent not registered: 22023.';
CREATE OR REPLACE FUNCTION @extschema@.check_partition_health(parent regclass DEFAULT NULL)
RETURNS TABLE (severity text, code text, parent_table regclass, partition_name regclass, message text,
               recommendation text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    IF parent IS NOT NULL AND NOT @extschema@._is_registered(parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'check_partition_health() checks the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL to check every set.';
    END IF;
    RETURN QUERY
    SELECT a.severity, a.code, a.parent_table, a.partition_name, a.message, a.recommendation
      FROM @extschema@._health_alerts(parent) a
     ORDER BY @extschema@._severity_rank(a.severity), a.parent_table::text NULLS FIRST, a.code, a.partition_name::text;
END
$$;
COMMENT ON FUNCTION @extschema@.check_partition_health(regclass) IS
'partman_ext: health alerts of one set (or of all sets with NULL), most severe first: severity (critical / warning / info), a stable code (see docs/monitoring.md), set and partition (regclass), message and recommendation. The health model (docs/monitoring.md): catalog and statistics figures, an EXISTS probe of non-empty default partitions, bucket skew, the set''s thresholds (update_partition_set). partition_health_summary, partition_health, partition_report and the scheduler''s alerts use the same rules and inputs.';
CREATE OR REPLACE FUNCTION @extschema@.partition_report(format text DEFAULT 'text', parent regclass DEFAULT NULL,
                                             top integer DEFAULT 20, charset text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    doc jsonb;
    bars text;
    utf8 boolean := current_setting('server_encoding') = 'UTF8';
BEGIN
    IF format IS NULL OR lower(format) NOT IN ('text', 'json') THEN
        RAISE EXCEPTION 'unknown report format "%"', coalesce(format, 'NULL')
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() writes text for people or json for machines.',
                    HINT = 'Use format => ''text'' or format => ''json''.';
    END IF;
    IF top IS NULL OR top < 1 THEN
        RAISE EXCEPTION 'top must be at least 1'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('top was %s.', coalesce(top::text, 'NULL')),
                    HINT = 'top is how many partitions the size, hot-spot and heavy-key sections list (default 20).';
    END IF;
    -- Bars: Unicode block characters when both the database and the client speak UTF8, else ASCII.
    bars := lower(coalesce(charset, CASE WHEN utf8 AND current_setting('client_encoding') = 'UTF8'
                                         THEN 'unicode' ELSE 'ascii' END));
    IF bars NOT IN ('unicode', 'ascii') THEN
        RAISE EXCEPTION 'unknown charset "%" for the report''s bars', charset
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'Bars are drawn with Unicode block characters or with ASCII ''#''.',
                    HINT = 'Use charset => ''unicode'' or ''ascii'', or leave it NULL: Unicode when the database and client encodings are UTF8.';
    ELSIF bars = 'unicode' AND NOT utf8 THEN
        RAISE EXCEPTION 'Unicode bars need a UTF8 database'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('This database''s encoding is %s.', current_setting('server_encoding')),
                    HINT = 'Use charset => ''ascii''.';
    END IF;
    IF parent IS NOT NULL AND NOT @extschema@._is_registered(parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() reports on the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL for every set.';
    END IF;

    doc := @extschema@._report_document(parent, top);
    IF lower(format) = 'json' THEN
        RETURN doc::text;
    END IF;
    RETURN 'partman_ext partition report, ' || to_char(@extschema@.clock(), 'YYYY-MM-DD HH24:MI:SS TZ') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'ahead', CASE WHEN e ->> 'strategy' = 'bucket' THEN 'bucket set'
                                      ELSE format('%s ahead (premake %s)', coalesce(e ->> 'future_coverage', 'unknown'), e ->> 'premake') END,
                        'rows', coalesce('~' || (e ->> 'total_rows') || ' rows', 'rows unknown'),
                        'dflt', CASE WHEN e ->> 'default_partition' IS NULL THEN ''
                                     ELSE format(', default partition %s', coalesce('~' || (e ->> 'rows_in_default') || ' rows',
                                                                                    'holds rows (number unknown)')) END)
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sets') WITH ORDINALITY x(e, n)),
            'Partition sets', '%s (%s): %s; %s partitions, %s, %s pending cleanup, %s, %s%s',
            'parent_table', 'strategy', 'status', 'partitions', 'ahead', 'partitions_pending_cleanup',
            'rows', 'total_size', 'dflt') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'where', coalesce(e ->> 'parent_table', 'every set') || coalesce(' ' || (e ->> 'partition_name'), ''))
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'alerts') WITH ORDINALITY x(e, n)),
            'Alerts', E'%s %s %s: %s\n    -> %s', 'severity', 'code', 'where', 'message', 'recommendation') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'rows', coalesce('~' || (e ->> 'total_rows') || ' rows', 'rows unknown'),
                        'mean', coalesce(round((e ->> 'mean_rows')::numeric, 1)::text, 'unknown'),
                        'stddev', coalesce(round((e ->> 'stddev_rows')::numeric, 1)::text, 'unknown'),
                        'cv_r', coalesce(round((e ->> 'cv')::numeric, 3)::text, 'unknown'),
                        'skew', coalesce(round((e ->> 'max_skew')::numeric, 2)::text, 'unknown'))
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'distribution') WITH ORDINALITY x(e, n)),
            'Distribution (bucket sets)',
            '%s: %s partitions, %s, mean %s, stddev %s, cv %s, max skew %s: %s',
            'parent_table', 'partitions', 'rows', 'mean', 'stddev', 'cv_r', 'skew', 'status') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'mark', CASE WHEN (e ->> 'expected_share')::float8 > 0 THEN e -> 'expected_share' END,
                        'figures', format('%s, %s (even %s), skew %s: %s', coalesce('~' || (e ->> 'row_count') || ' rows', 'rows unknown'),
                                          coalesce(round((e ->> 'share')::numeric * 100, 2) || '%', 'share unknown'),
                                          coalesce(round((e ->> 'expected_share')::numeric * 100, 2) || '%', 'unknown'),
                                          coalesce(round((e ->> 'skew_factor')::numeric, 2)::text, 'unknown'), e ->> 'status'))
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'buckets') WITH ORDINALITY x(e, n)),
            'Rows per bucket (the vertical line is the even share 1/N)', bars,
            'partition_name', 'share', 'figures', 'parent_table', 'mark') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object('figures', format('%s MB, %s%s', e ->> 'size_mb',
                                                                         coalesce('~' || (e ->> 'row_count') || ' rows', 'rows unknown'),
                                                                         CASE WHEN e ->> 'start_date' IS NOT NULL
                                                                              THEN format(', %s .. %s', e ->> 'start_date', e ->> 'end_date') ELSE '' END))
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sizes') WITH ORDINALITY x(e, n)),
            'Largest partitions', bars, 'partition_name', 'bytes', 'figures') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object('figures', format('hour %s (%s), day %s (%s), week %s (%s)',
                                  coalesce(e ->> 'writes_hour', 'unknown'), coalesce((e ->> 'hour_percentage') || '%', 'share unknown'),
                                  coalesce(e ->> 'writes_day', 'unknown'), coalesce((e ->> 'day_percentage') || '%', 'share unknown'),
                                  coalesce(e ->> 'writes_week', 'unknown'), coalesce((e ->> 'week_percentage') || '%', 'share unknown')))
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'hot_spots') WITH ORDINALITY x(e, n)),
            'Hot spots (writes in the last hour)', bars, 'partition_name', 'writes_hour', 'figures') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object('label', to_char((e ->> 'hour')::timestamptz, 'YYYY-MM-DD HH24:00'),
                                                      'figures', coalesce((e ->> 'writes') || ' writes', 'no sample'))
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'writes_per_hour') WITH ORDINALITY x(e, n)
              WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(doc -> 'writes_per_hour') w WHERE w ->> 'writes' IS NOT NULL)),
            format('Writes per hour (%s, time zone %s)', coalesce(doc ->> 'parent_table', 'every set'), current_setting('TimeZone')),
            bars, 'label', 'writes', 'figures') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'share_pct', coalesce(round((e ->> 'share')::numeric * 100, 2) || '%', 'an unknown share'),
                        'expected_pct', coalesce(round((e ->> 'expected_share')::numeric * 100, 2) || '%', 'unknown'),
                        'skew', coalesce(round((e ->> 'skew_factor')::numeric, 2)::text, 'unknown')) ORDER BY n)
               FROM jsonb_array_elements(doc -> 'skew') WITH ORDINALITY x(e, n)),
            'Skewed partitions', '%s: %s of the rows against %s, skew %s: %s',
            'partition_name', 'share_pct', 'expected_pct', 'skew', 'status') ||
        @extschema@._report_lines((SELECT jsonb_agg(jsonb_build_object('row', e::text)) FROM jsonb_array_elements(doc -> 'heavy_keys') e),
            'Heavy keys', '%s', 'row') || E'\n';
END
$$;
COMMENT ON FUNCTION @extschema@.partition_report(text, regclass, integer, text) IS
'partman_ext: the whole picture in one call: set health summary, alerts, distribution of bucket sets, rows per bucket against the even share, largest partitions, hot spots, writes per hour (last 24 hours), skewed partitions and heavy keys. format ''text'' gives lines for psql with horizontal bar charts, ''json'' one JSON document (cast it to jsonb); parent limits it to one set; top caps the per-partition lists; charset draws the bars with ''unicode'' block characters or ''ascii'' (default: Unicode when the database and client encodings are UTF8). An unknown format or charset raises SQLSTATE 22023.';

-- issue 14: the period of a partition (past / current / future, beyond retention) has one home, the
-- engine (src/engine/periods.cpp), which list_partitions() and _partition_overview() share.
CREATE OR REPLACE FUNCTION @extschema@._partition_periods(parents oid[], holding_rows oid[])
RETURNS TABLE (parent_relid oid, partition_relid oid, period text, beyond_retention boolean)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'partman_partition_periods';
COMMENT ON FUNCTION @extschema@._partition_periods(oid[], oid[]) IS
'partman_ext internal: period (past: upper bound at or before now; future: lower bound after now; current otherwise) and beyond_retention (upper bound at or before now - retention) of each non-default partition of the given registered time and integer sets, computed by the engine (list_partitions shows the same). Time sets: now is partman_ext.clock() in the set''s time zone. Integer sets (no clock, no table scan): now is the lower bound of the highest partition in holding_rows (the partitions whose catalog estimate says they hold rows), or of the lowest partition. A set locked by another session, and bucket sets, have no rows.';
CREATE OR REPLACE FUNCTION @extschema@._partition_overview(parent regclass DEFAULT NULL)
RETURNS SETOF @extschema@._overview_row
LANGUAGE sql STABLE ROWS 1000
    SET jit = off AS $$
    WITH p AS (
        SELECT p.*, c.strategy, c.time_zone, c.max_partition_bytes, c.max_partition_rows,
               b.key_type, b.lower_bound, b.upper_bound, b.lower_time, b.upper_time, b.lower_value, b.upper_value
          FROM @extschema@._partitions(parent) p
          JOIN @extschema@.part_config c ON c.parent_table::oid = p.parent_relid
          LEFT JOIN @extschema@._partition_bounds(parent) b ON b.partition_relid = p.partition_relid
    ), per AS (
        SELECT * FROM @extschema@._partition_periods(
            (SELECT array_agg(DISTINCT p.parent_relid) FROM p),
            (SELECT array_agg(p.partition_relid) FROM p WHERE NOT p.is_default AND coalesce(p.est_rows, 1) > 0))
    )
    SELECT p.parent_relid, p.parent_table, p.strategy, p.partition_relid, p.partition_name, p.is_default,
           p.key_type, p.lower_bound, p.upper_bound, p.lower_time, p.upper_time, p.lower_value, p.upper_value,
           CASE WHEN p.is_default THEN 'default' ELSE per.period END,
           coalesce(per.beyond_retention, false),
           p.est_rows, p.unanalyzed_leaves, p.total_bytes, p.table_bytes, p.index_bytes, p.xid_age,
           p.last_vacuum, p.last_autovacuum, p.last_analyze, p.last_autoanalyze,
           p.max_partition_bytes, p.max_partition_rows, p.time_zone,
           NULL::boolean, NULL::double precision, NULL::double precision, NULL::double precision, NULL::text
      FROM p
      LEFT JOIN per ON per.partition_relid = p.partition_relid
$$;
COMMENT ON FUNCTION @extschema@._partition_overview(regclass) IS
'partman_ext internal: each partition with its figures, bounds, period (current / future / past / default) and whether it is beyond the set''s retention.';
