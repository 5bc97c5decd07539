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
CREATE OR REPLACE FUNCTION @extschema@._part_config_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- requested: a run that is going on now may have listed the sets before this one committed.
    UPDATE @extschema@.job j SET next_run = least(j.next_run, @extschema@.clock()), requested = true
    WHERE j.kind = 'maintenance' AND j.enabled
      AND (j.parent_table IS NULL OR j.parent_table = NEW.parent_table);
    PERFORM @extschema@._wake_scheduler();
    RETURN NULL;
END
$$;

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
    SELECT at, t.parent_relid, t.partition_relid,
           sum(pg_catalog.pg_stat_get_tuples_inserted(t.relid)),
           sum(pg_catalog.pg_stat_get_tuples_updated(t.relid)),
           sum(pg_catalog.pg_stat_get_tuples_deleted(t.relid))
      FROM @extschema@._partition_tree(NULL) t
     GROUP BY t.parent_relid, t.partition_relid
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

CREATE OR REPLACE FUNCTION @extschema@._health_alerts(parent regclass, probe_default boolean,
                                           overview @extschema@._overview_row[] DEFAULT NULL)
RETURNS TABLE (severity text, code text, parent_table text, partition_name text, message text,
               recommendation text, parent_relid oid)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    job_parent text;
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
               bool_and(o.lower_bound IS NULL AND o.upper_bound IS NULL) FILTER (WHERE NOT o.is_default) AS unread
          FROM ov o GROUP BY o.parent_relid
    ), sets AS (
        SELECT c.parent_table::oid AS relid, format('%I.%I', n.nspname, r.relname) AS name, c.strategy, c.premake,
               c.retention, c.buckets, c.time_zone, coalesce(a.parts, 0) AS parts,
               coalesce(a.current_parts, 0) AS current_parts, coalesce(a.future_parts, 0) AS future_parts,
               a.covered_until, coalesce(a.has_default, false) AS has_default,
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

    -- Failing jobs of the scheduler (when installed): the latest finished run of a job failed or
    -- was cancelled. A job of one set concerns that set; a job of every set (parent_table NULL)
    -- concerns them all.
    IF to_regclass('@extschema@.job_runs') IS NOT NULL THEN
        job_parent := CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                         WHERE a.attrelid = to_regclass('@extschema@.job_runs')
                                           AND a.attname = 'parent_table' AND NOT a.attisdropped)
                           THEN 'r.parent_table::text' ELSE 'NULL::text' END;
        RETURN QUERY EXECUTE format($q$
            WITH runs AS (
                SELECT r.job_id, r.kind, r.started_at, r.status, r.sqlstate, r.message,
                       to_regclass(%s)::oid AS set_oid,
                       row_number() OVER (PARTITION BY r.job_id ORDER BY r.started_at DESC) AS rn
                  FROM @extschema@.job_runs r
                 WHERE r.status IN ('succeeded', 'failed', 'cancelled')
            ), last AS (
                SELECT r.*, (SELECT count(*) FROM runs f
                              WHERE f.job_id = r.job_id AND f.status <> 'succeeded'
                                AND f.started_at > coalesce((SELECT max(ok.started_at) FROM runs ok
                                                              WHERE ok.job_id = r.job_id AND ok.status = 'succeeded'),
                                                            '-infinity')) AS failures
                  FROM runs r WHERE r.rn = 1 AND r.status <> 'succeeded'
            )
            SELECT CASE WHEN l.kind = 'maintenance' THEN 'critical' ELSE 'warning' END,
                   CASE WHEN l.kind = 'maintenance' THEN 'MAINTENANCE_JOB_FAILING' ELSE 'JOB_FAILING' END,
                   CASE WHEN l.set_oid IS NOT NULL THEN format('%%I.%%I', n.nspname, c.relname) END, NULL::text,
                   format('%%s job %%s%%s: %%s run(s) in a row %%s, the last at %%s: %%s%%s', l.kind, l.job_id,
                          CASE WHEN l.set_oid IS NOT NULL THEN ' of ' || format('%%I.%%I', n.nspname, c.relname) ELSE ' (every set)' END,
                          l.failures, l.status, to_char(l.started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
                          coalesce('[' || l.sqlstate || '] ', ''), coalesce(l.message, 'no message')),
                   'Read the error in partman_ext.job_runs, fix its cause, then run the job''s function by hand to check.'::text,
                   l.set_oid
              FROM last l
              LEFT JOIN pg_catalog.pg_class c ON c.oid = l.set_oid
              LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE $1 IS NULL OR l.set_oid IS NULL OR l.set_oid = $1::oid
             ORDER BY l.job_id
        $q$, job_parent) USING parent;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@._report_document(parent regclass, top integer)
RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    set_name text;
    doc jsonb;
    part jsonb;
BEGIN
    IF parent IS NOT NULL THEN
        SELECT format('%I.%I', n.nspname, r.relname) INTO set_name
          FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE r.oid = parent;
    END IF;

    doc := jsonb_build_object(
        'generated_at', @extschema@.clock(),
        'parent_table', set_name,
        'sets', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.parent_table), '[]')
                   FROM @extschema@.partition_health_summary s
                  WHERE set_name IS NULL OR s.parent_table = set_name),
        'alerts', (SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]')
                     FROM @extschema@.check_partition_health(parent) a),
        'sizes', (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.bytes DESC, v.partition_name), '[]')
                    FROM (SELECT * FROM @extschema@.v_partition_sizes z
                           WHERE set_name IS NULL OR z.parent_table = set_name
                           ORDER BY z.bytes DESC, z.partition_name LIMIT top) v),
        'hot_spots', (SELECT coalesce(jsonb_agg(to_jsonb(h) ORDER BY h.writes_hour DESC, h.writes_day DESC, h.partition_name), '[]')
                        FROM (SELECT * FROM @extschema@.partition_hot_spots z
                               WHERE (set_name IS NULL OR z.parent_table = set_name) AND z.writes_week > 0
                               ORDER BY z.writes_hour DESC, z.writes_day DESC, z.partition_name LIMIT top) h),
        'skew', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'parent_table', o.parent_table, 'partition_name', o.partition_name,
                            'share', s.share, 'expected_share', s.expected_share,
                            'skew_factor', s.skew_factor, 'z_score', s.z_score, 'status', s.status)
                        ORDER BY abs(s.skew_factor) DESC NULLS LAST, o.partition_name), '[]')
                   FROM @extschema@._bucket_skew(parent) s
                   JOIN @extschema@._partitions(parent) o ON o.partition_relid = s.partition_relid
                  WHERE s.status NOT IN ('HEALTHY', 'INSUFFICIENT_DATA')));

    -- The bucket helpers' relations, when installed.
    part := '[]';
    IF to_regclass('@extschema@.partition_distribution') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.parent_table), ''[]'')
                   FROM @extschema@.partition_distribution d WHERE $1 IS NULL OR d.parent_table = $1'
           INTO part USING set_name;
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
COMMENT ON SCHEMA @extschema@ IS
'partman_ext: partition sets managed from inside PostgreSQL: registration, premake, retention, default-partition relocation, routing, skew, monitoring views, health alerts and the scheduler''s jobs. Start with README.md and docs/reference.md.';
COMMENT ON EVENT TRIGGER partman_ext_forget_dropped_sets IS
'partman_ext: on DROP TABLE of a registered parent, removes its partition set from part_config (forget_dropped_sets()); the data was dropped by the user, nothing else is touched.';
COMMENT ON TRIGGER part_config_schedule ON @extschema@.part_config IS
'partman_ext: a set registered or changed (and enabled) makes its maintenance jobs due now and wakes the scheduler (_part_config_changed()).';
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
COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts every leaf), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against the key-level noise of uniform hashing sqrt(S2 p (1-p)) with S2 the sum of squared rows per key, and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (deviation not explained by the heaviest keys, beyond the noise limit at a family-wise false-alarm rate of 1/1000, and at least the set''s thresholds, default 0.3/0.4/0.5) or INSUFFICIENT_DATA (fewer than 30 rows per bucket, counts or key sizes unknown). effective_keys = n^2/S2; method says where the key sizes come from (exact, key statistics, sample); heavy_key_rows are the rows of the partition''s keys set aside as heavy. A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows.';

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
COMMENT ON FUNCTION @extschema@.add_job(text, regclass, interval, timestamptz, interval, integer, interval, jsonb, boolean) IS
'partman_ext: adds a job (kind maintenance/analyze/vacuum/statistics for one set or all; health; sampling). schedule_interval NULL runs it once. Defaults: next_run now, max_runtime 1 hour, 3 retries, backoff 1 minute (doubling). Returns the job.';
