-- Activity and hot spots (issue 4, item 5; docs/monitoring.md).
-- The worker's sampling job calls sample_partition_activity() every few minutes; each call stores
-- every partition's cumulative n_tup_ins / n_tup_upd / n_tup_del (pg_stat_user_tables, summed over
-- sub-partitions). partition_hot_spots turns consecutive samples into writes per hour / day / week.

CREATE TABLE @extschema@.partition_activity_samples (
    sampled_at      timestamptz NOT NULL,
    parent_relid    oid NOT NULL,
    partition_relid oid NOT NULL,
    n_tup_ins       bigint NOT NULL,
    n_tup_upd       bigint NOT NULL,
    n_tup_del       bigint NOT NULL,
    PRIMARY KEY (partition_relid, sampled_at)
);
CREATE INDEX ON @extschema@.partition_activity_samples (sampled_at);
COMMENT ON TABLE @extschema@.partition_activity_samples IS
'partman_ext: samples of each partition''s cumulative write counters (n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables) taken by sample_partition_activity(); full resolution for 2 hours, one per hour after that, kept for partman_ext.activity_retention (default 8 days).';
REVOKE ALL ON @extschema@.partition_activity_samples FROM PUBLIC;
GRANT SELECT ON @extschema@.partition_activity_samples TO PUBLIC;
GRANT INSERT, DELETE, UPDATE ON @extschema@.partition_activity_samples TO partman_ext_admin;

CREATE FUNCTION @extschema@.sample_partition_activity(keep interval DEFAULT NULL)
RETURNS TABLE (sampled_at timestamptz, sets integer, partitions integer,
               samples_thinned bigint, samples_pruned bigint, kept_for interval)
LANGUAGE plpgsql VOLATILE
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    at timestamptz := now();
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
COMMENT ON FUNCTION @extschema@.sample_partition_activity(interval) IS
'partman_ext: stores one sample of the cumulative write counters (n_tup_ins/upd/del) of every partition of every registered set, thins samples older than 2 hours to one per hour, deletes samples older than keep (default: setting partman_ext.activity_retention, else 8 days); returns the sample time, sets and partitions sampled, samples thinned and pruned.';
REVOKE ALL ON FUNCTION @extschema@.sample_partition_activity(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.sample_partition_activity(interval) TO partman_ext_admin;

-- Writes between consecutive samples. A counter that went down was reset (pg_stat_reset, crash
-- recovery, a sub-partition dropped): the writes since the reset are the new value itself.
CREATE VIEW @extschema@.partition_hot_spots AS
WITH s AS (
    SELECT x.partition_relid, x.sampled_at,
           x.n_tup_ins + x.n_tup_upd + x.n_tup_del AS total,
           lag(x.n_tup_ins + x.n_tup_upd + x.n_tup_del)
               OVER (PARTITION BY x.partition_relid ORDER BY x.sampled_at) AS prev_total
      FROM @extschema@.partition_activity_samples x
     WHERE x.sampled_at > now() - interval '8 days'
), w AS (
    SELECT s.partition_relid,
           sum(CASE WHEN s.prev_total IS NULL THEN 0
                    WHEN s.total >= s.prev_total THEN s.total - s.prev_total
                    ELSE s.total END) FILTER (WHERE s.sampled_at > now() - interval '1 hour') AS writes_hour,
           sum(CASE WHEN s.prev_total IS NULL THEN 0
                    WHEN s.total >= s.prev_total THEN s.total - s.prev_total
                    ELSE s.total END) FILTER (WHERE s.sampled_at > now() - interval '1 day') AS writes_day,
           sum(CASE WHEN s.prev_total IS NULL THEN 0
                    WHEN s.total >= s.prev_total THEN s.total - s.prev_total
                    ELSE s.total END) FILTER (WHERE s.sampled_at > now() - interval '7 days') AS writes_week,
           count(*) FILTER (WHERE s.sampled_at > now() - interval '7 days') AS samples,
           max(s.sampled_at) AS last_sampled_at
      FROM s
     GROUP BY s.partition_relid
), p AS (
    SELECT t.parent_relid, t.partition_relid,
           format('%I.%I', pn.nspname, pc.relname) AS parent_table,
           format('%I.%I', n.nspname, c.relname) AS partition_name,
           coalesce(pt.partdefid = t.partition_relid, false) AS is_default,
           CASE WHEN w.samples > 0 THEN coalesce(w.writes_hour, 0) END AS writes_hour,
           CASE WHEN w.samples > 0 THEN coalesce(w.writes_day, 0) END AS writes_day,
           CASE WHEN w.samples > 0 THEN w.writes_week END AS writes_week,
           coalesce(w.samples, 0) AS samples, w.last_sampled_at
      FROM @extschema@._partition_tree(NULL) t
      JOIN pg_catalog.pg_class c ON c.oid = t.partition_relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_class pc ON pc.oid = t.parent_relid
      JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
      LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = t.parent_relid
      LEFT JOIN w ON w.partition_relid = t.partition_relid
     WHERE t.depth = 1
)
SELECT p.parent_table, p.partition_name,
       p.writes_hour::bigint, p.writes_day::bigint, p.writes_week::bigint,
       round(100.0 * p.writes_hour / nullif(sum(p.writes_hour) OVER set, 0), 2) AS hour_percentage,
       round(100.0 * p.writes_day / nullif(sum(p.writes_day) OVER set, 0), 2) AS day_percentage,
       round(100.0 * p.writes_week / nullif(sum(p.writes_week) OVER set, 0), 2) AS week_percentage,
       round(100.0 / nullif(count(*) FILTER (WHERE NOT p.is_default) OVER set, 0), 2) AS expected_percentage,
       p.is_default, p.samples::integer, p.last_sampled_at
  FROM p
WINDOW set AS (PARTITION BY p.parent_relid);
COMMENT ON VIEW @extschema@.partition_hot_spots IS
'partman_ext: writes (inserted + updated + deleted rows) per partition in the last hour, day and week, from consecutive samples of the cumulative counters in partition_activity_samples (a counter that went down was reset: counted from its new value), and each partition''s percentage of its set''s writes (NULL when the set had none), against the even share 100 / partitions. As of the latest sample (last_sampled_at).';
GRANT SELECT ON @extschema@.partition_hot_spots TO PUBLIC;
