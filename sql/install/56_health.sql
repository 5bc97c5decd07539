-- Health check and per-set summary (issue 4, items 6-7; docs/monitoring.md lists the alert codes).

-- Does a default partition hold rows? Empty heap: no. probe: EXISTS (SELECT 1 FROM ..), a read of
-- the first live tuple, when the caller may read it and nobody holds a conflicting lock; else the
-- estimate.
CREATE FUNCTION @extschema@._default_has_rows(part regclass, est_rows bigint, heap_bytes bigint, probe boolean)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    found boolean := coalesce(est_rows > 0, heap_bytes > 0);
BEGIN
    IF heap_bytes = 0 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = part) THEN
        RETURN false;
    END IF;
    IF probe AND pg_catalog.has_table_privilege(part, 'SELECT') AND @extschema@._lockable(part)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = part) THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', part) INTO found;
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION @extschema@._default_has_rows(regclass, bigint, bigint, boolean) IS
'partman_ext internal: whether a default partition holds rows: false without blocks; with probe an EXISTS (SELECT 1 ..) read when it is readable at once, else the catalog estimate.';

-- All alerts. probe_default: look into non-empty default partitions (EXISTS .. LIMIT 1) instead
-- of trusting the estimate; the views pass false (catalog only).
CREATE FUNCTION @extschema@._health_alerts(parent regclass, probe_default boolean,
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
COMMENT ON FUNCTION @extschema@._health_alerts(regclass, boolean, @extschema@._overview_row[]) IS
'partman_ext internal: every health alert of one set (or all sets); probe_default looks into non-empty default partitions instead of trusting the catalog estimate; overview: the partitions when already computed.';

CREATE FUNCTION @extschema@.check_partition_health(parent regclass DEFAULT NULL)
RETURNS TABLE (severity text, code text, parent_table text, partition_name text, message text,
               recommendation text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    IF parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'check_partition_health() checks the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL to check every set.';
    END IF;
    RETURN QUERY
    SELECT a.severity, a.code, a.parent_table, a.partition_name, a.message, a.recommendation
      FROM @extschema@._health_alerts(parent, true) a
     ORDER BY CASE a.severity WHEN 'critical' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
              a.parent_table NULLS FIRST, a.code, a.partition_name;
END
$$;
COMMENT ON FUNCTION @extschema@.check_partition_health(regclass) IS
'partman_ext: health alerts of one set (or of all sets with NULL), most severe first: severity (critical / warning / info), a stable code (see docs/monitoring.md), set, partition, message and recommendation. Catalog and statistics only, except a LIMIT 1 probe of non-empty default partitions.';
