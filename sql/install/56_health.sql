-- The health model (issue 4, items 6-7; issue 11, item 6; docs/monitoring.md, "The health model").
--
-- One set of rules, one set of inputs. _health_overview() reads every input once: the partitions'
-- catalog figures (_partition_overview), what each default partition really holds (_default_content:
-- an EXISTS probe when it can be read at once, else the estimate) and the skew of every bucket
-- (_bucket_skew). _health_alerts() turns those inputs into alerts with the set's thresholds
-- (part_config). Every consumer calls these two: check_partition_health(), the views
-- partition_health_summary and partition_health, partition_report() and the scheduler's health
-- job (through check_partition_health), so they agree on the same inputs.

-- Severity order for sorting: critical first.
CREATE FUNCTION @extschema@._severity_rank(severity text)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE severity WHEN 'critical' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END
$$;
COMMENT ON FUNCTION @extschema@._severity_rank(text) IS
'partman_ext internal: 1 for critical, 2 for warning, 3 for anything else (sort order of alerts).';

-- What a default partition holds. has_rows: false without blocks; else an EXISTS (SELECT 1 ..)
-- read when the caller may read it and nobody holds a conflicting lock; else the estimate says
-- (rows > 0, or bytes when never analyzed). rows: 0 when it holds none, the catalog estimate
-- when it holds some, NULL when that number is unknown (never analyzed since it grew).
CREATE FUNCTION @extschema@._default_content(part regclass, est_rows bigint, heap_bytes bigint,
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

-- The inputs of the health model: each partition of the sets (or of one set) as
-- _partition_overview() reads it, with has_rows and est_rows of a default partition from
-- _default_content() and each bucket's share, expected share, skew factor and skew status.
CREATE FUNCTION @extschema@._health_overview(parent regclass DEFAULT NULL)
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

-- One alert.
CREATE TYPE @extschema@._alert_row AS (
    severity text, code text, parent_table regclass, partition_name regclass, message text, recommendation text);
COMMENT ON TYPE @extschema@._alert_row IS
'partman_ext internal: one health alert (the rows of check_partition_health).';

-- The rules. overview: the inputs when already read (_health_overview), else read here.
CREATE FUNCTION @extschema@._health_alerts(parent regclass, overview @extschema@._overview_row[] DEFAULT NULL)
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

CREATE FUNCTION @extschema@.check_partition_health(parent regclass DEFAULT NULL)
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
