-- Citus (issue 13; docs/citus.md). On a Citus coordinator the partitions of a distributed parent
-- are empty shells: rows, sizes and write counters live in the shards on the worker nodes. This
-- function reads them there, for the monitoring views (50_monitoring.sql), activity sampling and
-- the C++ side (src/pg/citus.cpp). Citus is optional: nothing here is resolved before it runs, and
-- without the citus extension in this database it returns no rows at once.
--
-- One command per node that holds placements (pg_catalog.master_run_on_worker, the function
-- behind run_command_on_workers / run_command_on_shards), each listing only that node's shards, so
-- a call costs one round trip per node whatever the number of shards. The command runs on new
-- connections: it sees committed catalogs and every block written so far, not the shards a
-- still-open transaction created. A shard that another session (or this transaction) holds in
-- ACCESS EXCLUSIVE mode is not read (its figures are unknown) instead of waiting; a lock_timeout
-- of 1 s bounds the rest. Shards are found by schema and name in the catalog, which needs no
-- privilege on their schema (any user may read every set's figures, as with local sets).
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

-- The same for every partition (and sub-partition) of the registered sets, or of one parent: what
-- the monitoring layer joins (50_monitoring.sql, 54_activity.sql). Without Citus it returns at
-- once, before listing any partition.
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
