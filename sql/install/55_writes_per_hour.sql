-- Writes per hour of each set, from the activity samples (issue 12, item 5; docs/monitoring.md).
-- The samples' writes_total is a running total per partition (54_activity.sql): the writes between
-- two samples of a partition are the difference of their running totals, counted in the hour of
-- the later sample. Samples older than 2 hours are thinned to the last one of each hour, so every
-- past hour is exact as of its last sample; the current hour runs to the latest sample.
CREATE FUNCTION @extschema@.partition_writes_per_hour(parent regclass DEFAULT NULL, hours integer DEFAULT 24)
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
