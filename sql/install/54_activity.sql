-- Activity and hot spots (issue 4, item 5; docs/monitoring.md).
-- The worker's sampling job calls sample_partition_activity() every few minutes; each call stores
-- every partition's cumulative n_tup_ins / n_tup_upd / n_tup_del (pg_stat_user_tables, summed over
-- sub-partitions) and, per sample, a running total of the writes that survives counter resets.
-- partition_hot_spots subtracts running totals: a few index probes per partition, whatever the
-- history kept.

CREATE TABLE @extschema@.partition_activity_samples (
    sampled_at      timestamptz NOT NULL,
    parent_relid    oid NOT NULL,
    partition_relid oid NOT NULL,
    n_tup_ins       bigint NOT NULL,
    n_tup_upd       bigint NOT NULL,
    n_tup_del       bigint NOT NULL,
    writes_total    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (partition_relid, sampled_at)
);
CREATE INDEX ON @extschema@.partition_activity_samples (sampled_at);
COMMENT ON TABLE @extschema@.partition_activity_samples IS
'partman_ext: samples of each partition''s cumulative write counters (n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables) taken by sample_partition_activity(), and writes_total: the writes since the partition''s first sample, counted across counter resets (set by a trigger). Full resolution for 2 hours, one per hour after that, kept for partman_ext.activity_retention (default 8 days).';

-- writes_total = the previous sample's writes_total + the writes since it: the increase of
-- ins + upd + del, or, when the counters went down (pg_stat_reset, crash recovery, a sub-partition
-- dropped), their new value: the writes since the reset. A partition's first sample is its baseline.
CREATE FUNCTION @extschema@._activity_writes_total()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prev record;
    cur bigint := NEW.n_tup_ins + NEW.n_tup_upd + NEW.n_tup_del;
BEGIN
    SELECT s.n_tup_ins + s.n_tup_upd + s.n_tup_del AS counters, s.writes_total INTO prev
      FROM @extschema@.partition_activity_samples s
     WHERE s.partition_relid = NEW.partition_relid AND s.sampled_at < NEW.sampled_at
     ORDER BY s.sampled_at DESC LIMIT 1;
    NEW.writes_total := CASE WHEN prev.counters IS NULL THEN 0
                             WHEN cur >= prev.counters THEN prev.writes_total + cur - prev.counters
                             ELSE prev.writes_total + cur END;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@._activity_writes_total() IS
'partman_ext internal: trigger computing partition_activity_samples.writes_total from the partition''s previous sample (a counter that went down was reset: the writes since are its new value).';
CREATE TRIGGER writes_total BEFORE INSERT OR UPDATE OF n_tup_ins, n_tup_upd, n_tup_del
    ON @extschema@.partition_activity_samples
    FOR EACH ROW EXECUTE FUNCTION @extschema@._activity_writes_total();
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
REVOKE ALL ON FUNCTION @extschema@.sample_partition_activity(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.sample_partition_activity(interval) TO partman_ext_admin;

-- Writes in a window = the latest sample's writes_total minus that of the last sample taken at or
-- before the window began (or of the partition's earliest sample when it is younger): five index
-- probes per partition.
-- (A function without JIT: the estimate of five probes per partition passes jit_above_cost at a
-- few thousand partitions.)
CREATE FUNCTION @extschema@._hot_spots()
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

CREATE VIEW @extschema@.partition_hot_spots AS SELECT * FROM @extschema@._hot_spots();
COMMENT ON VIEW @extschema@.partition_hot_spots IS
'partman_ext: writes (inserted + updated + deleted rows) per partition in the last hour, day and week, counted from the last sample taken before the window began to the latest sample (last_sampled_at; the oldest kept is first_sampled_at) in partition_activity_samples (a counter that went down was reset: counted from its new value), and each partition''s percentage of its set''s writes (NULL when the set had none), against the even share 100 / partitions. NULL without samples.';
GRANT SELECT ON @extschema@.partition_hot_spots TO PUBLIC;
