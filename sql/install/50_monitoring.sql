-- Monitoring (issue 4, items 5-8): the per-partition catalog layer every monitoring view is built on,
-- and the statistics views partition_stats, partition_size_distribution, partition_chunk_distribution,
-- partition_metadata, v_partition_sizes, partition_health. See docs/monitoring.md.
--
-- Everything here reads the catalog and the statistics system only (pg_class.reltuples,
-- pg_stat_get_* counters behind pg_stat_user_tables, relation sizes, pg_inherits,
-- pg_partitioned_table.partdefid); no table is scanned. A "partition" is a direct child of a
-- registered parent; when it is itself partitioned, its figures are the sums over its leaves.
-- Bounds come from partman_ext.list_partitions() (the relcache partition descriptor).
-- _partitions and _partition_overview run without JIT (SET jit = off, which also keeps them from
-- being inlined): with thousands of partitions the planner's estimates pass jit_above_cost, and
-- compiling (50-100 ms) would cost more than the whole query.

-- Row estimate of one relation, the way the planner makes it (estimate_rel_size): reltuples per
-- page at the last ANALYZE/VACUUM times the pages the relation has now. 0 when it has no blocks at
-- all (certainly empty, analyzed or not); NULL (unknown) when it was never analyzed, or was empty
-- then and has grown since. When its size cannot be read now (locked), reltuples as it is.
CREATE FUNCTION @extschema@._row_estimate(relkind "char", reltuples real, relpages integer, heap_bytes bigint)
RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN relkind <> 'r' OR heap_bytes IS NULL THEN CASE WHEN reltuples >= 0 THEN reltuples::bigint END
                WHEN heap_bytes = 0 THEN 0
                WHEN reltuples < 0 OR relpages <= 0 THEN NULL
                ELSE round(reltuples::numeric / relpages
                           * (heap_bytes / current_setting('block_size')::bigint))::bigint END
$$;
COMMENT ON FUNCTION @extschema@._row_estimate("char", real, integer, bigint) IS
'partman_ext internal: row estimate of a relation: pg_class.reltuples / relpages scaled to its current size (as the planner does), 0 when it has no blocks, NULL when never analyzed or analyzed while empty.';

-- Lock-free reads (src/engine/monitoring.cpp): a relation locked by another session is skipped.
CREATE FUNCTION @extschema@._rel_sizes(relid oid, OUT heap_bytes bigint, OUT total_bytes bigint, OUT index_bytes bigint)
RETURNS record LANGUAGE c VOLATILE STRICT AS 'MODULE_PATHNAME', 'partman_monitoring_rel_sizes';
COMMENT ON FUNCTION @extschema@._rel_sizes(oid) IS
'partman_ext internal: heap (main fork), total and index bytes of a relation (pg_relation_size, pg_total_relation_size, pg_indexes_size); NULLs when another session holds a lock that conflicts with reading it, instead of waiting.';
CREATE FUNCTION @extschema@._lockable(relid oid)
RETURNS boolean LANGUAGE c VOLATILE STRICT AS 'MODULE_PATHNAME', 'partman_monitoring_lockable';
COMMENT ON FUNCTION @extschema@._lockable(oid) IS
'partman_ext internal: takes AccessShareLock on a relation if it is free at once (kept to the end of the transaction) and says whether it could.';

-- Descendants of a partitioned partition (sub-partitions). Not inlined (SET), so that the planner
-- takes its ROWS estimate instead of pg_partition_tree's 1000.
CREATE FUNCTION @extschema@._subpartitions(rel oid)
RETURNS SETOF oid LANGUAGE sql STABLE ROWS 4 SET search_path = pg_catalog AS $$
    SELECT t.relid::oid FROM pg_catalog.pg_partition_tree(rel::regclass) t WHERE t.relid::oid <> rel
$$;
COMMENT ON FUNCTION @extschema@._subpartitions(oid) IS
'partman_ext internal: every relation below a partitioned partition (pg_partition_tree).';

-- Every relation below each registered parent, tagged with the direct child (the "partition") it
-- belongs to: depth 1 is the partition itself, depth 2 any of its sub-partitions.
CREATE FUNCTION @extschema@._partition_tree(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, partition_relid oid, relid oid, depth integer)
LANGUAGE sql STABLE AS $$
    WITH top AS (
        SELECT c.parent_table::oid AS parent_relid, i.inhrelid AS partition_relid, r.relkind
          FROM @extschema@.part_config c
          JOIN pg_catalog.pg_inherits i ON i.inhparent = c.parent_table::oid
          JOIN pg_catalog.pg_class r ON r.oid = i.inhrelid
         WHERE parent IS NULL OR c.parent_table = parent
    )
    SELECT t.parent_relid, t.partition_relid, t.partition_relid, 1 FROM top t
    UNION ALL
    SELECT t.parent_relid, t.partition_relid, d.relid, 2
      FROM top t CROSS JOIN LATERAL @extschema@._subpartitions(t.partition_relid) d(relid)
     WHERE t.relkind = 'p'
$$;
COMMENT ON FUNCTION @extschema@._partition_tree(regclass) IS
'partman_ext internal: each partition (direct child) of the registered sets (depth 1) and all its sub-partitions (depth 2), from pg_inherits.';

-- One row per partition with catalog and statistics figures, summed over its leaves. A leaf that
-- is a Citus table takes every figure from its shards (_citus_set_stats, one call for all of them):
-- the coordinator's own relation is an empty shell.
CREATE FUNCTION @extschema@._partitions(parent regclass DEFAULT NULL)
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

-- Bounds of every partition of the given parents (src/engine/monitoring.cpp: relcache partition
-- descriptor, printed by the key type's output function; MINVALUE / MAXVALUE when open). A parent
-- locked by another session has no rows.
CREATE FUNCTION @extschema@._bounds(parents oid[])
RETURNS TABLE (parent_relid oid, partition_relid oid, is_default boolean, lower_bound text, upper_bound text)
LANGUAGE c STABLE STRICT AS 'MODULE_PATHNAME', 'partman_monitoring_bounds';
COMMENT ON FUNCTION @extschema@._bounds(oid[]) IS
'partman_ext internal: bounds of each partition of the given parents from the relcache partition descriptor (no sizes, unlike list_partitions).';

-- A time-set bound as local time of the set's time zone, the way maintenance counts slots:
-- timestamptz keys converted to that zone; timestamp and date keys hold local values already.
CREATE FUNCTION @extschema@._bound_local(bound text, keytype regtype, time_zone text)
RETURNS timestamp LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN bound IS NULL OR bound IN ('MINVALUE', 'MAXVALUE') THEN NULL
                WHEN keytype = 'timestamptz'::regtype THEN bound::timestamptz AT TIME ZONE time_zone
                WHEN keytype = 'timestamp'::regtype THEN bound::timestamp
                WHEN keytype = 'date'::regtype THEN bound::date::timestamp END
$$;
COMMENT ON FUNCTION @extschema@._bound_local(text, regtype, text) IS
'partman_ext internal: a time-set bound as local time of the set''s time zone (timestamptz keys converted, timestamp and date keys as stored).';

-- Bounds of every partition of the registered sets, typed: local time of the set's time zone, the
-- instant (timestamptz) and "now" in the same local time for time sets; numeric for integer sets.
CREATE FUNCTION @extschema@._partition_bounds(parent regclass DEFAULT NULL)
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
COMMENT ON FUNCTION @extschema@._partition_bounds(regclass) IS
'partman_ext internal: bounds of each partition of the registered sets (relcache partition descriptor), typed for comparisons: local time and timestamptz for time sets, numeric for integer sets.';

-- One partition as the health check sees it (the rows of _partition_overview). A type of its own so
-- that one computation can be handed to several consumers (partition_health_summary).
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

-- Where each partition of the given time and integer sets stands: the engine's rule
-- (src/engine/periods.cpp), the one list_partitions() shows as status. holding_rows: the
-- partitions whose catalog estimate says they hold rows (integer sets: the current partition is
-- the highest of them). Never waits: a set locked by another session has no rows.
CREATE FUNCTION @extschema@._partition_periods(parents oid[], holding_rows oid[])
RETURNS TABLE (parent_relid oid, partition_relid oid, period text, beyond_retention boolean)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'partman_partition_periods';
COMMENT ON FUNCTION @extschema@._partition_periods(oid[], oid[]) IS
'partman_ext internal: period (past: upper bound at or before now; future: lower bound after now; current otherwise) and beyond_retention (upper bound at or before now - retention) of each non-default partition of the given registered time and integer sets, computed by the engine (list_partitions shows the same). Time sets: now is partman_ext.clock() in the set''s time zone. Integer sets (no clock, no table scan): now is the lower bound of the highest partition in holding_rows (the partitions whose catalog estimate says they hold rows), or of the lowest partition. A set locked by another session, and bucket sets, have no rows.';

-- Per partition: figures, bounds, and where it stands in its set (current / future / past /
-- default; beyond retention), the latter from the engine (_partition_periods). Integer sets have
-- no clock: their "current" partition is the highest one holding rows (catalog estimate), or the
-- lowest when none does. Maintenance drops an integer partition whose upper bound is at most
-- max(control) - retention; without reading the table, max(control) is taken as the current
-- partition's lower bound (a lower limit of it), so a partition reported beyond retention is one
-- maintenance will retire (it may be reported one step late).
CREATE FUNCTION @extschema@._partition_overview(parent regclass DEFAULT NULL)
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
