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

-- Issue 13 (Citus): the figures of a Citus table come from its shards (_citus_stats); the
-- per-partition layer of the monitoring views and activity sampling use them.
CREATE TYPE @extschema@._citus_figures AS (
    relid oid, shards integer, shards_read integer, est_rows bigint, unanalyzed_shards integer,
    heap_bytes bigint, table_bytes bigint, index_bytes bigint, total_bytes bigint,
    n_tup_ins bigint, n_tup_upd bigint, n_tup_del bigint, n_live_tup bigint, n_dead_tup bigint,
    seq_scan bigint, idx_scan bigint,
    last_vacuum timestamptz, last_autovacuum timestamptz,
    last_analyze timestamptz, last_autoanalyze timestamptz, xid_age integer);
COMMENT ON TYPE @extschema@._citus_figures IS
'partman_ext internal: figures of one Citus table summed over its shards (see _citus_stats).';

CREATE FUNCTION @extschema@._citus_stats(relids oid[])
RETURNS SETOF @extschema@._citus_figures
LANGUAGE plpgsql VOLATILE ROWS 10
    SET search_path = pg_catalog, pg_temp SET jit = off AS $$
DECLARE
    nodes text[];
    ports integer[];
    commands text[];
BEGIN
    IF relids IS NULL OR cardinality(relids) = 0
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus') THEN
        RETURN;
    END IF;
    -- Per node: the placements of the shards of the Citus tables among relids.
    SELECT array_agg(n.nodename ORDER BY n.nodename, n.nodeport), array_agg(n.nodeport ORDER BY n.nodename, n.nodeport),
           array_agg(format(
$cmd$SELECT CASE WHEN pg_catalog.set_config('lock_timeout', '1000', true) IS NOT NULL THEN (
WITH s AS (SELECT x.id, c.oid AS rel FROM ROWS FROM (pg_catalog.unnest(%L::pg_catalog.int8[]), pg_catalog.unnest(%L::pg_catalog.text[]), pg_catalog.unnest(%L::pg_catalog.text[])) AS x(id, nsp, name)
            JOIN pg_catalog.pg_namespace n ON n.nspname = x.nsp JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = x.name),
busy AS (SELECT l.relation FROM pg_catalog.pg_locks l WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
          AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())),
r AS (SELECT s.id, c.oid, c.reltuples, c.relpages, c.relfrozenxid,
             c.oid IN (SELECT b.relation FROM busy b) OR EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN busy b ON b.relation = i.indexrelid WHERE i.indrelid = c.oid) AS locked
        FROM s JOIN pg_catalog.pg_class c ON c.oid = s.rel)
SELECT COALESCE(pg_catalog.json_agg(pg_catalog.json_build_array(r.id, r.reltuples, r.relpages,
         CASE WHEN NOT r.locked THEN pg_catalog.pg_relation_size(r.oid) END,
         CASE WHEN NOT r.locked THEN pg_catalog.pg_table_size(r.oid) + pg_catalog.pg_indexes_size(r.oid) END,
         CASE WHEN NOT r.locked THEN pg_catalog.pg_indexes_size(r.oid) END,
         pg_catalog.pg_stat_get_tuples_inserted(r.oid), pg_catalog.pg_stat_get_tuples_updated(r.oid),
         pg_catalog.pg_stat_get_tuples_deleted(r.oid), pg_catalog.pg_stat_get_live_tuples(r.oid),
         pg_catalog.pg_stat_get_dead_tuples(r.oid), pg_catalog.pg_stat_get_numscans(r.oid),
         (SELECT pg_catalog.sum(pg_catalog.pg_stat_get_numscans(i.indexrelid)) FROM pg_catalog.pg_index i WHERE i.indrelid = r.oid),
         pg_catalog.pg_stat_get_last_vacuum_time(r.oid), pg_catalog.pg_stat_get_last_autovacuum_time(r.oid),
         pg_catalog.pg_stat_get_last_analyze_time(r.oid), pg_catalog.pg_stat_get_last_autoanalyze_time(r.oid),
         pg_catalog.age(r.relfrozenxid))), '[]') FROM r) END$cmd$,
               n.ids, n.nsps, n.names) ORDER BY n.nodename, n.nodeport)
      INTO nodes, ports, commands
      FROM (SELECT p.nodename, p.nodeport, array_agg(s.shardid) AS ids, array_agg(ns.nspname::text) AS nsps,
                   array_agg((SELECT i[array_upper(i, 1)] FROM pg_catalog.parse_ident(pg_catalog.shard_name(s.logicalrelid, s.shardid)) i)) AS names
              FROM pg_catalog.pg_dist_shard s
              JOIN pg_catalog.pg_dist_shard_placement p ON p.shardid = s.shardid AND p.shardstate = 1
              JOIN pg_catalog.pg_class r ON r.oid = s.logicalrelid
              JOIN pg_catalog.pg_namespace ns ON ns.oid = r.relnamespace
             WHERE s.logicalrelid::oid = ANY (relids)
             GROUP BY p.nodename, p.nodeport) n;
    IF nodes IS NULL THEN
        RETURN;
    END IF;

    RETURN QUERY
    WITH res AS (
        SELECT w.node_name, w.node_port, w.success, w.result
          FROM pg_catalog.master_run_on_worker(nodes, ports, commands, true) w
    ), placement AS (
        -- One row per shard placement that could be read.
        SELECT (j ->> 0)::bigint AS shardid, row_number() OVER (PARTITION BY (j ->> 0)::bigint
                                                                 ORDER BY res.node_name, res.node_port) AS copy,
               (j ->> 1)::real AS reltuples, (j ->> 2)::integer AS relpages, (j ->> 3)::bigint AS heap_bytes,
               (j ->> 4)::bigint AS total_bytes, (j ->> 5)::bigint AS index_bytes,
               (j ->> 6)::bigint AS ins, (j ->> 7)::bigint AS upd, (j ->> 8)::bigint AS del,
               (j ->> 9)::bigint AS live, (j ->> 10)::bigint AS dead, (j ->> 11)::bigint AS seq,
               (j ->> 12)::bigint AS idx, (j ->> 13)::timestamptz AS vac, (j ->> 14)::timestamptz AS autovac,
               (j ->> 15)::timestamptz AS ana, (j ->> 16)::timestamptz AS autoana, (j ->> 17)::integer AS xid_age
          FROM res CROSS JOIN LATERAL pg_catalog.json_array_elements(CASE WHEN res.success THEN res.result::json END) j
    ), shard AS (
        SELECT s.logicalrelid::oid AS rel, s.shardid AS sid,
               (SELECT count(*) FROM pg_catalog.pg_dist_shard_placement q
                 WHERE q.shardid = s.shardid AND q.shardstate = 1) AS placements,
               p.copy, p.reltuples, p.relpages, p.heap_bytes AS heap, p.total_bytes AS total, p.index_bytes AS idx_bytes,
               p.ins, p.upd, p.del, p.live, p.dead, p.seq, p.idx, p.vac, p.autovac, p.ana, p.autoana, p.xid_age AS age
          FROM pg_catalog.pg_dist_shard s
          LEFT JOIN placement p ON p.shardid = s.shardid
         WHERE s.logicalrelid::oid = ANY (relids)
    ), sized AS (
        -- Bytes of every placement (as citus_total_relation_size adds them); unknown when a
        -- placement could not be read.
        SELECT s.rel, s.sid,
               count(s.copy) = max(s.placements) AND bool_and(s.heap IS NOT NULL) AS complete,
               sum(s.heap) AS heap, sum(s.total - s.idx_bytes) AS tbl, sum(s.idx_bytes) AS idx_bytes, sum(s.total) AS total
          FROM shard s GROUP BY s.rel, s.sid
    ), counted AS (
        -- Rows and counters of one placement per shard (replicas hold the same rows).
        SELECT s.*, @extschema@._row_estimate('r', s.reltuples, s.relpages, s.heap) AS est
          FROM shard s WHERE s.copy IS NULL OR s.copy = 1
    )
    SELECT c.rel, count(*)::integer, (count(*) FILTER (WHERE c.copy IS NOT NULL))::integer,
           CASE WHEN bool_and(c.est IS NOT NULL) THEN sum(c.est)::bigint END,
           (count(*) FILTER (WHERE c.copy IS NOT NULL AND c.est IS NULL))::integer,
           CASE WHEN bool_and(z.complete) THEN sum(z.heap)::bigint END,
           CASE WHEN bool_and(z.complete) THEN sum(z.tbl)::bigint END,
           CASE WHEN bool_and(z.complete) THEN sum(z.idx_bytes)::bigint END,
           CASE WHEN bool_and(z.complete) THEN sum(z.total)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.ins)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.upd)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.del)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.live)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.dead)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.seq)::bigint END,
           CASE WHEN bool_and(c.copy IS NOT NULL) THEN sum(c.idx)::bigint END,
           min(c.vac), min(c.autovac), min(c.ana), min(c.autoana), max(c.age)
      FROM counted c JOIN sized z ON z.rel = c.rel AND z.sid = c.sid
     GROUP BY c.rel;
END
$$;
COMMENT ON FUNCTION @extschema@._citus_stats(oid[]) IS
'partman_ext internal: for each Citus table among relids, figures summed over its shards on the nodes that hold them (one master_run_on_worker command per node): shards, shards read, row estimate (each shard''s reltuples scaled to its current size; NULL while a shard is unanalyzed or unreadable), heap/table/index/total bytes of every placement (as citus_total_relation_size counts them; NULL when one is unreadable), pg_stat counters of one placement per shard (NULL unless every shard was read), oldest vacuum/analyze times, largest xid age. No rows without the citus extension.';

CREATE FUNCTION @extschema@._citus_set_stats(parent regclass DEFAULT NULL)
RETURNS SETOF @extschema@._citus_figures
LANGUAGE plpgsql VOLATILE ROWS 10 AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus') THEN
        RETURN QUERY SELECT * FROM @extschema@._citus_stats(ARRAY(SELECT t.relid FROM @extschema@._partition_tree(parent) t));
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@._citus_set_stats(regclass) IS
'partman_ext internal: _citus_stats() of every partition of the registered sets (or of parent); no rows without the citus extension.';

CREATE OR REPLACE FUNCTION @extschema@._partitions(parent regclass DEFAULT NULL)
RETURNS TABLE (parent_relid oid, parent_table text, partition_relid oid, partition_name text,
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
           format('%I.%I', pn.nspname, pc.relname),
           l.partition_relid,
           format('%I.%I', n.nspname, c.relname),
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
      JOIN pg_catalog.pg_class c ON c.oid = l.partition_relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_class pc ON pc.oid = l.parent_relid
      JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
      LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = l.parent_relid
      LEFT JOIN (SELECT x.indrelid, sum(pg_catalog.pg_stat_get_numscans(x.indexrelid)) AS idx_scan
                   FROM pg_catalog.pg_index x GROUP BY x.indrelid) ix ON ix.indrelid = l.oid
     GROUP BY l.parent_relid, pn.nspname, pc.relname, l.partition_relid, n.nspname, c.relname, pt.partdefid
$$;
COMMENT ON FUNCTION @extschema@._partitions(regclass) IS
'partman_ext internal: one row per partition of the registered sets with row estimate, sizes and pg_stat counters summed over its leaves (catalog and statistics only; a Citus leaf''s figures come from its shards, _citus_stats).';

CREATE OR REPLACE FUNCTION @extschema@._bucket_skew(parent regclass DEFAULT NULL)
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
        -- partition_name is regclass output: matched against the parent's partitions, not looked
        -- up with to_regclass (which needs USAGE on their schema; these figures are everybody's)
        SELECT set_oid, i.inhrelid, s.share, s.expected_share, s.skew_factor, s.z_score, s.status
          FROM @extschema@.analyze_partition_skew(set_oid::regclass, false) s
          LEFT JOIN pg_catalog.pg_inherits i ON i.inhparent = set_oid AND i.inhrelid::regclass::text = s.partition_name;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@._bucket_skew(regclass) IS
'partman_ext internal: analyze_partition_skew() (catalog estimates) for every registered bucket set.';

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

COMMENT ON FUNCTION @extschema@.list_partitions(regclass) IS
'partman_ext: partitions of one parent (registered or not) or of every registered set: bounds from the catalog, est_rows from pg_class.reltuples (NULL = never analyzed), bytes from pg_total_relation_size, status past / current / future / beyond retention / default. For a Citus table est_rows and bytes come from its shards (bytes NULL while a shard cannot be read now; docs/citus.md).';

COMMENT ON FUNCTION @extschema@.analyze_partition_skew(regclass, boolean) IS
'partman_ext: per partition of each bucket set (or of parent): rows (pg_class.reltuples estimate, NULL when never analyzed; exact => true counts with one GROUP BY tableoid scan), bytes (pg_total_relation_size), share of the set''s rows, expected share 1/N, skew factor (share - 1/N)/(1/N), z-score against binomial noise sqrt(n p (1-p)), and status HEALTHY / WARNING / REBALANCE_RECOMMENDED / CRITICAL (|skew| >= the set''s thresholds, default 0.3/0.4/0.5, and beyond noise) or INSUFFICIENT_DATA (fewer than 30 rows per bucket expected, or counts unknown). A DEFAULT partition is listed with expected share 0 and is CRITICAL when it holds rows. For a Citus set rows and bytes come from the shards, and exact counts scan each partition (tableoid names shards there; docs/citus.md).';

COMMENT ON FUNCTION @extschema@.analyze_partitions(regclass) IS
'partman_ext: ANALYZE every leaf partition of parent now, as its owner, under the set''s lock_timeout. One row per partition: pg_class.reltuples before and after, action (analyzed/skipped on lock timeout/failed), message with SQLSTATE, duration (ms). For a Citus table the row estimates are those of its shards (docs/citus.md).';

