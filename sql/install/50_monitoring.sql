-- Monitoring (issue 4, items 5-8): the per-partition catalog layer every monitoring view is built on,
-- and the statistics views partition_stats, partition_size_distribution, partition_chunk_distribution,
-- partition_metadata, v_partition_sizes, partition_health. See docs/monitoring.md.
--
-- Everything here reads the catalog and the statistics system only (pg_class.reltuples,
-- pg_stat_get_* counters behind pg_stat_user_tables, relation sizes, pg_inherits,
-- pg_partitioned_table.partdefid); no table is scanned. A "partition" is a direct child of a
-- registered parent; when it is itself partitioned, its figures are the sums over its leaves.
-- Bounds come from partman_ext.list_partitions() (the relcache partition descriptor).
-- The helpers carry SET jit = off: the planner's row guesses for catalog functions exceed
-- jit_above_cost, and JIT compilation (about 100 ms) would dwarf queries that take milliseconds.

-- Row estimate of one relation, the way the planner makes it (estimate_rel_size): reltuples per
-- page at the last ANALYZE/VACUUM times the pages the relation has now. 0 when it has no blocks at
-- all (certainly empty, analyzed or not); NULL (unknown) when it was never analyzed, or was empty
-- then and has grown since.
CREATE FUNCTION @extschema@._row_estimate(relkind "char", reltuples real, relpages integer, heap_bytes bigint)
RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN relkind = 'r' AND heap_bytes = 0 THEN 0
                WHEN relkind <> 'r' THEN CASE WHEN reltuples >= 0 THEN reltuples::bigint END
                WHEN reltuples < 0 OR relpages <= 0 THEN NULL
                ELSE round(reltuples::numeric / relpages
                           * (heap_bytes / current_setting('block_size')::bigint))::bigint END
$$;
COMMENT ON FUNCTION @extschema@._row_estimate("char", real, integer, bigint) IS
'partman_ext internal: row estimate of a relation: pg_class.reltuples / relpages scaled to its current size (as the planner does), 0 when it has no blocks, NULL when never analyzed or analyzed while empty.';

-- Every relation below each registered parent, tagged with the direct child (the "partition") it
-- belongs to. One row per partition and per descendant of a partition.
CREATE FUNCTION @extschema@._partition_tree(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, relid oid, depth integer)
LANGUAGE sql STABLE
    SET jit = off AS $$
    WITH RECURSIVE tree AS (
        SELECT c.parent_table::oid AS parent_relid, i.inhrelid AS partition_relid, i.inhrelid AS relid, 1 AS depth
          FROM @extschema@.part_config c
          JOIN pg_catalog.pg_inherits i ON i.inhparent = c.parent_table::oid
         WHERE parent IS NULL OR c.parent_table = parent
        UNION ALL
        SELECT t.parent_relid, t.partition_relid, i.inhrelid, t.depth + 1
          FROM tree t JOIN pg_catalog.pg_inherits i ON i.inhparent = t.relid
    )
    SELECT parent_relid, partition_relid, relid, depth FROM tree
$$;
COMMENT ON FUNCTION @extschema@._partition_tree(regclass) IS
'partman_ext internal: each partition (direct child) of the registered sets and all its descendants, from pg_inherits.';

-- One row per partition with catalog and statistics figures, summed over its leaves.
CREATE FUNCTION @extschema@._partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, parent_table text, partition_relid oid, partition_name text,
               is_default boolean, leaves integer, est_rows bigint, unanalyzed_leaves integer,
               total_bytes bigint, table_bytes bigint, index_bytes bigint,
               n_tup_ins bigint, n_tup_upd bigint, n_tup_del bigint, n_live_tup bigint, n_dead_tup bigint,
               seq_scan bigint, idx_scan bigint,
               last_vacuum timestamptz, last_autovacuum timestamptz,
               last_analyze timestamptz, last_autoanalyze timestamptz, xid_age integer)
LANGUAGE sql STABLE
    SET jit = off AS $$
    WITH leaf AS (
        SELECT t.parent_relid, t.partition_relid, r.oid, r.relkind, r.reltuples, r.relpages, r.relfrozenxid,
               pg_catalog.pg_relation_size(r.oid) AS heap_bytes,
               pg_catalog.pg_total_relation_size(r.oid) AS total_bytes,
               pg_catalog.pg_indexes_size(r.oid) AS index_bytes
          FROM @extschema@._partition_tree(parent) t
          JOIN pg_catalog.pg_class r ON r.oid = t.relid
    )
    SELECT l.parent_relid,
           format('%I.%I', pn.nspname, pc.relname),
           l.partition_relid,
           format('%I.%I', n.nspname, c.relname),
           coalesce(pt.partdefid = l.partition_relid, false),
           (count(*) FILTER (WHERE l.relkind <> 'p'))::integer,
           CASE WHEN bool_and(@extschema@._row_estimate(l.relkind, l.reltuples, l.relpages, l.heap_bytes) IS NOT NULL)
                         FILTER (WHERE l.relkind <> 'p') IS NOT FALSE
                THEN coalesce(sum(@extschema@._row_estimate(l.relkind, l.reltuples, l.relpages, l.heap_bytes))
                                  FILTER (WHERE l.relkind <> 'p'), 0)::bigint END,
           (count(*) FILTER (WHERE l.relkind <> 'p'
                             AND @extschema@._row_estimate(l.relkind, l.reltuples, l.relpages, l.heap_bytes) IS NULL))::integer,
           sum(l.total_bytes)::bigint, sum(l.heap_bytes)::bigint, sum(l.index_bytes)::bigint,
           sum(pg_catalog.pg_stat_get_tuples_inserted(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_tuples_updated(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_tuples_deleted(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_live_tuples(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_dead_tuples(l.oid))::bigint,
           sum(pg_catalog.pg_stat_get_numscans(l.oid))::bigint,
           sum((SELECT sum(pg_catalog.pg_stat_get_numscans(x.indexrelid)) FROM pg_catalog.pg_index x
                 WHERE x.indrelid = l.oid))::bigint,
           min(pg_catalog.pg_stat_get_last_vacuum_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           min(pg_catalog.pg_stat_get_last_autovacuum_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           min(pg_catalog.pg_stat_get_last_analyze_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           min(pg_catalog.pg_stat_get_last_autoanalyze_time(l.oid)) FILTER (WHERE l.relkind <> 'p'),
           max(pg_catalog.age(l.relfrozenxid)) FILTER (WHERE l.relkind IN ('r', 'm', 't'))
      FROM leaf l
      JOIN pg_catalog.pg_class c ON c.oid = l.partition_relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_class pc ON pc.oid = l.parent_relid
      JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
      LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = l.parent_relid
     GROUP BY l.parent_relid, pn.nspname, pc.relname, l.partition_relid, n.nspname, c.relname, pt.partdefid
$$;
COMMENT ON FUNCTION @extschema@._partitions(regclass) IS
'partman_ext internal: one row per partition of the registered sets with row estimate, sizes and pg_stat counters summed over its leaves (catalog and statistics only).';

-- A bound as written by list_partitions -> instant, for time sets (NULL for MINVALUE / MAXVALUE).
-- Like partman_ext's maintenance, timestamp and date bounds are read in the session's time zone.
CREATE FUNCTION @extschema@._bound_time(bound text, keytype regtype)
RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN bound IS NULL OR upper(bound) IN ('MINVALUE', 'MAXVALUE') THEN NULL
                WHEN keytype = 'timestamptz'::regtype THEN bound::timestamptz
                WHEN keytype = 'timestamp'::regtype THEN bound::timestamp::timestamptz
                WHEN keytype = 'date'::regtype THEN bound::date::timestamptz END
$$;
COMMENT ON FUNCTION @extschema@._bound_time(text, regtype) IS
'partman_ext internal: a time-set bound (text from list_partitions) as timestamptz; timestamp and date bounds are read in the session time zone, as maintenance does.';

-- Bounds and status (past / current / future / beyond retention / default / partition / bucket) of
-- every partition of the registered sets, from list_partitions(), with typed copies of the bounds.
-- One set that cannot be read (its parent changed under it) gives a WARNING, not an error.
CREATE FUNCTION @extschema@._partition_bounds(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, key_type regtype, lower_bound text, upper_bound text,
               lower_time timestamptz, upper_time timestamptz, lower_value numeric, upper_value numeric,
               status text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT cf.parent_table, cf.strategy, a.atttypid::regtype AS keytype
          FROM @extschema@.part_config cf
          LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = cf.parent_table AND a.attname = cf.control_column
         WHERE (parent IS NULL OR cf.parent_table = parent)
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = cf.parent_table::oid)
         ORDER BY cf.parent_table::oid
    LOOP
        BEGIN
            RETURN QUERY
            SELECT c.parent_table::oid, to_regclass(l.partition_name)::oid, c.keytype, l.lower_bound, l.upper_bound,
                   CASE WHEN c.strategy = 'time' THEN @extschema@._bound_time(l.lower_bound, c.keytype) END,
                   CASE WHEN c.strategy = 'time' THEN @extschema@._bound_time(l.upper_bound, c.keytype) END,
                   CASE WHEN c.strategy = 'integer' AND l.lower_bound ~ '^-?[0-9]+$' THEN l.lower_bound::numeric END,
                   CASE WHEN c.strategy = 'integer' AND l.upper_bound ~ '^-?[0-9]+$' THEN l.upper_bound::numeric END,
                   l.status
              FROM @extschema@.list_partitions(c.parent_table) l;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'partman_ext: cannot list the partitions of %: %', c.parent_table, SQLERRM;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@._partition_bounds(regclass) IS
'partman_ext internal: bounds and status of each partition from list_partitions() (relcache partition descriptor), with typed copies (timestamptz for time sets, numeric for integer sets) for comparisons.';

-- Per partition: figures, bounds, and where it stands in its set (current / future / past /
-- default; beyond retention). Time sets: list_partitions' status (slots of the set's interval, the
-- same arithmetic maintenance uses). Integer sets have no clock: their "current" partition is the
-- highest one holding rows (catalog estimate), or the lowest when none does. Maintenance drops an
-- integer partition whose upper bound is at most max(control) - retention; without reading the
-- table, max(control) is taken as the current partition's lower bound (a lower limit of it), so a
-- partition reported beyond retention is one maintenance will retire (it may report one late).
CREATE FUNCTION @extschema@._partition_overview(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, parent_table text, strategy text, partition_relid oid, partition_name text,
               is_default boolean, key_type regtype, lower_bound text, upper_bound text, lower_time timestamptz,
               upper_time timestamptz, lower_value numeric, upper_value numeric, period text,
               beyond_retention boolean, est_rows bigint, unanalyzed_leaves integer, total_bytes bigint,
               table_bytes bigint, index_bytes bigint, xid_age integer,
               last_vacuum timestamptz, last_autovacuum timestamptz,
               last_analyze timestamptz, last_autoanalyze timestamptz,
               max_partition_bytes bigint, max_partition_rows bigint, time_zone text)
LANGUAGE sql STABLE
    SET jit = off AS $$
    WITH p AS (
        SELECT p.*, c.strategy, c.retention, c.time_zone, c.max_partition_bytes, c.max_partition_rows,
               b.key_type, b.lower_bound, b.upper_bound, b.lower_time, b.upper_time, b.lower_value, b.upper_value,
               b.status
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
                    CASE p.status WHEN 'beyond retention' THEN 'past'
                                  WHEN 'past' THEN 'past' WHEN 'current' THEN 'current' WHEN 'future' THEN 'future' END
                WHEN p.strategy = 'integer' THEN
                    CASE WHEN p.lower_value = cur.cur_lower THEN 'current'
                         WHEN p.lower_value > cur.cur_lower THEN 'future'
                         WHEN p.lower_value < cur.cur_lower THEN 'past' END
           END,
           CASE WHEN p.is_default THEN false
                WHEN p.strategy = 'time' THEN coalesce(p.status = 'beyond retention', false)
                WHEN p.strategy = 'integer' AND btrim(p.retention) ~ '^[0-9]+$' THEN
                    coalesce(p.upper_value <= cur.cur_lower - btrim(p.retention)::numeric, false)
                ELSE false END,
           p.est_rows, p.unanalyzed_leaves, p.total_bytes, p.table_bytes, p.index_bytes, p.xid_age,
           p.last_vacuum, p.last_autovacuum, p.last_analyze, p.last_autoanalyze,
           p.max_partition_bytes, p.max_partition_rows, p.time_zone
      FROM p
      LEFT JOIN cur ON cur.parent_relid = p.parent_relid
$$;
COMMENT ON FUNCTION @extschema@._partition_overview(regclass) IS
'partman_ext internal: each partition with its figures, bounds, period (current / future / past / default) and whether it is beyond the set''s retention.';

-- Skew of bucket sets, from analyze_partition_skew() (bound at run time).
CREATE FUNCTION @extschema@._bucket_skew(parent regclass DEFAULT NULL)
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
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = c.parent_table::oid)
         ORDER BY 1
    LOOP
        RETURN QUERY
        SELECT set_oid, to_regclass(s.partition_name)::oid, s.share, s.expected_share, s.skew_factor, s.z_score, s.status
          FROM @extschema@.analyze_partition_skew(set_oid::regclass, false) s;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@._bucket_skew(regclass) IS
'partman_ext internal: analyze_partition_skew() (catalog estimates) for every registered bucket set.';
