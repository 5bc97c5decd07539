-- partition_health_summary (one row per set) and partition_health (one row per partition): both
-- from the health model of 56_health.sql (issue 4, items 6-7; issue 11, item 6; docs/monitoring.md).

-- The rows of partition_health_summary for every set (or one): the inputs and the alerts are
-- those given (partition_report() passes the ones it shows), else read here once and shared.
CREATE FUNCTION @extschema@._health_summary(parent regclass DEFAULT NULL,
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

CREATE VIEW @extschema@.partition_health_summary AS SELECT * FROM @extschema@._health_summary();
COMMENT ON VIEW @extschema@.partition_health_summary IS
'partman_ext: one row per set (parent_table regclass): status (NO_PARTITIONS, CRITICAL, WARNING, CLEANUP_NEEDED, HEALTHY: the worst severity of its alerts), its alerts (severity: message, exactly the rows check_partition_health returns for it), partitions, future_coverage (partitions wholly after now / above the current one; NULL when the set could not be read), premake, partitions pending cleanup (beyond retention), rows in the default partition (0 when an EXISTS probe finds it empty, else the catalog estimate; NULL when unknown), total rows (sum of the estimates; NULL while a partition holding data was never analyzed: partitions_unanalyzed counts them), total bytes, oldest and newest partition (regclass) and the time they span, largest |skew| (bucket sets, full precision), the default partition (regclass; NULL: none).';
GRANT SELECT ON @extschema@.partition_health_summary TO PUBLIC;

-- The call form some applications use: SELECT * FROM partman_ext.partition_health_summary();
CREATE FUNCTION @extschema@.partition_health_summary()
RETURNS SETOF @extschema@.partition_health_summary LANGUAGE sql STABLE AS $$
    SELECT * FROM @extschema@.partition_health_summary
$$;
COMMENT ON FUNCTION @extschema@.partition_health_summary() IS
'partman_ext: the rows of the partition_health_summary view, for callers that use the function form.';

-- The rows of partition_health: each partition's status is its most important alert of the
-- health model (none: PENDING_CLEANUP when beyond retention, else NORMAL).
CREATE FUNCTION @extschema@._partition_health(parent regclass DEFAULT NULL)
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

CREATE VIEW @extschema@.partition_health AS SELECT * FROM @extschema@._partition_health();
COMMENT ON VIEW @extschema@.partition_health IS
'partman_ext: per-partition status from the health model (the alerts of check_partition_health about that partition): NORMAL, DEFAULT_HAS_ROWS (ROWS_IN_DEFAULT: the default partition holds rows, probed), TOO_LARGE / TOO_MANY_ROWS (above the set''s max_partition_bytes / max_partition_rows), SKEW_WARNING / SKEW_REBALANCE_RECOMMENDED / SKEW_CRITICAL (bucket sets), another alert code naming the partition, PENDING_CLEANUP (beyond retention); with parent_table and partition_name (regclass), period (current / future / past / default), bounds, estimated rows (a default partition: 0 when probed empty), bytes, skew factor (bucket sets, full precision) and the reason (the alert''s message).';
GRANT SELECT ON @extschema@.partition_health TO PUBLIC;
