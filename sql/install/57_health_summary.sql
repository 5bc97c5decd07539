-- partition_health_summary: one row per set (issue 4, item 6; docs/monitoring.md).

-- The rows of partition_health_summary: the partitions are read once and shared by the alerts and
-- the per-set figures.
CREATE FUNCTION @extschema@._health_summary()
RETURNS TABLE (parent_table text, strategy text, status text, alerts text[], partitions integer,
               future_coverage integer, premake integer, partitions_pending_cleanup integer,
               rows_in_default bigint, total_rows bigint, partitions_unanalyzed integer, total_bytes bigint,
               total_size text, oldest_partition text, newest_partition text, oldest_start timestamptz,
               newest_end timestamptz, max_skew double precision)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    overview @extschema@._overview_row[] := ARRAY(SELECT o FROM @extschema@._partition_overview(NULL) o);
BEGIN
    RETURN QUERY
    WITH ov AS MATERIALIZED (
        SELECT * FROM unnest(overview)
    ), alerts AS (
        SELECT c.parent_table::oid AS parent_relid,
               array_agg(a.severity || ': ' || a.message
                         ORDER BY CASE a.severity WHEN 'critical' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, a.code, a.partition_name) AS alerts,
               bool_or(a.severity = 'critical') AS critical,
               bool_or(a.severity = 'warning') AS warning
          FROM @extschema@.part_config c
          JOIN @extschema@._health_alerts(NULL, false, overview) a
            ON a.parent_relid = c.parent_table::oid OR a.parent_relid IS NULL  -- jobs of every set
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
               max(o.upper_time) FILTER (WHERE NOT o.is_default) AS newest_end
          FROM ov o GROUP BY o.parent_relid
    ), skew AS (
        SELECT s.parent_relid, max(abs(s.skew_factor)) AS max_skew
          FROM @extschema@._bucket_skew(NULL) s GROUP BY s.parent_relid
    )
    SELECT format('%I.%I', n.nspname, r.relname) AS parent_table, c.strategy,
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
           sk.max_skew
      FROM @extschema@.part_config c
      JOIN pg_catalog.pg_class r ON r.oid = c.parent_table::oid
      JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
      LEFT JOIN agg g ON g.parent_relid = c.parent_table::oid
      LEFT JOIN alerts al ON al.parent_relid = c.parent_table::oid
      LEFT JOIN skew sk ON sk.parent_relid = c.parent_table::oid;
END
$$;
COMMENT ON FUNCTION @extschema@._health_summary() IS
'partman_ext internal: the rows of the partition_health_summary view.';

CREATE VIEW @extschema@.partition_health_summary AS SELECT * FROM @extschema@._health_summary();
COMMENT ON VIEW @extschema@.partition_health_summary IS
'partman_ext: one row per set: status (NO_PARTITIONS, CRITICAL, WARNING, CLEANUP_NEEDED, HEALTHY), its alerts (severity: message, from the health check using catalog estimates only), partitions, future_coverage (partitions wholly after now / above the current one; NULL when the set could not be read), premake, partitions pending cleanup (beyond retention), rows in the default partition, total rows (sum of the estimates; NULL while a partition holding data was never analyzed: partitions_unanalyzed counts them), total bytes, oldest and newest partition and the time they span, largest |skew| (bucket sets).';
GRANT SELECT ON @extschema@.partition_health_summary TO PUBLIC;

-- The call form some applications use: SELECT * FROM partman_ext.partition_health_summary();
CREATE FUNCTION @extschema@.partition_health_summary()
RETURNS SETOF @extschema@.partition_health_summary LANGUAGE sql STABLE AS $$
    SELECT * FROM @extschema@.partition_health_summary
$$;
COMMENT ON FUNCTION @extschema@.partition_health_summary() IS
'partman_ext: the rows of the partition_health_summary view, for callers that use the function form.';
